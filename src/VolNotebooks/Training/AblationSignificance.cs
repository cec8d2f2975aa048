using VolNotebooks.Evaluation;

namespace VolNotebooks.Training;

/// <summary>The ablation study's significance tests, composed from <c>Evaluation</c>: per ticker, the directional
/// accuracy against 0.5 (exact binomial) and against the majority rule (exact McNemar), Pesaran-Timmermann, and
/// Diebold-Mariano against the best baseline by validation MSE; across tickers, Holm's adjustment.</summary>
/// <remarks>The study's research question compares variants, so <see cref="Pairs"/> tests every pair of variants'
/// seed ensembles with Diebold-Mariano. Losses are squared errors of percent log returns, horizon 1. The baseline is
/// chosen on the validation part, never on the test part the tests use.</remarks>
public static class AblationSignificance
{
    /// <summary>The tests of one forecast of <paramref name="ticker"/>'s test days.</summary>
    /// <param name="ticker">The ticker's shared data (test returns, training returns, baselines).</param>
    /// <param name="forecast">Forecasts of the test days, percent.</param>
    public static AblationTests Test(AblationTicker ticker, double[] forecast)
    {
        ArgumentNullException.ThrowIfNull(ticker);
        ArgumentNullException.ThrowIfNull(forecast);
        var actual = ticker.TestActuals;
        var chance = DirectionTests.AgainstChance(actual, forecast);
        var majority = DirectionTests.AgainstMajorityRule(actual, forecast, ticker.TrainingTargets);
        var oneSign = forecast.All(f => f > 0) || forecast.All(f => f <= 0);
        var (pt, ptP) = oneSign ? (double.NaN, double.NaN) : PesaranTimmermann.Test(actual, forecast);
        var baseline = ticker.BestBaseline;
        var differential = LossFunction.Mse.Series(actual, forecast).Zip(LossFunction.Mse.Series(actual, baseline.Test), (a, b) => a - b).ToArray();
        var (dm, dmP) = differential.Min() == differential.Max() ? (double.NaN, double.NaN) : Dm(differential);
        return new AblationTests(chance.Trials, chance.Hits, chance.PValue, majority.RuleAccuracy, majority.Wins, majority.Losses, majority.PValue, pt, ptP, baseline.Name, dm, dmP);
    }

    /// <summary>Every run's row (one per seed, unadjusted) and every (ticker, variant) seed ensemble's row with Holm's
    /// adjustment across tickers, ticker-major: each ticker's variants, their seeds first and the ensemble last.</summary>
    /// <param name="result">A finished study.</param>
    public static IReadOnlyList<AblationTestRow> Rows(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var ensembles = new Dictionary<(string Ticker, string Variant), (AblationTests Tests, double[] Forecast)>();
        foreach (var t in result.Tickers)
        {
            foreach (var v in result.Variants)
            {
                var forecast = result.Ensemble(t.Ticker, v);
                ensembles[(t.Ticker, v)] = (Test(t, forecast), forecast);
            }
        }

        var holm = new Dictionary<(string Ticker, string Variant), double[]>();
        foreach (var v in result.Variants)
        {
            var tests = result.Tickers.Select(t => ensembles[(t.Ticker, v)].Tests).ToArray();
            var adjusted = new[]
            {
                MultipleTesting.Holm(tests.Select(x => x.BinomialPValue).ToArray()),
                MultipleTesting.Holm(tests.Select(x => x.MajorityPValue).ToArray()),
                MultipleTesting.Holm(tests.Select(x => OneIfUndefined(x.PesaranTimmermannPValue)).ToArray()),
                MultipleTesting.Holm(tests.Select(x => OneIfUndefined(x.DieboldMarianoPValue)).ToArray()),
            };
            for (var i = 0; i < result.Tickers.Count; i++) holm[(result.Tickers[i].Ticker, v)] = [.. adjusted.Select(a => a[i])];
        }

        var rows = new List<AblationTestRow>();
        foreach (var t in result.Tickers)
        {
            foreach (var v in result.Variants)
            {
                foreach (var run in result.RunsOf(t.Ticker, v))
                    rows.Add(new AblationTestRow(t.Ticker, v, run.Seed, run.Mae, run.Rmse, run.DirectionalAccuracy, Test(t, run.TestForecasts), double.NaN, double.NaN, double.NaN, double.NaN));
                var (tests, forecast) = ensembles[(t.Ticker, v)];
                var h = holm[(t.Ticker, v)];
                rows.Add(new AblationTestRow(t.Ticker, v, null, ForecastMetrics.Mae(t.TestActuals, forecast), ForecastMetrics.Rmse(t.TestActuals, forecast),
                    ForecastMetrics.DirectionalAccuracy(t.TestActuals, forecast), tests, h[0], h[1], h[2], h[3]));
            }
        }

        return rows;
    }

    /// <summary>Diebold-Mariano tests of every pair of variants' seed ensembles (in the study's variant order: the later
    /// variant against the earlier, e.g. <c>ohlcv</c> against <c>raw</c>), per ticker, Holm-adjusted across tickers per pair.</summary>
    /// <param name="result">A finished study.</param>
    public static IReadOnlyList<AblationPairTest> Pairs(AblationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var pairs = new List<AblationPairTest>();
        for (var b = 0; b < result.Variants.Count; b++)
        {
            for (var a = b + 1; a < result.Variants.Count; a++)
            {
                var (variant, against) = (result.Variants[a], result.Variants[b]);
                var tests = result.Tickers.Select(t => PairTest(
                    LossFunction.Mse.Series(t.TestActuals, result.Ensemble(t.Ticker, variant)),
                    LossFunction.Mse.Series(t.TestActuals, result.Ensemble(t.Ticker, against)))).ToArray();
                var adjusted = MultipleTesting.Holm(tests.Select(x => x.PValue).ToArray());
                for (var i = 0; i < tests.Length; i++) pairs.Add(new AblationPairTest(result.Tickers[i].Ticker, variant, against, tests[i], adjusted[i]));
            }
        }

        return pairs;
    }

    // Identical losses (two variants that forecast alike) leave the statistic undefined: no evidence either way, p = 1.
    private static DieboldMarianoResult PairTest(double[] lossA, double[] lossB)
    {
        var differential = lossA.Zip(lossB, (a, b) => a - b).ToArray();
        return differential.Min() == differential.Max()
            ? new DieboldMarianoResult(double.NaN, 1, Alternative.TwoSided, differential.Length, 1, differential[0], 0, false)
            : DieboldMariano.Test(differential);
    }

    private static (double Statistic, double PValue) Dm(double[] differential)
    {
        var test = DieboldMariano.Test(differential);
        return (test.Statistic, test.PValue);
    }

    // An undefined test (all forecasts one sign; identical losses) is never significant: it enters Holm as p = 1.
    private static double OneIfUndefined(double p) => double.IsNaN(p) ? 1 : p;
}
