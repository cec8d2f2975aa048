using VolNotebooks.Charts;

namespace VolNotebooks.Runner.Tests;

/// <summary>Malformed notebooks give one located <see cref="NotebookFormatException"/>, never a stack trace.</summary>
public sealed class NotebookFileTests
{
    private const string Tail = "\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}";

    [Theory]
    [InlineData("{\"cells\":[{\"cell_type\":5,\"source\":\"1\",\"metadata\":{}}]," + Tail, "nb.ipynb: cell 1: field 'cell_type' must be \"code\", \"markdown\" or \"raw\", found number 5")]
    [InlineData("{\"cells\":[{\"cell_type\":\"code\",\"source\":\"1\",\"metadata\":{}},{\"cell_type\":\"heading\",\"source\":\"\",\"metadata\":{}}]," + Tail, "nb.ipynb: cell 2: field 'cell_type' must be")]
    [InlineData("{\"cells\":[{\"cell_type\":\"code\",\"source\":7,\"metadata\":{}}]," + Tail, "nb.ipynb: cell 1: field 'source' must be a string or an array of strings, found number 7")]
    [InlineData("{\"cells\":[{\"cell_type\":\"code\",\"source\":[\"a\",3],\"metadata\":{}}]," + Tail, "nb.ipynb: cell 1: field 'source' line 2 must be a string, found number 3")]
    [InlineData("{\"cells\":[{\"cell_type\":\"code\",\"source\":\"\",\"metadata\":[]}]," + Tail, "nb.ipynb: cell 1: field 'metadata' must be an object, found array []")]
    [InlineData("{\"cells\":[{\"cell_type\":\"code\",\"source\":\"\",\"metadata\":{},\"outputs\":{}}]," + Tail, "nb.ipynb: cell 1: field 'outputs' must be an array, found object {}")]
    [InlineData("{\"cells\":[{\"cell_type\":\"code\",\"source\":\"\",\"metadata\":{\"tags\":\"parameters\"}}]," + Tail, "nb.ipynb: cell 1: field 'metadata.tags' must be an array of strings")]
    [InlineData("{\"cells\":[{\"cell_type\":\"code\",\"source\":\"\",\"metadata\":{\"polyglot_notebook\":{\"kernelName\":1}}}]," + Tail, "nb.ipynb: cell 1: field 'metadata.polyglot_notebook.kernelName' must be a string, found number 1")]
    [InlineData("{\"cells\":[{\"cell_type\":\"code\",\"source\":\"\",\"metadata\":{},\"id\":false}]," + Tail, "nb.ipynb: cell 1: field 'id' must be a string, found boolean false")]
    [InlineData("{\"cells\":[3]," + Tail, "nb.ipynb: cell 1: must be an object, found number 3")]
    [InlineData("{\"cells\":{},\"metadata\":{},\"nbformat\":4}", "nb.ipynb: not an nbformat notebook (field 'cells' must be an array, found object {})")]
    [InlineData("{\"cells\":[],\"metadata\":{},\"nbformat\":3,\"nbformat_minor\":0}", "nb.ipynb: nbformat number 3 is not supported (only nbformat 4)")]
    [InlineData("{\"cells\":[],\"metadata\":{},\"nbformat\":\"4\"}", "nb.ipynb: nbformat string \"4\" is not supported")]
    [InlineData("{\"cells\":[],\"metadata\":{}}", "nb.ipynb: not an nbformat notebook (no 'nbformat' version)")]
    [InlineData("{\"cells\":[],\"metadata\":5,\"nbformat\":4}", "nb.ipynb: field 'metadata' must be an object, found number 5")]
    [InlineData("[1]", "nb.ipynb: not an nbformat notebook (the JSON is array [1], not an object)")]
    [InlineData("{\"cells\":[", "nb.ipynb:1: malformed notebook JSON")]
    public void A_notebook_with_a_wrong_field_type_is_refused_naming_the_cell_and_the_field(string json, string message)
    {
        var e = Assert.Throws<NotebookFormatException>(() => NotebookFile.ParseIpynb(json, "nb.ipynb"));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void A_long_bad_field_is_quoted_to_at_most_80_characters()
    {
        var json = "{\"cells\":[{\"cell_type\":\"" + new string('x', 100_000) + "\",\"source\":\"\",\"metadata\":{}}]," + Tail;
        var e = Assert.Throws<NotebookFormatException>(() => NotebookFile.ParseIpynb(json, "nb.ipynb"));
        Assert.True(e.Message.Length < 250, e.Message);
        Assert.Contains("(100,002 characters)", e.Message);
    }

    [Fact]
    public void A_valid_notebook_of_every_cell_type_still_parses()
    {
        var notebook = NotebookFile.ParseIpynb(
            "{\"cells\":[{\"cell_type\":\"raw\",\"source\":[\"a\\n\",\"b\"],\"metadata\":{}},{\"cell_type\":\"code\",\"execution_count\":null,\"id\":\"c1\","
            + "\"source\":\"1\",\"metadata\":{\"tags\":[\"parameters\"]},\"outputs\":[]}]," + Tail, "nb.ipynb");
        Assert.Equal("a\nb", notebook.Cells[0].Source);
        Assert.True(notebook.Cells[1].IsParameters);
        Assert.Equal("c1", notebook.Cells[1].Id);
    }

    [Theory]
    [InlineData("#!meta\n\n{\"kernelInfo\":\n\n#!csharp\n1", "nb.dib:1: the #!meta cell is not valid JSON")]
    [InlineData("#!csharp\n1\n#!meta\n[1,2]\n", "nb.dib:3: the #!meta cell must hold a JSON object, found array [1,2]")]
    public void A_dib_with_a_broken_meta_cell_is_refused_naming_its_line(string text, string message)
    {
        var e = Assert.Throws<NotebookFormatException>(() => NotebookFile.ParseDib(text, "nb.dib"));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void A_written_notebook_reads_back_with_every_output_and_execution_count()
    {
        var cell = new Cell(CellKind.Code, "x") { ExecutionCount = 3 };
        cell.Outputs.AddRange([
            new StreamOutput("stdout", "a\nb\n"),
            new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = "1\n2", ["text/html"] = "<b>" }),
            new ResultOutput(3, new Dictionary<string, string> { ["text/plain"] = "42" }),
            new ErrorOutput("Boom", "bad", ["l1", "l2"]),
        ]);
        var back = NotebookFile.ParseIpynb(NotebookFile.ToIpynb(new Notebook([cell], [])), "nb.ipynb").Cells.Single();

        Assert.Equal(3, back.ExecutionCount);
        Assert.Equal(("stdout", "a\nb\n"), (((StreamOutput)back.Outputs[0]).Name, ((StreamOutput)back.Outputs[0]).Text));
        Assert.Equal(new Dictionary<string, string> { ["text/plain"] = "1\n2", ["text/html"] = "<b>" }, ((DisplayOutput)back.Outputs[1]).Data);
        Assert.Equal((3, "42"), (((ResultOutput)back.Outputs[2]).ExecutionCount, ((ResultOutput)back.Outputs[2]).Data["text/plain"]));
        var error = (ErrorOutput)back.Outputs[3];
        Assert.Equal(("Boom", "bad"), (error.Name, error.Message));
        Assert.Equal(["l1", "l2"], error.Traceback);
    }

    [Theory]
    [InlineData("{\"output_type\":\"stream\",\"name\":\"stdout\",\"text\":5}", "nb.ipynb: cell 1: output 1: field 'text' must be a string or an array of strings")]
    [InlineData("{\"output_type\":\"widget\"}", "nb.ipynb: cell 1: output 1: field 'output_type' must be")]
    [InlineData("{\"output_type\":\"error\",\"ename\":\"E\",\"evalue\":\"v\",\"traceback\":\"t\"}", "nb.ipynb: cell 1: output 1: field 'traceback' must be an array of strings")]
    [InlineData("{\"output_type\":\"display_data\",\"data\":[]}", "nb.ipynb: cell 1: output 1: field 'data' must be an object")]
    public void A_malformed_output_is_refused_naming_the_cell_and_the_output(string output, string message)
    {
        var json = "{\"cells\":[{\"cell_type\":\"code\",\"source\":\"\",\"metadata\":{},\"outputs\":[" + output + "]}]," + Tail;
        Assert.StartsWith(message, Assert.Throws<NotebookFormatException>(() => NotebookFile.ParseIpynb(json, "nb.ipynb")).Message);
    }

    [Fact]
    public void A_report_of_a_run_that_has_not_reached_every_cell_says_it_is_partial()
    {
        var done = new Cell(CellKind.Code, "1") { ExecutionCount = 1 };
        var pending = new Cell(CellKind.Code, "2");
        var partial = HtmlReport.Render(new NotebookRun(new Notebook([done, pending], []), null, TimeSpan.FromSeconds(1), null), "nb", PlotlySource.Cdn);
        var whole = HtmlReport.Render(new NotebookRun(new Notebook([done], []), null, TimeSpan.FromSeconds(1), null), "nb", PlotlySource.Cdn);

        Assert.Contains("Partial: 1 of 2 code cells ran", partial);
        Assert.DoesNotContain("Executed in", partial);
        Assert.Contains("Executed in 1.0 s.", whole);
    }
}
