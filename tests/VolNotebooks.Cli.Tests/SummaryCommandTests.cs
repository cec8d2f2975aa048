namespace VolNotebooks.Cli.Tests;

public sealed class SummaryCommandTests
{
    [Fact]
    public async Task Summary_writes_the_data_summary_and_the_market_features()
    {
        using var folder = new TempFolder();
        var (code, output, error) = await CliRunner.RunAsync("summary", "--out", folder.Path);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("| SPY | equity | 8221 | 1993-01-29 | 2025-09-25 | 0 |", output);
        // SOURCES.md section 3: VVIX misses 9 SPY days; the largest SPY move is +0.1356 on 2008-10-13.
        Assert.Contains("| VVIX | index | 4704 | 2007-01-03 | 2025-09-25 | 9 |", output);
        Assert.Contains("+0.1356 (2008-10-13)", output);

        var csv = File.ReadAllLines(Path.Combine(folder.Path, "data-summary.csv"));
        Assert.Equal(16, csv.Length);
        var features = File.ReadAllLines(Path.Combine(folder.Path, "features-SPY.csv"));
        Assert.StartsWith("Date,rv_1d_lag_1,", features[0]);
        Assert.EndsWith(",rv_fwd_1_ann,rv_fwd_5_ann,rv_fwd_22_ann", features[0]);
        Assert.Equal(4713 + 1, features.Length);
        Assert.True(File.Exists(Path.Combine(folder.Path, "data-summary.md")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }
}
