using VolNotebooks.Evaluation;
using VolNotebooks.Reports;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Reports;

public sealed class AblationReportsTests
{
    private const int Days = 250;

    [Fact]
    public void The_conclusion_counts_tickers_significant_after_holm_and_says_the_budget_was_cut()
    {
        // feat forecasts 80% of each return: far more accurate than raw's and ohlcv's zero forecasts on both tickers.
        var result = Study(["KO", "XOM"], [42], (t, v, s, actual) => v == "feat" ? [.. actual.Select(a => 0.8 * a)] : new double[actual.Length]);
        var rows = AblationSignificance.Rows(result);
        var sentences = AblationConclusions.Sentences(result, rows, AblationSignificance.Pairs(result));
        Assert.StartsWith("Budget cut: 2 of 12 tickers, 1 of 5 seeds. ", sentences[0]);
        Assert.Contains(sentences, s => s.StartsWith("feat beats raw on 2 of 2 tickers (KO, XOM) and raw beats feat on 0, at 5% after Holm", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.StartsWith("feat beats its ticker's best baseline", StringComparison.Ordinal) && s.Contains("on 2 of 2 tickers (KO, XOM)", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.StartsWith("ohlcv beats raw on 0 of 2 tickers and raw beats ohlcv on 0", StringComparison.Ordinal)); // identical forecasts
        // AR(1) adds noise to the zero forecast here, so even the zero forecasts of raw and ohlcv beat it on average.
        Assert.Contains(sentences, s => s.StartsWith("raw, ohlcv, feat have a lower mean test RMSE over tickers than the AR(1) baseline", StringComparison.Ordinal));
        Assert.Contains(sentences, s => s.StartsWith("feat: directional accuracy 1.000", StringComparison.Ordinal) && s.Contains("above 0.5 on 2 of 2 tickers", StringComparison.Ordinal));
    }

    [Fact]
    public void A_study_at_full_budget_reports_no_cut()
    {
        var result = Study(AblationStudy.ResearchTickers, [42, 43, 44, 45, 46], (t, v, s, actual) => [.. actual.Select(a => 0.1 * a)]);
        Assert.Null(AblationConclusions.Budget(result));
        var cut = result with { Seeds = [42], Runs = [.. result.Runs.Where(r => r.Seed == 42)] };
        Assert.Equal("Budget cut: 1 of 5 seeds. These numbers check the notebook's mechanics; they are not the study's results.", AblationConclusions.Budget(cut));
    }

    [Fact]
    public void Error_bars_are_the_standard_deviation_across_seeds_of_the_ticker_averaged_metric()
    {
        // Seed 42 forecasts zero, seed 43 half of each return: two different RMSEs per ticker.
        var result = Study(["KO", "XOM"], [42, 43], (t, v, s, actual) => s == 42 ? new double[actual.Length] : [.. actual.Select(a => 0.5 * a)]);
        var perSeed = new ulong[] { 42, 43 }.Select(s => result.Runs.Where(r => r.Variant == "feat" && r.Seed == s).Average(r => r.Rmse)).ToArray();
        var mean = (perSeed[0] + perSeed[1]) / 2;
        var sd = Math.Abs(perSeed[0] - perSeed[1]) / Math.Sqrt(2); // the sample sd of two values
        var figure = AblationReports.MeanMetrics(result);
        var rmse = figure.ToJson()["data"]![1]!;
        var feat = result.Variants.ToList().IndexOf("feat");
        Assert.Equal(mean, rmse["y"]![feat]!.GetValue<double>(), 12);
        Assert.Equal(sd, rmse["error_y"]!["array"]![feat]!.GetValue<double>(), 12);
    }

    [Fact]
    public void Tables_and_files_hold_one_row_per_run_and_per_ensemble_and_one_spec_per_line()
    {
        var result = Study(["KO"], [42, 43], (t, v, s, actual) => [.. actual.Select((a, i) => (0.1 * a) + (s * 1e-4))]);
        var rows = AblationSignificance.Rows(result);
        var table = AblationReports.ResultsTable(rows);
        Assert.Equal(3 * 3, table.Rows.Count); // three variants x (two seeds + the ensemble)
        Assert.Equal("ensemble", table.Rows[2][2]);
        using var folder = new TempFolder();
        var predictions = Path.Combine(folder.Path, "p.csv");
        AblationReports.WritePredictions(result, predictions);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("date,ticker,variant,seed,actual,forecast", lines[0]);
        Assert.Equal(1 + (3 * 3 * Days), lines.Length);
        var specs = Path.Combine(folder.Path, "s.jsonl");
        AblationReports.WriteSpecs(result, specs);
        var parsed = File.ReadAllLines(specs).Select(l => ExperimentSpec.FromJson(l)).ToList();
        Assert.Equal(result.Runs.Select(r => r.Spec), parsed);
    }

    private static AblationResult Study(IReadOnlyList<string> tickers, ulong[] seeds, Func<string, string, ulong, double[], double[]> forecast)
    {
        var shared = tickers.Select((t, k) => Ticker(t, k)).ToList();
        var runs = new List<AblationRun>();
        foreach (var t in shared)
        {
            foreach (var v in AblationStudy.Variants)
            {
                foreach (var s in seeds)
                {
                    var f = forecast(t.Ticker, v, s, t.TestActuals);
                    var spec = AblationStudy.SpecFor(AblationStudy.ResearchSpec, t.Ticker, v, s);
                    runs.Add(new AblationRun(t.Ticker, v, s, spec, new Dictionary<string, double>
                    {
                        ["mae"] = ForecastMetrics.Mae(t.TestActuals, f), ["rmse"] = ForecastMetrics.Rmse(t.TestActuals, f),
                        ["directional_accuracy"] = ForecastMetrics.DirectionalAccuracy(t.TestActuals, f),
                    }, f, new TrainingResult([], 1, 0, "test"), 0));
                }
            }
        }

        return new AblationResult(AblationStudy.Variants, seeds, shared, runs, 0);
    }

    private static AblationTicker Ticker(string name, int k)
    {
        var random = new Random(100 + k);
        var actual = Enumerable.Range(0, Days).Select(_ => random.NextDouble() - 0.5).ToArray();
        var lagged = actual.Prepend(0.0).SkipLast(1).ToArray();
        return new AblationTicker(name, [.. Enumerable.Range(0, Days).Select(i => new DateOnly(2022, 1, 3).AddDays(i))], actual, [0.5, -0.2, 0.1], 100, 20,
        [
            new ReturnBaseline("zero", "0", new Dictionary<string, double>(), [0.0], new double[Days], 0.30),
            new ReturnBaseline("mean", "m", new Dictionary<string, double>(), [0.01], [.. actual.Select(_ => 0.01)], 0.29),
            new ReturnBaseline("ar1", "a", new Dictionary<string, double>(), [0.0], [.. lagged.Select(x => 0.05 * x)], 0.28),
            new ReturnBaseline("ridge", "r", new Dictionary<string, double>(), [0.0], [.. lagged.Select(x => 0.02 * x)], 0.31),
        ]);
    }
}
