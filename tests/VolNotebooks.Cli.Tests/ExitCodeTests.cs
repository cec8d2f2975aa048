namespace VolNotebooks.Cli.Tests;

/// <summary>Exit codes as <see cref="CliApp.RunAsync"/> documents them: 2 for a usage error, 1 for a data error.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("data", "list", "--no-such-option")]
    [InlineData("run", "--param", "NoEquals")]
    [InlineData("run", "--param", "=value")]
    [InlineData("run", "--cell-timeout", "-1")]
    [InlineData("run", "--cell-timeout", "soon")]
    public async Task A_usage_error_exits_2_with_one_line(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(2, code);
        Assert.StartsWith("volnb: ", error);
    }

    [Fact]
    public async Task A_parameter_that_cannot_be_set_is_a_usage_error_naming_it()
    {
        var path = _folder.Write("p.dib", "#!csharp\n\n// parameters\nvar Epochs = 3;\n");
        var (code, _, error) = await CliRunner.RunAsync("run", path, "--param", "Epochs=2.5", "--out", Path.Combine(_folder.Path, "out"));
        Assert.Equal(2, code);
        Assert.Contains("parameter Epochs (int): '2.5' is not valid", error);
    }

    [Fact]
    public async Task Bad_data_and_a_malformed_notebook_exit_1()
    {
        var csv = _folder.Write("bad.csv", "Date,Open,High,Low,Close\n2020-01-02,x,1,1,1\n");
        Assert.Equal(1, (await CliRunner.RunAsync("data", "check", csv)).Code);
        var notebook = _folder.Write("bad.ipynb", "{\"cells\":[{\"cell_type\":5,\"source\":\"1\",\"metadata\":{}}],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}");
        var (code, _, error) = await CliRunner.RunAsync("run", notebook, "--out", Path.Combine(_folder.Path, "out"));
        Assert.Equal(1, code);
        Assert.Contains("bad.ipynb: cell 1: field 'cell_type' must be", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Data_list_loads_the_lowercase_and_caret_files_data_check_accepts()
    {
        _folder.Write("spy.csv", "Date,Open,High,Low,Close,AdjClose,Volume\n2020-01-02,1,2,1,1.5,1.5,10\n");
        _folder.Write("^VIX.csv", "Date,Open,High,Low,Close\n2020-01-02,13,14,12,13.5\n");
        var (code, output, error) = await CliRunner.RunAsync("data", "list", "--data", _folder.Path);
        Assert.True(code == 0, error);
        Assert.Contains("SPY     equity", output);
        Assert.Contains("VIX     index", output);
    }
}
