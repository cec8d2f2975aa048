using MathNet.Numerics.Distributions;
using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class MincerZarnowitzTests
{
    // The series of Fixtures/dm_reference.R's Mincer-Zarnowitz block (t = 1..50).
    private static (double[] Actual, double[] Forecast) Fixture()
    {
        var f = Enumerable.Range(1, 50).Select(t => 1 + (0.5 * Math.Sin(0.8 * t)) + (0.2 * Math.Cos(0.3 * t))).ToArray();
        var y = f.Select((v, i) => 0.3 + (0.9 * v) + (0.25 * Math.Sin((2.7 * (i + 1)) + 1))).ToArray();
        return (y, f);
    }

    [Fact]
    public void Coefficients_r2_and_newey_west_covariance_match_R_lm_and_sandwich()
    {
        var (y, f) = Fixture();
        var result = MincerZarnowitz.Fit(y, f, lags: 3);
        // Printed by Fixtures/dm_reference.R: coef(lm(y ~ f)), summary(.)$r.squared,
        // sandwich::NeweyWest(fit, lag = 3, prewhite = FALSE, adjust = FALSE) and the Wald statistic from it.
        Assert.Equal(0.30171471121531, result.Alpha, 12);
        Assert.Equal(0.894995199796269, result.Beta, 12);
        Assert.Equal(0.789819950854446, result.RSquared, 12);
        Assert.Equal(0.000706307395790261, result.VarianceAlpha, 15);
        Assert.Equal(-0.000595497665211443, result.CovarianceAlphaBeta, 15);
        Assert.Equal(0.000586776926507966, result.VarianceBeta, 15);
        Assert.Equal(392.304796024579, result.Wald, 8);
        Assert.Equal(6.48777726030731e-86, result.WaldPValue, 1e-95);
    }

    [Fact]
    public void Log_form_matches_R_lm_on_logs()
    {
        var (y, f) = Fixture();
        // Fixtures/dm_reference.R: coef(lm(log(y) ~ log(f))).
        var result = MincerZarnowitz.FitLog(y, f, lags: 3);
        Assert.Equal(0.182516583184731, result.Alpha, 12);
        Assert.Equal(0.737687623085533, result.Beta, 12);
        Assert.Throws<ArgumentException>(() => MincerZarnowitz.FitLog([1.0, 2, 0], [1.0, 2, 3]));
    }

    [Fact]
    public void Zero_lags_give_White_heteroskedasticity_robust_covariance_by_the_direct_sandwich()
    {
        var (y, f) = Fixture();
        var result = MincerZarnowitz.Fit(y, f, lags: 0);
        // Independent loop: (X'X)^-1 (sum u^2 x x') (X'X)^-1 written out with 2x2 arrays.
        var n = y.Length;
        double[,] xtx = new double[2, 2], meat = new double[2, 2];
        for (var t = 0; t < n; t++)
        {
            double[] x = [1, f[t]];
            var u = y[t] - result.Alpha - (result.Beta * f[t]);
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    xtx[i, j] += x[i] * x[j];
                    meat[i, j] += u * u * x[i] * x[j];
                }
            }
        }

        var det = (xtx[0, 0] * xtx[1, 1]) - (xtx[0, 1] * xtx[1, 0]);
        double[,] bread = { { xtx[1, 1] / det, -xtx[0, 1] / det }, { -xtx[1, 0] / det, xtx[0, 0] / det } };
        var v = new double[2, 2];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                for (var k = 0; k < 2; k++)
                {
                    for (var l = 0; l < 2; l++) v[i, j] += bread[i, k] * meat[k, l] * bread[l, j];
                }
            }
        }

        Assert.Equal(v[0, 0], result.VarianceAlpha, 15);
        Assert.Equal(v[0, 1], result.CovarianceAlphaBeta, 15);
        Assert.Equal(v[1, 1], result.VarianceBeta, 15);
    }

    [Fact]
    public void Default_lags_follow_the_newey_west_rule_or_the_overlap_of_h_step_forecasts()
    {
        // floor(4 (250/100)^(2/9)) = floor(4.90) = 4; floor(4 (1000/100)^(2/9)) = floor(6.67) = 6.
        Assert.Equal(4, MincerZarnowitz.DefaultLags(250));
        Assert.Equal(6, MincerZarnowitz.DefaultLags(1000));
        Assert.Equal(9, MincerZarnowitz.DefaultLags(250, horizon: 10));
    }

    [Fact]
    public void Unbiased_forecasts_are_rejected_at_about_the_nominal_rate_and_biased_ones_nearly_always()
    {
        // Simulation with known truth: y = f + e, e independent of f, so alpha = 0 and beta = 1 hold.
        var random = SeededRandom.Create(2024);
        const int replications = 400, n = 500;
        int rejectedUnbiased = 0, rejectedBiased = 0;
        var betas = new List<double>();
        for (var r = 0; r < replications; r++)
        {
            var f = new double[n];
            var y = new double[n];
            var biased = new double[n];
            for (var t = 0; t < n; t++)
            {
                f[t] = Math.Exp(Normal.Sample(random, 0, 0.5));
                var e = Normal.Sample(random, 0, 0.5);
                y[t] = f[t] + e;
                biased[t] = 0.2 + (0.8 * f[t]) + e;
            }

            var fit = MincerZarnowitz.Fit(y, f);
            betas.Add(fit.Beta);
            if (fit.WaldPValue < 0.05) rejectedUnbiased++;
            if (MincerZarnowitz.Fit(biased, f).WaldPValue < 0.05) rejectedBiased++;
        }

        // Binomial(400, 0.05) has standard deviation 4.4 rejections: 20 +- 3 sd is 7..33.
        Assert.InRange(rejectedUnbiased, 7, 33);
        Assert.True(rejectedBiased > 0.95 * replications, $"{rejectedBiased} of {replications}");
        Assert.Equal(1.0, betas.Average(), 2);
    }
}
