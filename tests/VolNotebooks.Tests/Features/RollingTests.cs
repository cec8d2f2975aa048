using VolNotebooks.Features;

namespace VolNotebooks.Tests.Features;

/// <summary>Rolling statistics against plain per-window loops written here independently (LINQ over each window).</summary>
public sealed class RollingTests
{
    private static double[] Noise(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
    }

    private static double[] Naive(double[] x, int w, Func<double[], double> stat) =>
        Enumerable.Range(0, x.Length).Select(t => t < w - 1 ? double.NaN : stat(x[(t - w + 1)..(t + 1)])).ToArray();

    private static double SampleStd(double[] w) => Math.Sqrt(w.Sum(v => Math.Pow(v - w.Average(), 2)) / (w.Length - 1));

    private static void Close(double[] expected, double[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(actual[i]), $"row {i}: expected NaN, got {actual[i]}");
            else Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"row {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(22)]
    public void Mean_std_max_and_rms_match_per_window_loops(int w)
    {
        var x = Noise(300, w);
        Close(Naive(x, w, v => v.Average()), Rolling.Mean(x, w));
        Close(Naive(x, w, SampleStd), Rolling.StandardDeviation(x, w));
        Close(Naive(x, w, v => v.Max()), Rolling.Max(x, w));
        Close(Naive(x, w, v => Math.Sqrt(v.Average(e => e * e))), Rolling.RootMeanSquare(x, w));
        Close(Naive(x, w, v => (v[^1] - v.Average()) / SampleStd(v)), Rolling.ZScore(x, w));
    }

    [Fact]
    public void Skewness_and_kurtosis_match_the_bias_corrected_formulas()
    {
        // pandas' rolling skew/kurt: adjusted Fisher-Pearson G1 and G2 (closed forms written out here).
        var x = Noise(200, 7);
        const int w = 60;
        static (double M2, double M3, double M4) Moments(double[] v)
        {
            var m = v.Average();
            return (v.Average(e => Math.Pow(e - m, 2)), v.Average(e => Math.Pow(e - m, 3)), v.Average(e => Math.Pow(e - m, 4)));
        }

        Close(Naive(x, w, v =>
        {
            var (m2, m3, _) = Moments(v);
            return Math.Sqrt(w * (w - 1.0)) / (w - 2) * m3 / Math.Pow(m2, 1.5);
        }), Rolling.Skewness(x, w), 1e-10);
        Close(Naive(x, w, v =>
        {
            var (m2, _, m4) = Moments(v);
            return ((w + 1.0) * (m4 / (m2 * m2) - 3) + 6) * (w - 1.0) / ((w - 2.0) * (w - 3.0));
        }), Rolling.ExcessKurtosis(x, w), 1e-10);
    }

    [Fact]
    public void A_nan_poisons_exactly_the_windows_that_contain_it()
    {
        var x = Noise(30, 1);
        x[10] = double.NaN;
        var mean = Rolling.Mean(x, 5);
        for (var t = 0; t < x.Length; t++) Assert.Equal(t < 4 || (t >= 10 && t <= 14), double.IsNaN(mean[t]));
    }

    [Fact]
    public void Lag_and_exponential_mean_follow_their_definitions()
    {
        double[] x = [1, 2, 3, 4];
        Assert.Equal([double.NaN, double.NaN, 1, 2], Rolling.Lag(x, 2));
        // m_0 = x_0, m_t = 0.9 m_(t-1) + 0.1 x_t.
        Close([1, 1.1, 1.29, 1.561], Rolling.ExponentialMean(x, 0.9));
        Close([double.NaN, 2, 2.1], Rolling.ExponentialMean([double.NaN, 2, 3], 0.9));
    }
}
