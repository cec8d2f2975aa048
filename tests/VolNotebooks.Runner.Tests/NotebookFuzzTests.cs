using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace VolNotebooks.Runner.Tests;

/// <summary>Fuzzing: whatever bytes a notebook file holds, the parsers give a notebook or a located <see cref="NotebookFormatException"/>.</summary>
public sealed class NotebookFuzzTests
{
    private static byte[] RepositoryFile(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relative);
            if (File.Exists(candidate)) return File.ReadAllBytes(candidate);
        }

        throw new FileNotFoundException(relative);
    }

    private const string Dib = "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"aliases\":[],\"name\":\"csharp\"}]},\"volnb\":{\"cell_timeout\":5}}\n\n"
        + "#!markdown\n\n# Title\n\n#!csharp\n\n// parameters\nvar Quick = false;\n\n#!csharp\n\nConsole.WriteLine(Quick);\n";

    [Fact]
    public void Mutated_real_notebooks_parse_or_throw_a_located_notebook_error()
    {
        var bytes = RepositoryFile("notebooks/01-data-preparation.ipynb");
        Mutations.Fuzz<NotebookFormatException>(bytes, 1500, 1, mutant => NotebookFile.ParseIpynb(Encoding.UTF8.GetString(mutant), "fuzz.ipynb"));
    }

    [Fact]
    public void Mutated_executed_notebooks_with_outputs_parse_or_throw_a_located_notebook_error()
    {
        var cell = new Cell(CellKind.Code, "x") { ExecutionCount = 1 };
        cell.Outputs.AddRange([new StreamOutput("stdout", "a\nb"), new ResultOutput(1, new Dictionary<string, string> { ["text/plain"] = "1" }), new ErrorOutput("E", "m", ["t"])]);
        var bytes = Encoding.UTF8.GetBytes(NotebookFile.ToIpynb(new Notebook([cell, new Cell(CellKind.Markdown, "# t")], [])));
        Mutations.Fuzz<NotebookFormatException>(bytes, 1000, 2, mutant => NotebookFile.ParseIpynb(Encoding.UTF8.GetString(mutant), "fuzz.ipynb"));
    }

    [Fact]
    public void Mutated_dib_notebooks_parse_or_throw_a_located_notebook_error() =>
        Mutations.Fuzz<NotebookFormatException>(Encoding.UTF8.GetBytes(Dib), 1000, 3, mutant => NotebookFile.ParseDib(Encoding.UTF8.GetString(mutant), "fuzz.dib"));

    [Fact]
    public void Random_text_parses_or_throws_a_located_notebook_error_in_both_formats()
    {
        var text = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
            Gen.ArrayOf(Gen.Elements("#!csharp\n", "#!meta\n", "#!markdown\n", "{", "}", "[", "]", "\"cells\":", "\"nbformat\":4", "\"cell_type\":", "\"code\"", ",", "null", "1", "\"x\""))
                .Select(parts => string.Concat(parts)));
        Prop.ForAll(text.ToArbitrary(), s =>
        {
            foreach (var parse in new Action[] { () => NotebookFile.ParseIpynb(s, "fuzz.ipynb"), () => NotebookFile.ParseDib(s, "fuzz.dib") })
            {
                try
                {
                    parse();
                }
                catch (NotebookFormatException e)
                {
                    Assert.StartsWith("fuzz.", e.Message);
                }
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
