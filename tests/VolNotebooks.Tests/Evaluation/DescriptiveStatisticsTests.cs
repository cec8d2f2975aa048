using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class DescriptiveStatisticsTests
{
    [Fact]
    public void Moments_and_jarque_bera_match_hand_computation()
    {
        // x = 1, 2, 3, 4, 10: mean 4, deviations -3, -2, -1, 0, 6: m2 = 50/5 = 10, m3 = 180/5 = 36, m4 = 1394/5 = 278.8.
        var s = DescriptiveStatistics.Of([1, 2, 3, 4, 10, double.NaN]);
        Assert.Equal(5, s.Count);
        Assert.Equal(4.0, s.Mean, 14);
        Assert.Equal(Math.Sqrt(50.0 / 4), s.StandardDeviation, 14);
        Assert.Equal(36 / Math.Pow(10, 1.5), s.Skewness, 12);
        Assert.Equal((278.8 / 100) - 3, s.ExcessKurtosis, 12);
        var jb = 5 / 6.0 * ((s.Skewness * s.Skewness) + (s.ExcessKurtosis * s.ExcessKurtosis / 4));
        Assert.Equal(jb, s.JarqueBera, 12);
        Assert.Equal(Math.Exp(-jb / 2), s.JarqueBeraPValue, 12);
    }

    [Fact]
    public void Autocorrelation_matches_the_direct_formula_and_an_ar1_truth()
    {
        double[] x = [1, 3, 2, 5, 4];
        // mean 3; deviations -2, 0, -1, 2, 1; sum of squares 10; lag 1: (0 + 0 - 2 + 2) = 0; lag 2: (2 + 0 - 1) = 1.
        Assert.Equal([0.0, 0.1], Autocorrelation.Compute(x, 2).Select(v => Math.Round(v, 14)));

        // Simulation with known truth: AR(1) with phi = 0.6 has acf(k) = 0.6^k.
        var random = new Random(11);
        var y = new double[200_000];
        for (var t = 1; t < y.Length; t++) y[t] = (0.6 * y[t - 1]) + (random.NextDouble() - 0.5);
        var acf = Autocorrelation.Compute(y, 3);
        for (var k = 1; k <= 3; k++) Assert.Equal(Math.Pow(0.6, k), acf[k - 1], 2);
        Assert.Equal(1.96 / 100, Autocorrelation.ConfidenceBand(10_000), 15);
    }
}
