using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class DieboldMarianoTests
{
    // The series of Fixtures/dm_reference.R, rebuilt from the same closed forms (t = 1..n).
    private static (double[] E1, double[] E2) Forty() => (
        [.. Enumerable.Range(1, 40).Select(t => Math.Sin(1.3 * t) + (0.5 * Math.Cos(0.7 * t)))],
        [.. Enumerable.Range(1, 40).Select(t => (1.1 * Math.Sin((1.3 * t) + 0.4)) + 0.2)]);

    private static (double[] E1, double[] E2) Sixty() => (
        [.. Enumerable.Range(1, 60).Select(t => (0.5 * Math.Sin(0.9 * t)) + (0.3 * Math.Cos(2.1 * t)) + (0.01 * t))],
        [.. Enumerable.Range(1, 60).Select(t => (0.6 * Math.Sin((0.9 * t) + 1)) + (0.2 * Math.Cos(1.7 * t)))]);

    private static double[] Squared(double[] e) => [.. e.Select(v => v * v)];

    [Theory]
    // Printed by Fixtures/dm_reference.R: forecast::dm.test(e1, e2, alternative, h, power = 2), forecast 8.20.
    [InlineData(1, Alternative.TwoSided, -0.257799330583131, 0.797917291548742)]
    [InlineData(1, Alternative.Less, -0.257799330583131, 0.398958645774371)]
    [InlineData(1, Alternative.Greater, -0.257799330583131, 0.601041354225629)]
    [InlineData(3, Alternative.TwoSided, -0.305970031576868, 0.761254850677628)]
    [InlineData(3, Alternative.Less, -0.305970031576868, 0.380627425338814)]
    [InlineData(3, Alternative.Greater, -0.305970031576868, 0.619372574661186)]
    public void Squared_error_test_matches_R_forecast_dm_test(int horizon, Alternative alternative, double statistic, double pValue)
    {
        var (e1, e2) = Forty();
        var result = DieboldMariano.Test(Squared(e1), Squared(e2), horizon, alternative);
        Assert.Equal(statistic, result.Statistic, 12);
        Assert.Equal(pValue, result.PValue, 12);
        Assert.Equal(horizon, result.Horizon);
        Assert.False(result.FellBackToHorizonOne);
    }

    [Fact]
    public void Five_step_test_with_a_clear_difference_matches_R_forecast_dm_test()
    {
        // Fixtures/dm_reference.R, n = 60, h = 5: DM = 4.8648000418478, p = 8.89105308360331e-06.
        var (e1, e2) = Sixty();
        var result = DieboldMariano.Test(Squared(e1), Squared(e2), 5);
        Assert.Equal(4.8648000418478, result.Statistic, 11);
        Assert.Equal(8.89105308360331e-06, result.PValue, 15);
        Assert.Equal(60, result.Observations);
    }

    [Fact]
    public void Long_run_variance_is_gamma0_plus_twice_the_lag_one_autocovariance_over_n_at_horizon_two()
    {
        // d = 1, 2, 4, 3, 5: mean 3, deviations -2, -1, 1, 0, 2; gamma0 = 10/5 = 2; gamma1 = (2 - 1 + 0 + 0)/5 = 0.2.
        double[] d = [1, 2, 4, 3, 5];
        var result = DieboldMariano.Test(d, horizon: 2);
        Assert.Equal((2 + (2 * 0.2)) / 5, result.LongRunVariance, 14);
        // HLN factor at n = 5, h = 2: sqrt((5 + 1 - 4 + 2/5) / 5) = sqrt(0.48), equal to sqrt(V), so DM = mean(d) = 3.
        Assert.Equal(3, result.Statistic, 12);
    }

    [Fact]
    public void Non_positive_long_run_variance_falls_back_to_horizon_one_as_R_does()
    {
        // Alternating d has gamma1 = -gamma0 * (n-1)/n, so gamma0 + 2 gamma1 < 0 at h = 2.
        double[] d = [1, -1, 1, -1, 1, -1, 1, -1, 1, 0];
        var result = DieboldMariano.Test(d, horizon: 2);
        Assert.True(result.FellBackToHorizonOne);
        Assert.Equal(1, result.Horizon);
        Assert.Equal(DieboldMariano.Test(d, horizon: 1).Statistic, result.Statistic, 15);
    }

    [Fact]
    public void A_constant_differential_is_rejected_because_the_statistic_is_undefined()
    {
        Assert.Throws<ArgumentException>(() => DieboldMariano.Test([1.0, 1, 1, 1, 1]));
    }
}
