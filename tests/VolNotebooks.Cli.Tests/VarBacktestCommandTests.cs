using System.Text.Json.Nodes;
using MathNet.Numerics;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Cli.Tests;

public sealed class VarBacktestCommandTests
{
    // 12 days; 'quiet' is never breached; 'clustered' (-1 minus a small varying amount) is breached on days 2, 3 and 4 in a row.
    private static readonly double[] Returns = [0.5, -2.0, -2.0, -2.0, 0.3, 0.1, -0.2, 0.4, 0.6, -0.1, 0.2, 0.3];

    private static string Csv()
    {
        var lines = new List<string> { "date,quiet,ret,clustered" };
        for (int t = 0; t < Returns.Length; t++)
            lines.Add(FormattableString.Invariant($"2024-01-{t + 2:00},-5,{Returns[t]},{-1 - (0.01 * t * t)}"));
        return string.Join('\n', lines) + "\n";
    }

    private static double ChiSquare1Tail(double x) => SpecialFunctions.Erfc(Math.Sqrt(x / 2));

    [Fact]
    public async Task Json_matches_the_closed_forms_for_a_series_without_breaches_and_one_with_consecutive_breaches()
    {
        using var folder = new TempFolder();
        var path = folder.Write("var.csv", Csv());
        var (code, output, error) = await CliRunner.RunAsync("var-backtest", path, "--returns", "ret", "--level", "0.05", "--json");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("ret", json["returns"]!.GetValue<string>());
        var columns = json["columns"]!.AsObject();
        Assert.Equal(["quiet", "clustered"], columns.Select(p => p.Key));

        // quiet: n = 12, x = 0 -> Kupiec LR = -2 * 12 ln 0.95 (0 ln 0 = 0); no 1 -> ? transition, so LR_ind = 0.
        var quiet = columns["quiet"]!;
        double quietPof = -24 * Math.Log(0.95);
        Assert.Equal(12, quiet["n"]!.GetValue<int>());
        Assert.Equal(0, quiet["breaches"]!.GetValue<int>());
        Assert.Equal(quietPof, quiet["kupiec"]!["lr"]!.GetValue<double>(), 10);
        Assert.Equal(ChiSquare1Tail(quietPof), quiet["kupiec"]!["p_value"]!.GetValue<double>(), 10);
        Assert.Equal(0.0, quiet["independence"]!["lr"]!.GetValue<double>(), 12);
        Assert.Equal(1.0, quiet["independence"]!["p_value"]!.GetValue<double>(), 12);
        Assert.Equal(quietPof, quiet["conditional_coverage"]!["lr"]!.GetValue<double>(), 10);
        Assert.Equal(Math.Exp(-quietPof / 2), quiet["conditional_coverage"]!["p_value"]!.GetValue<double>(), 10);
        // Constant hits and a constant VaR: X has rank 1 and DQ = rows a / (1 - a) with rows = 12 - 4.
        Assert.Equal(8 * 0.05 / 0.95, quiet["dq"]!["stat"]!.GetValue<double>(), 10);
        Assert.Equal("green", quiet["traffic_light"]!.GetValue<string>());

        // clustered: breaches 0 1 1 1 0 0 0 0 0 0 0 0 -> n00 = 7, n01 = 1, n10 = 1, n11 = 2 (by hand).
        var clustered = columns["clustered"]!;
        Assert.Equal(3, clustered["breaches"]!.GetValue<int>());
        double pof = -2 * ((9 * Math.Log(0.95)) + (3 * Math.Log(0.05)) - (9 * Math.Log(0.75)) - (3 * Math.Log(0.25)));
        // Christoffersen: pi = 3/11, pi01 = 1/8, pi11 = 2/3.
        double ind = -2 * ((8 * Math.Log(8.0 / 11)) + (3 * Math.Log(3.0 / 11))
            - (7 * Math.Log(7.0 / 8)) - Math.Log(1.0 / 8) - Math.Log(1.0 / 3) - (2 * Math.Log(2.0 / 3)));
        Assert.Equal(pof, clustered["kupiec"]!["lr"]!.GetValue<double>(), 10);
        Assert.Equal(ind, clustered["independence"]!["lr"]!.GetValue<double>(), 10);
        Assert.Equal(ChiSquare1Tail(ind), clustered["independence"]!["p_value"]!.GetValue<double>(), 10);
        Assert.Equal(pof + ind, clustered["conditional_coverage"]!["lr"]!.GetValue<double>(), 10);
        Assert.Equal(Math.Exp(-(pof + ind) / 2), clustered["conditional_coverage"]!["p_value"]!.GetValue<double>(), 10);
        double[] valueAtRisk = [.. Enumerable.Range(0, 12).Select(t => -1 - (0.01 * t * t))];
        Assert.Equal(VarBacktest.DynamicQuantile(Returns, valueAtRisk, 0.05).Statistic, clustered["dq"]!["stat"]!.GetValue<double>(), 10);
        // Binomial(12, 0.05): P(X <= 2) = 0.9804, P(X <= 3) = 0.9978 -> 3 breaches is yellow (>= 95%, < 99.99%).
        Assert.Equal("yellow", clustered["traffic_light"]!.GetValue<string>());
    }

    [Fact]
    public async Task Table_names_every_column_and_its_zone()
    {
        using var folder = new TempFolder();
        var path = folder.Write("var.csv", Csv());
        var (code, output, error) = await CliRunner.RunAsync("var-backtest", path, "--returns", "ret", "--level", "0.05");
        Assert.True(code == 0, error);
        Assert.Contains("returns 'ret', level 0.05 (95% VaR)", output);
        Assert.Contains("quiet", output);
        Assert.Matches(@"clustered\s+12\s+3\s", output);
        Assert.Contains("yellow", output);
    }

    [Theory]
    [InlineData("ret", "2024-01-04,-5,abc,-1", ":4:3: 'abc' in column 'ret' is not a number")]
    [InlineData("ret", "2024-01-04,-5,0.1,NaN", ":4:4: 'NaN' in column 'clustered' is not finite")]
    [InlineData("ret", "2024-01-04,0.5,0.1,-1", ":4:2: VaR 'quiet' is positive (0.5)")]
    [InlineData("ret", "2024-01-04,-5,0.1", ":4: expected 4 fields")]
    [InlineData("returns", "2024-01-04,-5,0.1,-1", ":1: no column 'returns'; available columns: quiet, ret, clustered")]
    public async Task Bad_input_is_a_located_error_with_exit_code_1(string returnsColumn, string badRow, string message)
    {
        using var folder = new TempFolder();
        var lines = Csv().TrimEnd('\n').Split('\n').ToList();
        lines[3] = badRow;
        var path = folder.Write("bad.csv", string.Join('\n', lines));
        var (code, _, error) = await CliRunner.RunAsync("var-backtest", path, "--returns", returnsColumn);
        Assert.Equal(1, code);
        Assert.Contains(path + message, error);
    }

    [Fact]
    public async Task Too_few_rows_is_a_located_error()
    {
        using var folder = new TempFolder();
        var path = folder.Write("short.csv", string.Join('\n', Csv().Split('\n').Take(6)));
        var (code, _, error) = await CliRunner.RunAsync("var-backtest", path, "--returns", "ret");
        Assert.Equal(1, code);
        Assert.Contains(path + ":6: 5 data rows; the backtests need at least 11", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-0.01")]
    public async Task A_level_outside_zero_one_is_a_usage_error(string level)
    {
        using var folder = new TempFolder();
        var path = folder.Write("var.csv", Csv());
        var (code, _, error) = await CliRunner.RunAsync("var-backtest", path, "--returns", "ret", "--level", level);
        Assert.Equal(2, code);
        Assert.Contains("--level must lie in (0, 1)", error);
    }
}
