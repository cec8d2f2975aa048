using VolNotebooks.IO;

namespace VolNotebooks.Runner.Tests;

public sealed class NotebookDibRoundTripTests
{
    private static string Notebooks => FolderSearch.FindAbove("notebooks", d => File.Exists(Path.Combine(d, "05-ablation-study.dib")))
        ?? throw new DirectoryNotFoundException("notebooks/ not found above the test's folder");

    [Fact]
    public void The_ablation_notebook_reads_and_writes_back_to_the_same_dib_text()
    {
        var path = Path.Combine(Notebooks, "05-ablation-study.dib");
        var text = File.ReadAllText(path);
        var notebook = NotebookFile.Read(path);
        Assert.Equal(text, NotebookFile.ToDib(notebook));
        var parameters = Assert.Single(notebook.Cells, c => c.IsParameters);
        Assert.Contains("var Quick = false;", parameters.Source, StringComparison.Ordinal);
        Assert.Equal(CellKind.Markdown, notebook.Cells[0].Kind);
        Assert.True(notebook.CodeCells.Count() >= 15, "small cells, one step each");
    }

    [Fact]
    public void ToDib_keeps_every_cells_kind_language_and_source_for_parse_dib()
    {
        var notebook = NotebookFile.ParseDib("#!markdown\n\n# Title\n\ntext\n\n#!csharp\n\n// parameters\nvar Quick = false;\n\n#!csharp\n\nConsole.WriteLine(1);\n");
        var again = NotebookFile.ParseDib(NotebookFile.ToDib(notebook));
        Assert.Equal(notebook.Cells.Select(c => (c.Kind, c.Language, c.Source)), again.Cells.Select(c => (c.Kind, c.Language, c.Source)));
        Assert.Equal(3, again.Cells.Count);
        Assert.Equal("# Title\n\ntext", again.Cells[0].Source);
    }
}
