using VolNotebooks.Evaluation;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class AblationSignificanceTests
{
    private static readonly double[] Actual = [0.5, -1.2, 0.8, 0.3, -0.4, 1.1, -0.9, 0.2, -0.3, 0.7, -0.6, 0.4];

    // Validation picks "mean" (lower validation MSE) although "zero" is better on the test days.
    private static AblationTicker Ticker(string name = "KO") => new(
        name, [.. Enumerable.Range(0, Actual.Length).Select(i => new DateOnly(2022, 1, 3).AddDays(i))], Actual, [1.0, 2, -1, 0.5, 0.2], 5, 3,
        [
            new ReturnBaseline("zero", "0", new Dictionary<string, double>(), [0, 0, 0], new double[Actual.Length], 0.50),
            new ReturnBaseline("mean", "0.3", new Dictionary<string, double>(), [0.3, 0.3, 0.3], [.. Actual.Select(_ => 0.3)], 0.40),
        ]);

    [Fact]
    public void The_diebold_mariano_test_is_against_the_baseline_best_on_validation_not_on_test()
    {
        double[] forecast = [.. Actual.Select((a, i) => (0.5 * a) + (i % 2 == 0 ? 0.1 : -0.1))];
        var tests = AblationSignificance.Test(Ticker(), forecast);
        Assert.Equal("mean", tests.Baseline);
        var expected = DieboldMariano.Test(LossFunction.Mse.Series(Actual, forecast), LossFunction.Mse.Series(Actual, [.. Actual.Select(_ => 0.3)]));
        Assert.Equal(expected.Statistic, tests.DieboldMariano, 14);
        Assert.Equal(expected.PValue, tests.DieboldMarianoPValue, 14);
        Assert.Equal(DirectionTests.Hits(Actual, forecast), tests.Hits);
        Assert.Equal(PesaranTimmermann.Test(Actual, forecast).PValue, tests.PesaranTimmermannPValue, 14);
    }

    [Fact]
    public void Forecasts_all_of_one_sign_leave_pesaran_timmermann_undefined_and_it_counts_as_p_one_in_holm()
    {
        var tests = AblationSignificance.Test(Ticker(), [.. Actual.Select(_ => 0.05)]);
        Assert.True(double.IsNaN(tests.PesaranTimmermann));
        var result = Result([.. Actual.Select(_ => 0.05)], [.. Actual.Select(a => a * 0.9)]);
        var ensembleRows = AblationSignificance.Rows(result).Where(r => r.Seed is null).ToList();
        Assert.Equal(1.0, ensembleRows.Single(r => r.Ticker == "KO").PesaranTimmermannHolm);
    }

    [Fact]
    public void Ensemble_rows_carry_holm_adjusted_p_values_across_tickers_and_seed_rows_none()
    {
        var result = Result([.. Actual.Select(a => a * 0.2)], [.. Actual.Select((a, i) => i % 3 == 0 ? -a : a)]);
        var rows = AblationSignificance.Rows(result);
        Assert.Equal(4, rows.Count); // two tickers x (one seed + the ensemble)
        Assert.All(rows.Where(r => r.Seed is not null), r => Assert.True(double.IsNaN(r.BinomialHolm)));
        var ensembles = rows.Where(r => r.Seed is null).ToArray();
        var holm = MultipleTesting.Holm(ensembles.Select(r => r.Tests.BinomialPValue).ToArray());
        Assert.Equal(holm, ensembles.Select(r => r.BinomialHolm));
        Assert.Equal(1.0, ensembles[0].DirectionalAccuracy);   // 0.2 x actual always has the right sign
    }

    [Fact]
    public void Pairs_test_the_later_variant_against_the_earlier_with_a_negative_statistic_when_it_is_more_accurate()
    {
        var ticker = Ticker();
        var runs = new[]
        {
            Run("KO", "raw", [.. Actual.Select(_ => 0.0)]),
            Run("KO", "feat", [.. Actual.Select((a, i) => (0.8 * a) + (i % 2 == 0 ? 0.05 : -0.02))]),
        };
        var result = new AblationResult(["raw", "feat"], [42], [ticker], runs, 0);
        var pair = Assert.Single(AblationSignificance.Pairs(result));
        Assert.Equal(("feat", "raw"), (pair.Variant, pair.Against));
        Assert.True(pair.Test.Statistic < 0);
        Assert.Equal(pair.Test.PValue, pair.HolmPValue, 15); // one ticker: nothing to adjust
        Assert.Equal(pair.Test.PValue < 0.05, pair.VariantWins(0.05));
        Assert.False(pair.AgainstWins(0.05));
    }

    private static AblationResult Result(double[] ko, double[] xom) => new(
        ["feat"], [42], [Ticker("KO"), Ticker("XOM")], [Run("KO", "feat", ko), Run("XOM", "feat", xom)], 0);

    private static AblationRun Run(string ticker, string variant, double[] forecast) => new(
        ticker, variant, 42, AblationStudy.ResearchSpec, new Dictionary<string, double>
        {
            ["mae"] = ForecastMetrics.Mae(Actual, forecast), ["rmse"] = ForecastMetrics.Rmse(Actual, forecast),
            ["directional_accuracy"] = ForecastMetrics.DirectionalAccuracy(Actual, forecast),
        }, forecast, new TrainingResult([], 0, 0, "test"), 0);
}
