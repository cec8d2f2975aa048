using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Every variance recursion against a plain direct loop written out here from the model equations.</summary>
public class VolatilityRecursionTests
{
    private static double[] Residuals(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => 2.0 * (random.NextDouble() - 0.5) * (1 + random.NextDouble()))];
    }

    private static void AssertClose(double[] expected, double[] actual, double relative = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int t = 0; t < expected.Length; t++)
            Assert.True(Math.Abs(expected[t] - actual[t]) <= relative * Math.Abs(expected[t]), $"t={t}: expected {expected[t]}, got {actual[t]}");
    }

    private static double[] Compute(VolatilityProcess process, double[] parameters, double[] residuals, double backcast)
    {
        var sigma2 = new double[residuals.Length];
        process.ComputeVariance(parameters, residuals, backcast, sigma2);
        return sigma2;
    }

    private static double[] ComputeByNextVariance(VolatilityProcess process, double[] parameters, double[] residuals, double backcast)
    {
        var sigma2 = new double[residuals.Length];
        for (int t = 0; t < residuals.Length; t++)
            sigma2[t] = process.NextVariance(parameters, residuals.AsSpan(0, t), sigma2.AsSpan(0, t), backcast);
        return sigma2;
    }

    [Fact]
    public void Backcast_is_the_normalized_exponential_average_of_the_first_75_squared_residuals()
    {
        double[] e = Residuals(200, 1);
        double numerator = 0, denominator = 0;
        for (int i = 0; i < 75; i++)
        {
            numerator += Math.Pow(0.94, i) * e[i] * e[i];
            denominator += Math.Pow(0.94, i);
        }
        Assert.Equal(numerator / denominator, VolatilityProcess.Backcast(e), 1e-14);
    }

    [Fact]
    public void Backcast_uses_all_residuals_when_fewer_than_75()
    {
        double[] e = [1.0, -2.0, 3.0];
        double expected = (1.0 + 0.94 * 4.0 + 0.94 * 0.94 * 9.0) / (1.0 + 0.94 + 0.94 * 0.94);
        Assert.Equal(expected, VolatilityProcess.Backcast(e), 1e-14);
    }

    [Fact]
    public void Garch11_matches_direct_loop()
    {
        double[] e = Residuals(500, 2);
        double omega = 0.05, alpha = 0.1, beta = 0.85, backcast = 1.3;
        var expected = new double[e.Length];
        for (int t = 0; t < e.Length; t++)
        {
            double lagSquare = t == 0 ? backcast : e[t - 1] * e[t - 1];
            double lagVariance = t == 0 ? backcast : expected[t - 1];
            expected[t] = omega + alpha * lagSquare + beta * lagVariance;
        }
        double[] parameters = [omega, alpha, beta];
        AssertClose(expected, Compute(new Garch(), parameters, e, backcast));
        AssertClose(expected, ComputeByNextVariance(new Garch(), parameters, e, backcast));
    }

    [Fact]
    public void Garch21_matches_direct_loop()
    {
        double[] e = Residuals(400, 3);
        double omega = 0.04, alpha1 = 0.07, alpha2 = 0.05, beta = 0.8, backcast = 0.9;
        var expected = new double[e.Length];
        for (int t = 0; t < e.Length; t++)
        {
            double lag1 = t >= 1 ? e[t - 1] * e[t - 1] : backcast;
            double lag2 = t >= 2 ? e[t - 2] * e[t - 2] : backcast;
            double lagVariance = t >= 1 ? expected[t - 1] : backcast;
            expected[t] = omega + alpha1 * lag1 + alpha2 * lag2 + beta * lagVariance;
        }
        AssertClose(expected, Compute(new Garch(2, 0, 1), [omega, alpha1, alpha2, beta], e, backcast));
    }

    [Fact]
    public void Gjr_matches_direct_loop_with_half_backcast_for_the_initial_asymmetric_term()
    {
        double[] e = Residuals(500, 4);
        double omega = 0.02, alpha = 0.03, gamma = 0.15, beta = 0.86, backcast = 1.7;
        var expected = new double[e.Length];
        for (int t = 0; t < e.Length; t++)
        {
            double lagSquare = t == 0 ? backcast : e[t - 1] * e[t - 1];
            double lagNegative = t == 0 ? 0.5 * backcast : (e[t - 1] < 0 ? e[t - 1] * e[t - 1] : 0.0);
            double lagVariance = t == 0 ? backcast : expected[t - 1];
            expected[t] = omega + alpha * lagSquare + gamma * lagNegative + beta * lagVariance;
        }
        double[] parameters = [omega, alpha, gamma, beta];
        AssertClose(expected, Compute(Garch.Gjr(), parameters, e, backcast));
        AssertClose(expected, ComputeByNextVariance(Garch.Gjr(), parameters, e, backcast));
    }

    [Fact]
    public void Egarch_matches_direct_loop_with_log_backcast_and_no_z_terms_at_t0()
    {
        double[] e = Residuals(500, 5);
        double omega = 0.01, alpha = 0.15, gamma = -0.1, beta = 0.95, backcast = 1.2;
        var expected = new double[e.Length];
        double lagLog = Math.Log(backcast);
        for (int t = 0; t < e.Length; t++)
        {
            double logVariance = omega + beta * lagLog;
            if (t > 0)
            {
                double z = e[t - 1] / Math.Sqrt(expected[t - 1]);
                logVariance += alpha * (Math.Abs(z) - Math.Sqrt(2 / Math.PI)) + gamma * z;
            }
            expected[t] = Math.Exp(logVariance);
            lagLog = logVariance;
        }
        double[] parameters = [omega, alpha, gamma, beta];
        AssertClose(expected, Compute(new Egarch(), parameters, e, backcast), 1e-11);
        AssertClose(expected, ComputeByNextVariance(new Egarch(), parameters, e, backcast), 1e-11);
    }

    [Fact]
    public void Ewma_matches_direct_loop_for_fixed_and_estimated_lambda()
    {
        double[] e = Residuals(300, 6);
        double backcast = 0.8;
        foreach (double lambda in (double[])[0.94, 0.9])
        {
            var expected = new double[e.Length];
            for (int t = 0; t < e.Length; t++)
                expected[t] = t == 0 ? backcast : lambda * expected[t - 1] + (1 - lambda) * e[t - 1] * e[t - 1];
            AssertClose(expected, Compute(Ewma.Fixed(lambda), [], e, backcast));
            AssertClose(expected, Compute(Ewma.Estimated(), [lambda], e, backcast));
            AssertClose(expected, ComputeByNextVariance(Ewma.Estimated(), [lambda], e, backcast));
        }
    }

    [Fact]
    public void Constant_variance_is_flat()
    {
        double[] e = Residuals(50, 7);
        Assert.All(Compute(new ConstantVariance(), [2.5], e, 1.0), value => Assert.Equal(2.5, value));
    }

    [Fact]
    public void Garch_constraints_encode_stationarity_and_nonnegative_negative_shock_loading()
    {
        var model = new ArchModel(new ZeroMean(), Garch.Gjr(), new NormalDistribution());
        Assert.True(model.SatisfiesConstraints([0.1, 0.05, 0.1, 0.85]));
        Assert.False(model.SatisfiesConstraints([0.1, 0.1, 0.1, 0.9]));   // 0.1 + 0.05 + 0.9 > 1
        Assert.False(model.SatisfiesConstraints([0.1, 0.1, -0.2, 0.5]));  // alpha + gamma < 0
    }
}
