using System.Text.Json.Nodes;
using VolNotebooks.Charts;

namespace VolNotebooks.Runner.Tests;

// Cells redirect the process-wide Console.Out: notebooks run one at a time, never beside another test class's.
[Collection(nameof(Console))]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly NotebookFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Runs_a_dib_sharing_state_across_cells_with_stdout_display_and_trailing_result()
    {
        var path = _folder.Dib("a.dib",
            ("markdown", "# Title"),
            ("csharp", "var x = 20;\nConsole.WriteLine(\"hello\");"),
            ("csharp", "display(x + 1);\nx * 2"),
            ("csharp", "Console.Error.WriteLine(\"warn\");\nvar y = x;"));
        var run = await NotebookRunner.RunAsync(path);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var cells = run.Notebook.Cells;
        Assert.Equal(CellKind.Markdown, cells[0].Kind);
        Assert.Equal("hello\n", Assert.IsType<StreamOutput>(Assert.Single(cells[1].Outputs)).Text);
        Assert.Equal("21", Assert.IsType<DisplayOutput>(cells[2].Outputs[0]).Data["text/plain"]);
        var result = Assert.IsType<ResultOutput>(cells[2].Outputs[1]);
        Assert.Equal(("40", 2), (result.Data["text/plain"], result.ExecutionCount));
        Assert.Equal(("stderr", "warn\n"), (((StreamOutput)cells[3].Outputs[0]).Name, ((StreamOutput)cells[3].Outputs[0]).Text));
        Assert.Single(cells[3].Outputs); // a statement ending in ';' has no result
    }

    [Fact]
    public async Task A_cell_captures_what_its_own_code_and_tasks_write_and_nothing_another_thread_writes_meanwhile()
    {
        // The CI failure this pins: an FsCheck property in another class printed "Ok, passed 1000 tests." into a cell.
        var path = _folder.Dib("console.dib",
            ("csharp", "Console.Write(\"cell\");\nawait Task.Run(() => Console.Write(\"+task\"));\nSystem.Threading.Tasks.Parallel.For(0, 2, _ => { });\nawait Task.Delay(300);\nConsole.Error.Write(\"err\");"));
        using var stop = new CancellationTokenSource();
        Thread outsider;
        using (ExecutionContext.SuppressFlow())
        {
            outsider = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Console.Out.Write("outside");
                    Thread.Sleep(5);
                }
            });
            outsider.Start();
        }

        NotebookRun run;
        try
        {
            run = await NotebookRunner.RunAsync(path);
        }
        finally
        {
            await stop.CancelAsync();
            outsider.Join();
        }

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var streams = run.Notebook.Cells[0].Outputs.OfType<StreamOutput>().Select(o => (o.Name, o.Text));
        Assert.Equal([("stdout", "cell+task"), ("stderr", "err")], streams);
    }

    [Fact]
    public async Task References_a_dll_relative_to_the_notebook_and_formats_charts_by_convention()
    {
        var path = _folder.Dib("charts.dib",
            ("csharp", "#r \"lib/VolNotebooks.dll\"\nusing VolNotebooks.Charts;"),
            ("csharp", "var fig = PlotlyChart.Create(Plot.Scatter(new double[] { 1, 2 }, new double[] { 3, 4 }), \"t\");\nfig"));
        var run = await NotebookRunner.RunAsync(path);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var data = Assert.IsType<ResultOutput>(Assert.Single(run.Notebook.Cells[1].Outputs)).Data;
        Assert.Contains("Plotly.newPlot", data["text/html"]);
        Assert.StartsWith("<svg", data["image/svg+xml"]);
        Assert.Equal("PlotlyChart(t, 1 traces)", data["text/plain"]);
    }

    [Fact]
    public async Task A_plotly_net_chart_the_notebook_makes_itself_renders_as_the_workbook_s_html_without_a_cdn_script_tag()
    {
        // Plotly.NET (and its FSharp.Core) come with the library: no #r "nuget:..." cell.
        var path = _folder.Dib("own.dib",
            ("csharp", "#r \"lib/VolNotebooks.dll\"\nusing Plotly.NET;\nusing Plotly.NET.CSharp;"),
            ("csharp", "Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2 }, y: new[] { 3.0, 4 }, Name: \"mine\")"));
        var run = await NotebookRunner.RunAsync(path);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var data = Assert.IsType<ResultOutput>(Assert.Single(run.Notebook.Cells[1].Outputs)).Data;
        Assert.Contains("Plotly.newPlot", data["text/html"]);
        Assert.Contains("<svg", data["text/html"]);
        Assert.DoesNotContain("<script src=", data["text/html"]);
        Assert.Contains("\"name\":\"mine\"", data["text/html"]);
        Assert.StartsWith("<svg", data["image/svg+xml"]);
    }

    [Fact]
    public async Task A_deedle_frame_the_notebook_returns_renders_as_an_html_table()
    {
        var path = _folder.Dib("frame.dib",
            ("csharp", "#r \"lib/VolNotebooks.dll\"\nusing Deedle;"),
            ("csharp", "Frame.FromColumns(new[] { KeyValuePair.Create(\"x\", new Series<DateOnly, double>(new[] { new DateOnly(2020, 1, 2) }, new[] { 1.5 })) })"));
        var run = await NotebookRunner.RunAsync(path);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var data = Assert.IsType<ResultOutput>(Assert.Single(run.Notebook.Cells[1].Outputs)).Data;
        Assert.StartsWith("<table class=\"vnb-table\">", data["text/html"]);
        Assert.Contains("<td>2020-01-02</td>", data["text/html"]);
    }

    [Fact]
    public async Task A_reference_to_the_workbook_library_uses_the_runners_own_build_even_when_the_path_is_missing()
    {
        // As a Release run on a fresh clone: the notebook's Debug path does not exist.
        var path = _folder.Dib("release.dib",
            ("csharp", "#r \"../src/VolNotebooks/bin/Debug/net10.0/VolNotebooks.dll\"\nusing VolNotebooks.Charts;"),
            ("csharp", "typeof(PlotlyChart).Assembly.Location"));
        var run = await NotebookRunner.RunAsync(path);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var data = Assert.Single(run.Notebook.Cells[1].Outputs.OfType<ResultOutput>()).Data;
        Assert.Equal(typeof(PlotlyChart).Assembly.Location, data["text/plain"]);
    }

    [Fact]
    public async Task A_stale_copy_of_the_workbook_library_beside_the_notebook_is_never_loaded()
    {
        // lib/VolNotebooks.dll is a copy; the runner resolves the reference to the assembly it was built with.
        var path = _folder.Dib("stale.dib", ("csharp", "#r \"lib/VolNotebooks.dll\"\ntypeof(VolNotebooks.Charts.PlotlyChart).Assembly.Location"));
        var run = await NotebookRunner.RunAsync(path);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        // Other tests in this process may write to the console meanwhile; the cell's value is its one result output.
        Assert.Equal(typeof(PlotlyChart).Assembly.Location, Assert.Single(run.Notebook.Cells[0].Outputs.OfType<ResultOutput>()).Data["text/plain"]);
    }

    [Fact]
    public async Task Honours_a_formatter_convention_defined_by_any_library()
    {
        // The convention is matched by names only: an attribute class called TypeFormatterSourceAttribute, declared here.
        var path = _folder.Dib("convention.dib", ("csharp", """
            public class TypeFormatterSourceAttribute : Attribute
            {
                public TypeFormatterSourceAttribute(Type t) => FormatterSourceType = t;
                public Type FormatterSourceType { get; }
            }
            public class Shout { public string MimeType => "text/x-shout"; public Type Type => typeof(Money);
                public bool Format(object o, TextWriter w) { w.Write(((Money)o).Amount.ToString("0.00") + "!"); return true; } }
            public class Source { public IEnumerable<object> CreateTypeFormatters() => new object[] { new Shout() }; }
            [TypeFormatterSource(typeof(Source))] public record Money(decimal Amount);
            display(new Money(2.5m));
            """));
        var run = await NotebookRunner.RunAsync(path);

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var data = Assert.IsType<DisplayOutput>(Assert.Single(run.Notebook.Cells[0].Outputs)).Data;
        Assert.Equal("2.50!", data["text/x-shout"]);
        Assert.Equal("Money { Amount = 2.5 }", data["text/plain"]);
    }

    [Fact]
    public async Task Loads_a_csx_file_with_hash_load()
    {
        _folder.Write("helpers.csx", "static int Twice(int v) => 2 * v;");
        var path = _folder.Dib("load.dib", ("csharp", "#load \"helpers.csx\"\nTwice(21)"));
        var run = await NotebookRunner.RunAsync(path);
        Assert.True(run.Succeeded, run.Failure?.ToString());
        Assert.Equal("42", ((ResultOutput)run.Notebook.Cells[0].Outputs[0]).Data["text/plain"]);
    }

    [Fact]
    public async Task A_compile_error_stops_the_run_naming_notebook_cell_and_line_and_keeps_earlier_outputs()
    {
        var path = _folder.Dib("broken.dib",
            ("csharp", "Console.WriteLine(\"ran\");"),
            ("markdown", "text"),
            ("csharp", "var a = 1;\nvar b = a + undefinedName;"),
            ("csharp", "Console.WriteLine(\"never\");"));
        var run = await NotebookRunner.RunAsync(path);

        Assert.False(run.Succeeded);
        Assert.Equal((3, 2), (run.Failure!.Cell, run.Failure.Line));
        Assert.Contains("CS0103", run.Failure.Message);
        Assert.Contains("undefinedName", run.Failure.ToString());
        Assert.StartsWith(path, run.Failure.ToString());
        Assert.Equal("ran\n", ((StreamOutput)run.Notebook.Cells[0].Outputs[0]).Text);
        Assert.IsType<ErrorOutput>(Assert.Single(run.Notebook.Cells[2].Outputs));
        Assert.Empty(run.Notebook.Cells[3].Outputs);
        Assert.Null(run.Notebook.Cells[3].ExecutionCount);
    }

    [Fact]
    public async Task A_runtime_exception_reports_its_line_within_the_cell()
    {
        var path = _folder.Dib("throws.dib", ("csharp", "var n = 1;\nConsole.WriteLine(n);\nthrow new InvalidOperationException(\"boom\");"));
        var run = await NotebookRunner.RunAsync(path);

        Assert.False(run.Succeeded);
        Assert.Equal((1, 3), (run.Failure!.Cell, run.Failure.Line));
        Assert.Equal("System.InvalidOperationException: boom", run.Failure.Message);
        Assert.Equal("1\n", ((StreamOutput)run.Notebook.Cells[0].Outputs[0]).Text); // output before the throw is kept
    }

    [Fact]
    public async Task Parameters_are_injected_after_the_tagged_cell_with_literals_of_the_declared_type()
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(
                Code("var Quick = false;\nvar Ticker = \"SPY\";\nvar Epochs = 50;", "parameters"),
                Code("#!csharp\n$\"{Quick} {Ticker} {Epochs}\"")),
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var path = _folder.Write("p.ipynb", notebook.ToJsonString());
        var run = await NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["Quick"] = "true", ["Ticker"] = "AAPL \"x\"", ["Epochs"] = "3" });

        Assert.True(run.Succeeded, run.Failure?.ToString());
        var injected = run.Notebook.Cells[1];
        Assert.Contains("injected-parameters", injected.Tags);
        Assert.Equal("True AAPL \"x\" 3", ((ResultOutput)run.Notebook.Cells[2].Outputs[0]).Data["text/plain"]);

        var unknown = await Assert.ThrowsAsync<NotebookParameterException>(() => NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["Quik"] = "true" }));
        Assert.Contains("unknown parameter 'Quik'", unknown.Message);
        Assert.Contains("declares Quick, Ticker, Epochs", unknown.Message);
        var typed = await Assert.ThrowsAsync<NotebookParameterException>(() => NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["Epochs"] = "many" }));
        Assert.Contains("parameter Epochs (int): 'many' is not valid: expected a whole number", typed.Message);
    }

    [Fact]
    public async Task The_magic_line_shifts_reported_lines_to_the_cells_own_numbering()
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(Code("#!csharp\nvar ok = 1;\nvar bad = ok.Nope;")),
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var run = await NotebookRunner.RunAsync(_folder.Write("m.ipynb", notebook.ToJsonString()));
        Assert.Equal(3, run.Failure!.Line);
    }

    [Fact]
    public async Task Package_directives_are_refused_with_a_clear_error()
    {
        var run = await NotebookRunner.RunAsync(_folder.Dib("nuget.dib", ("csharp", "#r \"nuget: Deedle\"")));
        Assert.False(run.Succeeded);
        Assert.Contains("not supported here", run.Failure!.Message);
    }

    internal static JsonObject Code(string source, params string[] tags) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["metadata"] = new JsonObject { ["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray()) },
        ["outputs"] = new JsonArray(),
        ["source"] = source,
    };
}
