using Microsoft.DotNet.Interactive.Documents;

namespace VolNotebooks.Kernel.Tests;

/// <summary>How Microsoft.DotNet.Interactive.Documents reads our notebooks, which the conformance run relies on.</summary>
public sealed class NotebookDocumentTests
{
    public static TheoryData<string> Notebooks => NotebookConformanceTests.Notebooks;

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_parameters_cell_is_found_by_its_comment_or_ipynb_tag_and_opens_with_var_Quick_false(string notebook)
    {
        var document = PolyglotKernel.Parse(Path.Combine(Repository.Root, "notebooks", notebook));
        var tagged = Assert.Single(document.Elements, PolyglotKernel.IsParameters);
        Assert.Equal("csharp", tagged.KernelName);
        var lines = tagged.Contents.Split('\n');
        Assert.StartsWith("var Quick = false;", lines.First(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

        // Without its "// parameters" comment an .ipynb cell is still recognized, through the tag in its metadata (a .dib
        // has no cell metadata: its marker is the comment).
        if (notebook.EndsWith(".dib", StringComparison.Ordinal)) return;
        var untagged = new InteractiveDocumentElement(string.Join('\n', lines.Skip(1)), tagged.KernelName) { Metadata = tagged.Metadata };
        Assert.True(PolyglotKernel.IsParameters(untagged));
        Assert.False(PolyglotKernel.IsParameters(new InteractiveDocumentElement(untagged.Contents, tagged.KernelName)));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void A_dib_copy_of_a_notebook_parses_to_the_same_code_cells_with_its_parameters_cell(string notebook)
    {
        var ipynb = PolyglotKernel.Parse(Path.Combine(Repository.Root, "notebooks", notebook));
        using var folder = new TempFolder();
        var dib = Path.Combine(folder.Path, Path.ChangeExtension(notebook, ".dib"));
        File.WriteAllText(dib, CodeSubmission.ToCodeSubmissionContent(ipynb, "\n"));

        var parsed = PolyglotKernel.Parse(dib);
        string[] Code(InteractiveDocument d) => [.. d.Elements.Where(e => e.KernelName != "markdown").Select(e => e.Contents.Trim())];
        Assert.Equal(Code(ipynb), Code(parsed));
        Assert.Single(parsed.Elements, PolyglotKernel.IsParameters);
    }

    [Fact]
    public void Only_chart_sequence_numbers_and_wall_clock_table_cells_are_left_out_of_the_html_comparison()
    {
        const string Table = "<table class=\"vnb-table\"><thead><tr><th>trial</th><th>seconds</th></tr></thead><tbody>"
            + "<tr><td class=\"num\">0</td><td class=\"num\">{0}</td></tr></tbody></table>";
        string Run(string value, string seconds, int sequence) =>
            $"<div id=\"vnb0123456789-{sequence}\"></div>" + Table.Replace("<td class=\"num\">0<", $"<td class=\"num\">{value}<").Replace("{0}", seconds);

        Assert.Equal(NotebookConformanceTests.Comparable(Run("0", "14.51", 1)), NotebookConformanceTests.Comparable(Run("0", "23.23", 7)));
        Assert.NotEqual(NotebookConformanceTests.Comparable(Run("0", "14.51", 1)), NotebookConformanceTests.Comparable(Run("1", "14.51", 1)));
        Assert.NotEqual(
            NotebookConformanceTests.Comparable("<div id=\"vnb0123456789-1\">"),
            NotebookConformanceTests.Comparable("<div id=\"vnbffffffffff-1\">"));
    }
}
