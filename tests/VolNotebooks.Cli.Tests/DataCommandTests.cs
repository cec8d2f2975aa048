namespace VolNotebooks.Cli.Tests;

public sealed class DataCommandTests
{
    [Fact]
    public async Task Data_list_prints_every_shipped_symbol_with_rows_and_span()
    {
        var (code, output, error) = await CliRunner.RunAsync("data", "list");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("SPY     equity    8221  1993-01-29  2025-09-25", output);
        Assert.Contains("VVIX    index     4704  2007-01-03  2025-09-25", output);
        Assert.Contains("15 symbols in", output);
    }

    [Fact]
    public async Task Data_check_accepts_a_good_file_with_a_one_line_summary()
    {
        using var folder = new TempFolder();
        var path = folder.Write("ABC.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.4,10\n2020-01-03,null,null,null,null,null,null\n");
        var (code, output, _) = await CliRunner.RunAsync("data", "check", path);
        Assert.Equal(0, code);
        Assert.Equal($"{path}: ok, ABC equity, 1 rows 2020-01-02..2020-01-02; skipped 1 Yahoo null row (first 2020-01-03)", output.Trim());
    }

    [Fact]
    public async Task Data_check_exits_1_with_the_located_error()
    {
        using var folder = new TempFolder();
        var path = folder.Write("BAD.csv", "Date,Open,High,Low,Close,AdjClose,Volume\n2020-01-02,1,2,0.5,1.5,1.4,10\n2020-01-03,1,0.4,0.5,1.5,1.4,10\n");
        var (code, output, error) = await CliRunner.RunAsync("data", "check", path);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"volnb: {path}:3:3: High 0.4 is below Low 0.5", error.Trim());
    }

    [Fact]
    public async Task Data_check_enforces_min_rows()
    {
        using var folder = new TempFolder();
        var path = folder.Write("ABC.csv", "Date,Open,High,Low,Close\n2020-01-02,1,2,0.5,1.5\n");
        var (code, _, error) = await CliRunner.RunAsync("data", "check", path, "--min-rows", "61");
        Assert.Equal(1, code);
        Assert.Contains("too short: 1 rows, but at least 61 are needed", error);
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("dta", "lst");
        Assert.Equal(2, code);
        Assert.Contains("volnb --help", error);
    }

    [Fact]
    public async Task Missing_data_folder_is_reported()
    {
        var (code, _, error) = await CliRunner.RunAsync("data", "list", "--data", "/no/such/dir");
        Assert.Equal(1, code);
        Assert.Contains("data folder not found: /no/such/dir", error);
    }

    [Fact]
    public async Task Fetch_failure_keeps_existing_data_and_exits_1()
    {
        // No network in tests: 127.0.0.1:9 (discard port) refuses the connection, so the download fails and the
        // folder stays as it was. The client's retries are covered by the library tests; here only the exit path.
        using var folder = new TempFolder();
        var spy = folder.Write("SPY.csv", "Date,Open,High,Low,Close,AdjClose,Volume\n2020-01-02,1,2,0.5,1.5,1.4,10\n");
        Environment.SetEnvironmentVariable("VOLNB_YAHOO_BASE", "http://127.0.0.1:9/");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("data", "fetch", "SPY", "--from", "2020-01-01", "--to", "2020-02-01", "--data", folder.Path, "--retries", "0");
            Assert.Equal(1, code);
            Assert.Contains("SPY:", error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VOLNB_YAHOO_BASE", null);
        }

        Assert.Equal("Date,Open,High,Low,Close,AdjClose,Volume\n2020-01-02,1,2,0.5,1.5,1.4,10\n", File.ReadAllText(spy));
    }
}
