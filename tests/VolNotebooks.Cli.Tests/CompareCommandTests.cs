using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace VolNotebooks.Cli.Tests;

public sealed class CompareCommandTests
{
    // rv > 0; "good" is rv with a 5% multiplicative wobble; "bad" is 2 rv plus a wave; "flat" is a constant guess.
    private static double Rv(int t) => 1 + (0.5 * Math.Sin(0.4 * t)) + (0.2 * Math.Cos(1.3 * t));

    private static double Good(int t) => Rv(t) * (1 + (0.05 * Math.Sin(1.7 * t)));

    private static double Bad(int t) => (2 * Rv(t)) + (0.3 * Math.Sin(0.9 * t));

    private static double Flat(int t) => 1.0;

    private static string Csv(int rows, Func<int, string, string?>? replace = null)
    {
        var text = new StringBuilder("Date,rv,good,bad,flat\n");
        for (var t = 1; t <= rows; t++)
        {
            string[] cells = [.. new[] { Rv(t), Good(t), Bad(t), Flat(t) }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))];
            string[] names = ["rv", "good", "bad", "flat"];
            for (var c = 0; c < 4; c++) cells[c] = replace?.Invoke(t, names[c]) ?? cells[c];
            text.Append(CultureInfo.InvariantCulture, $"{new DateOnly(2020, 1, 1).AddDays(t):yyyy-MM-dd},{string.Join(',', cells)}\n");
        }

        return text.ToString();
    }

    [Fact]
    public async Task Json_has_the_documented_shape_and_numbers_that_follow_from_the_data()
    {
        using var folder = new TempFolder();
        var path = folder.Write("forecasts.csv", Csv(60));
        var (code, output, error) = await CliRunner.RunAsync("compare", path, "--actual", "rv", "--json", "--seed", "3");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["n", "loss", "models", "dm", "mcs", "mincer_zarnowitz"], json.Select(p => p.Key));
        Assert.Equal(60, json["n"]!.GetValue<int>());
        Assert.Equal("mse", json["loss"]!.GetValue<string>());
        Assert.Equal(["good", "bad", "flat"], json["models"]!.AsObject().Select(p => p.Key));
        // Squared errors by a direct loop over the generating formulas.
        Assert.Equal(Enumerable.Range(1, 60).Average(t => Math.Pow(Rv(t) - Bad(t), 2)), json["models"]!["bad"]!["mean_loss"]!.GetValue<double>(), 12);
        Assert.Equal(Enumerable.Range(1, 60).Average(t => Math.Pow(Rv(t) - Good(t), 2)), json["models"]!["good"]!["mean_loss"]!.GetValue<double>(), 14);

        var dm = json["dm"]!.AsArray();
        Assert.Equal(["good/bad", "good/flat", "bad/flat"], dm.Select(p => $"{p!["a"]}/{p["b"]}"));
        Assert.All(dm, p => Assert.Equal(["a", "b", "stat", "p_value"], p!.AsObject().Select(k => k.Key)));
        Assert.True(dm[0]!["stat"]!.GetValue<double>() < 0, "good has the smaller loss than bad, so the statistic is negative");
        Assert.True(dm[0]!["p_value"]!.GetValue<double>() < 0.001);

        var mcs = json["mcs"]!.AsObject();
        Assert.Equal(["level", "included", "p_values"], mcs.Select(p => p.Key));
        Assert.Equal(0.1, mcs["level"]!.GetValue<double>());
        Assert.Equal(["good"], mcs["included"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(1.0, mcs["p_values"]!["good"]!.GetValue<double>());

        // The regression of rv on bad's column with the documented default lags, max(h - 1, floor(4 (60/100)^(2/9))) = 3.
        var mz = json["mincer_zarnowitz"]!["bad"]!.AsObject();
        Assert.Equal(["alpha", "beta", "r2", "wald_p"], mz.Select(p => p.Key));
        var expected = VolNotebooks.Evaluation.MincerZarnowitz.Fit(
            [.. Enumerable.Range(1, 60).Select(Rv)], [.. Enumerable.Range(1, 60).Select(Bad)], lags: 3);
        Assert.Equal(expected.Alpha, mz["alpha"]!.GetValue<double>(), 14);
        Assert.Equal(expected.Beta, mz["beta"]!.GetValue<double>(), 14);
        Assert.Equal(expected.RSquared, mz["r2"]!.GetValue<double>(), 14);
        Assert.Equal(expected.WaldPValue, mz["wald_p"]!.GetValue<double>(), 14);
        Assert.True(expected.Beta < 0.6, "bad doubles rv, so the slope is near one half");
        // A constant forecast has no Mincer-Zarnowitz slope: its numbers are null, and the rest is still reported.
        Assert.All(json["mincer_zarnowitz"]!["flat"]!.AsObject(), p => Assert.Null(p.Value));
    }

    [Fact]
    public async Task The_same_seed_prints_the_same_result()
    {
        using var folder = new TempFolder();
        var path = folder.Write("forecasts.csv", Csv(45));
        var first = await CliRunner.RunAsync("compare", path, "--actual", "rv", "--json", "--seed", "8", "--loss", "qlike", "--horizon", "2");
        var second = await CliRunner.RunAsync("compare", path, "--actual", "rv", "--json", "--seed", "8", "--loss", "qlike", "--horizon", "2");
        Assert.True(first.Code == 0, first.Error);
        Assert.Equal(first.Output, second.Output);
        Assert.Equal("qlike", JsonNode.Parse(first.Output)!["loss"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_json_it_prints_readable_tables()
    {
        using var folder = new TempFolder();
        var path = folder.Write("forecasts.csv", Csv(40));
        var (code, output, error) = await CliRunner.RunAsync("compare", path, "--actual", "rv");
        Assert.True(code == 0, error);
        Assert.Contains("40 rows, 2020-01-02 to 2020-02-10; realized: rv; loss: mse; horizon 1", output);
        Assert.Contains("mean loss", output);
        Assert.Contains("in 90% MCS", output);
        Assert.Contains("Diebold-Mariano", output);
        Assert.Contains("good      bad", output);
        Assert.Matches(@"flat\s+\S+\s+\S+\s+no\s+-\s+-\s+-\s+-", output);
    }

    [Theory]
    [InlineData("missing", ":1: no column 'vol'; the columns are Date, rv, good, bad, flat")]
    [InlineData("text", ":6:3: 'abc' in column good is not a number")]
    [InlineData("nan", ":8:4: NaN in column bad: every value must be finite")]
    [InlineData("negative", ":11:3: qlike needs positive forecasts, but good is -0.1")]
    [InlineData("short", ": has 20 data rows; a forecast comparison needs at least 30")]
    [InlineData("date", ":3:1: unparsable date '03/01/2020' (expected yyyy-MM-dd)")]
    public async Task Bad_input_is_a_located_error_with_exit_code_1(string problem, string message)
    {
        using var folder = new TempFolder();
        var text = problem switch
        {
            "text" => Csv(40, (t, c) => t == 5 && c == "good" ? "abc" : null),
            "nan" => Csv(40, (t, c) => t == 7 && c == "bad" ? "NaN" : null),
            "negative" => Csv(40, (t, c) => t == 10 && c == "good" ? "-0.1" : null),
            "short" => Csv(20),
            "date" => Csv(40).Replace("2020-01-03,", "03/01/2020,", StringComparison.Ordinal),
            _ => Csv(40),
        };
        var path = folder.Write("forecasts.csv", text);
        var (code, output, error) = await CliRunner.RunAsync("compare", path, "--actual", problem == "missing" ? "vol" : "rv", "--loss", problem == "negative" ? "qlike" : "mse");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"volnb: {path}{message}", error.Trim());
    }

    [Fact]
    public async Task A_missing_file_or_an_unknown_loss_exits_1_and_a_missing_actual_option_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var path = folder.Write("forecasts.csv", Csv(40));
        var missing = await CliRunner.RunAsync("compare", Path.Combine(folder.Path, "none.csv"), "--actual", "rv");
        Assert.Equal(1, missing.Code);
        Assert.Contains("none.csv: file not found", missing.Error);
        var loss = await CliRunner.RunAsync("compare", path, "--actual", "rv", "--loss", "huber");
        Assert.Equal(1, loss.Code);
        Assert.Contains("Unknown loss 'huber'; use one of mse, mae, qlike, qlike-log", loss.Error);
        Assert.Equal(2, (await CliRunner.RunAsync("compare", path)).Code);
    }
}
