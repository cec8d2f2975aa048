using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation.Backtest;

namespace VolNotebooks.Tests.Evaluation.Backtest;

public sealed class SharpeRatioInferenceTests
{
    [Fact]
    public void Jobson_korkie_memmel_matches_its_closed_form_on_a_small_sample()
    {
        // a = 1, 2, 3, 4 (mean 2.5, sd sqrt(5/3)); b = 2, 1, 4, 3 (mean 2.5, sd sqrt(5/3)); covariance (-1.5*-0.5 + -0.5*-1.5
        // + 0.5*1.5 + 1.5*0.5) / 3 = 1, so rho = 0.6. Memmel (2003): V = 2 - 2 rho + (Sa^2 + Sb^2 - 2 Sa Sb rho^2) / 2.
        double[] a = [1, 2, 3, 4], b = [2, 1, 4, 3.0001];
        var test = SharpeRatioInference.JobsonKorkieMemmel(a, b);
        double sa = 2.5 / Math.Sqrt(5.0 / 3);
        double meanB = 10.0001 / 4, sdB = Math.Sqrt(b.Sum(x => (x - meanB) * (x - meanB)) / 3);
        double sb = meanB / sdB;
        double rho = a.Zip(b, (x, y) => (x - 2.5) * (y - meanB)).Sum() / 3 / (Math.Sqrt(5.0 / 3) * sdB);
        Assert.Equal(0.6, rho, 4);
        double v = 2 - (2 * rho) + (0.5 * ((sa * sa) + (sb * sb) - (2 * sa * sb * rho * rho)));
        double z = (sa - sb) / Math.Sqrt(v / 4);
        Assert.Equal(z, test.Statistic, 10);
        Assert.Equal(rho, test.Correlation, 12);
        Assert.Equal(2 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, Math.Abs(z))), test.PValue, 12);
        Assert.Equal((sa - sb) * Math.Sqrt(252), test.Difference, 10);
    }

    [Fact]
    public void Jobson_korkie_memmel_rejects_about_five_percent_of_equal_sharpe_pairs()
    {
        // Two independent iid normal series with the same Sharpe: the z statistic is N(0, 1) asymptotically.
        var random = SeededRandom.Create(5);
        int rejections = 0, replications = 400, n = 500;
        var a = new double[n];
        var b = new double[n];
        for (int rep = 0; rep < replications; rep++)
        {
            for (int t = 0; t < n; t++)
            {
                a[t] = 0.05 + MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
                b[t] = 0.1 + (2 * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1));
            }

            if (SharpeRatioInference.JobsonKorkieMemmel(a, b).PValue < 0.05) rejections++;
        }

        // Binomial(400, 0.05): 20 expected, standard deviation 4.4.
        Assert.InRange(rejections, 8, 34);
    }

    [Fact]
    public void Bootstrap_interval_is_reproducible_covers_the_estimate_and_has_the_asymptotic_width()
    {
        var random = SeededRandom.Create(3);
        int n = 2000;
        double[] returns = [.. Enumerable.Range(0, n).Select(_ => 0.0005 + (0.01 * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1)))];
        var interval = SharpeRatioInference.BootstrapInterval(returns, 0.95, 1000, meanBlockLength: 5, seed: 42);
        Assert.Equal(interval, SharpeRatioInference.BootstrapInterval(returns, 0.95, 1000, meanBlockLength: 5, seed: 42));
        Assert.InRange(interval.Estimate, interval.Lower, interval.Upper);

        // Lo (2002): for iid returns the per-period Sharpe has standard error sqrt((1 + S^2 / 2) / n); annualized by sqrt(252).
        double s = interval.Estimate / Math.Sqrt(252);
        double width = 2 * 1.959964 * Math.Sqrt((1 + (s * s / 2)) / n) * Math.Sqrt(252);
        Assert.InRange(interval.Upper - interval.Lower, 0.8 * width, 1.2 * width);
    }

    [Fact]
    public void Stationary_bootstrap_blocks_have_the_requested_mean_length()
    {
        var random = SeededRandom.Create(8);
        var indices = new int[200_000];
        StationaryBootstrap.Indices(1000, 10, random, indices);
        // A block ends wherever the next index is not the successor (a new start can coincide with it with probability 1/n).
        int blocks = 1;
        for (int i = 1; i < indices.Length; i++) if (indices[i] != (indices[i - 1] + 1) % 1000) blocks++;
        Assert.InRange(indices.Length / (double)blocks, 9.5, 10.5);
        Assert.All(indices, i => Assert.InRange(i, 0, 999));
    }
}
