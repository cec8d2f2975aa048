using MathNet.Numerics.Distributions;
using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation;
using VolNotebooks.Risk;

namespace VolNotebooks.Tests.Risk;

public sealed class VarBaselineTests
{
    private static readonly double[] GarchTruth = [0.05, 0.05, 0.08, 0.90, 7.0];

    private static ArchModel GarchT() => new(new ConstantMean(), new Garch(), new StudentTDistribution());

    private static double[] SimulatedReturns(int count, int seed) => GarchT().Simulate(GarchTruth, count, seed).Returns;

    [Fact]
    public void Historical_simulation_equals_the_empirical_quantile_by_a_direct_counting_loop()
    {
        double[] returns = SimulatedReturns(400, 1);
        double[] valueAtRisk = HistoricalSimulation.OneDayVar(returns, 0.01, window: 250);
        for (int t = 0; t < 250; t++) Assert.True(double.IsNaN(valueAtRisk[t]));
        for (int t = 250; t < returns.Length; t++)
        {
            // Definition 1 of Hyndman and Fan (1996): the smallest window value v with #(x <= v) >= alpha m (here 2.5, so 3).
            double expected = double.PositiveInfinity;
            for (int i = t - 250; i < t; i++)
            {
                int atOrBelow = 0;
                for (int j = t - 250; j < t; j++) if (returns[j] <= returns[i]) atOrBelow++;
                if (atOrBelow >= 2.5 && returns[i] < expected) expected = returns[i];
            }

            Assert.Equal(expected, valueAtRisk[t]);
        }
    }

    [Fact]
    public void Empirical_quantile_of_one_to_one_hundred_at_five_percent_is_five()
    {
        // ceil(0.05 * 100) = 5th smallest of 1..100.
        Assert.Equal(5.0, HistoricalSimulation.EmpiricalQuantile([.. Enumerable.Range(1, 100).Select(i => (double)(101 - i))], 0.05));
        Assert.Equal(1.0, HistoricalSimulation.EmpiricalQuantile([3.0, 1.0, 2.0], 0.01));
    }

    [Fact]
    public void Risk_metrics_equals_its_recursion_with_a_normal_quantile()
    {
        double[] returns = SimulatedReturns(300, 2);
        double[] valueAtRisk = RiskMetricsVar.OneDayVar(returns, 0.01, lambda: 0.94, seedDays: 100);
        // J.P. Morgan (1996): sigma2_100 = mean of r_0..r_99 squared, sigma2_t = 0.94 sigma2_{t-1} + 0.06 r_{t-1}^2; z_0.01 = -2.3263478740.
        double sigma2 = returns.Take(100).Average(r => r * r);
        for (int t = 100; t < returns.Length; t++)
        {
            if (t > 100) sigma2 = (0.94 * sigma2) + (0.06 * returns[t - 1] * returns[t - 1]);
            Assert.Equal(-2.3263478740408408 * Math.Sqrt(sigma2), valueAtRisk[t], 12);
        }

        Assert.True(double.IsNaN(valueAtRisk[99]));
    }

    [Fact]
    public void No_baseline_looks_ahead_changing_future_returns_leaves_past_var_unchanged()
    {
        double[] returns = SimulatedReturns(1200, 3);
        double[] shocked = (double[])returns.Clone();
        int k = 1100;
        for (int t = k; t < shocked.Length; t++) shocked[t] = -5 * Math.Abs(shocked[t]) - 3;

        // VaR_t may read returns up to t-1, so entries 0..k must agree exactly, and the shock must show from k+1 on.
        static void Same(double[] a, double[] b, int k)
        {
            for (int t = 0; t <= k; t++) Assert.Equal(a[t], b[t]);
            Assert.NotEqual(a[k + 1], b[k + 1]);
        }

        Same(HistoricalSimulation.OneDayVar(returns, 0.01), HistoricalSimulation.OneDayVar(shocked, 0.01), k);
        Same(RiskMetricsVar.OneDayVar(returns, 0.01), RiskMetricsVar.OneDayVar(shocked, 0.01), k);
        var options = new CaviarOptions { Candidates = 200, Starts = 2 };
        Same(CaviarAsymmetricSlope.OneDayVar(returns, 0.05, 1000, options).Var, CaviarAsymmetricSlope.OneDayVar(shocked, 0.05, 1000, options).Var, k);
        // The ARCH refits: the refits at 1000 and at 1100, the first shocked day, use returns before those days only.
        var original = ArchModelVar.Forecast(GarchT(), returns, 0.01, firstTestDay: 1000, windowLength: 1000, refitEvery: 100);
        var changed = ArchModelVar.Forecast(GarchT(), shocked, 0.01, firstTestDay: 1000, windowLength: 1000, refitEvery: 100);
        Same(original.Parametric, changed.Parametric, k);
        Same(original.FilteredHistoricalSimulation, changed.FilteredHistoricalSimulation, k);
    }

    [Fact]
    public void Garch_t_var_is_the_refit_mean_plus_sigma_times_the_unit_variance_t_quantile_and_fhs_uses_the_residual_quantile()
    {
        double[] returns = SimulatedReturns(700, 4);
        var model = GarchT();
        var forecast = ArchModelVar.Forecast(model, returns, 0.01, firstTestDay: 600, windowLength: 600, refitEvery: 50);
        Assert.Equal(2, forecast.Refits);

        // Independent path: the same fit on returns 0..599, its one-step forecast (ArchFitResult.Forecast), and the quantile
        // of a t with nu degrees of freedom scaled by sqrt((nu-2)/nu) to unit variance.
        var fit = model.Fit(returns.AsSpan(0, 600), new ArchFitOptions { ComputeStandardErrors = false, Starts = 2 });
        var oneStep = fit.Forecast(1);
        double nu = fit.Parameter("nu");
        double q = StudentT.InvCDF(0, 1, nu, 0.01) * Math.Sqrt((nu - 2) / nu);
        Assert.Equal(oneStep.Mean[0] + (Math.Sqrt(oneStep.Variance[0]) * q), forecast.Parametric[600], 9);
        double z = HistoricalSimulation.EmpiricalQuantile(fit.StandardizedResiduals, 0.01);
        Assert.Equal(oneStep.Mean[0] + (Math.Sqrt(oneStep.Variance[0]) * z), forecast.FilteredHistoricalSimulation[600], 9);
        Assert.True(double.IsNaN(forecast.Parametric[599]));
        Assert.All(forecast.Parametric[600..], v => Assert.True(v < 0));
    }

    [Fact]
    public void Gjr_t_var_breaches_near_its_level_on_simulated_gjr_data()
    {
        var model = new ArchModel(new ConstantMean(), Garch.Gjr(), new StudentTDistribution());
        double[] returns = model.Simulate([0.04, 0.03, 0.02, 0.10, 0.85, 8.0], 3000, 6).Returns;
        var forecast = ArchModelVar.Forecast(model, returns, 0.05, firstTestDay: 1000, windowLength: 1000, refitEvery: 250);
        int breaches = VarBacktest.Breaches(returns[1000..], forecast.Parametric[1000..]).Count(b => b);
        // 2000 days at 5%: 100 expected, binomial standard deviation 9.7; allow about three.
        Assert.InRange(breaches, 70, 130);
    }

    [Fact]
    public void Caviar_recursion_follows_its_equation()
    {
        // b = [-0.1, 0.8, 0.05, -0.3], VaR_0 = -2, r_0 = 1: VaR_1 = -0.1 - 1.6 + 0.05 = -1.65; r_1 = -2: VaR_2 = -0.1 - 1.32 - 0.6 = -2.02.
        double[] valueAtRisk = CaviarAsymmetricSlope.Recursion([-0.1, 0.8, 0.05, -0.3], -2.0, [1.0, -2.0, 0.5]);
        Assert.Equal([-2.0, -1.65, -2.02], valueAtRisk.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Caviar_on_simulated_garch_data_breaches_out_of_sample_near_alpha_and_beats_its_starting_candidates()
    {
        double[] returns = SimulatedReturns(3000, 5);
        var (valueAtRisk, fit) = CaviarAsymmetricSlope.OneDayVar(returns, 0.05, trainingDays: 2000, new CaviarOptions { Seed = 9 });
        int breaches = VarBacktest.Breaches(returns[2000..], valueAtRisk[2000..]).Count(b => b);
        // 1000 days at 5%: 50 expected, binomial standard deviation 6.9; allow about three.
        Assert.InRange(breaches, 30, 72);
        // Under GARCH a loss lowers tomorrow's quantile (b3 < 0) and the quantile is persistent (b1 large).
        Assert.True(fit.Parameters[3] < 0, string.Join(", ", fit.Parameters));
        Assert.True(fit.Parameters[1] > 0.5, string.Join(", ", fit.Parameters));
        // The fitted loss is the training loss of its own recursion and is below the constant-quantile model's.
        double[] inSample = fit.Recursion(returns.AsSpan(0, 2000));
        Assert.Equal(VarBacktest.QuantileLoss(returns.AsSpan(1, 1999), inSample.AsSpan(1), 0.05).Average(), fit.Loss, 12);
        double constant = HistoricalSimulation.EmpiricalQuantile(returns.AsSpan(0, 2000), 0.05);
        Assert.True(fit.Loss < VarBacktest.QuantileLoss(returns.AsSpan(1, 1999), Enumerable.Repeat(constant, 1999).ToArray(), 0.05).Average());
    }
}
