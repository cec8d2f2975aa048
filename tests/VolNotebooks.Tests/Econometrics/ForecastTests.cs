using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Variance forecasts against closed forms and Monte-Carlo simulation.</summary>
public class ForecastTests
{
    private static (double[] Residuals, double[] Sigma2) History(VolatilityProcess process, double[] parameters, int count, double backcast)
    {
        var random = SeededRandom.Create(7);
        var residuals = new double[count];
        var sigma2 = new double[count];
        for (int t = 0; t < count; t++)
        {
            sigma2[t] = process.NextVariance(parameters, residuals.AsSpan(0, t), sigma2.AsSpan(0, t), backcast);
            residuals[t] = Math.Sqrt(sigma2[t]) * (random.NextDouble() * 3.4 - 1.7);
        }
        return (residuals, sigma2);
    }

    [Fact]
    public void Garch11_forecast_matches_the_closed_form_mean_reversion()
    {
        // Closed form: E_T[sigma2_{T+h}] = vbar + (alpha + beta)^(h-1) (sigma2_{T+1} - vbar), vbar = omega / (1 - alpha - beta).
        double omega = 0.03, alpha = 0.1, beta = 0.85;
        double[] parameters = [omega, alpha, beta];
        var process = new Garch();
        var (e, s) = History(process, parameters, 300, 1.0);
        double oneStep = omega + alpha * e[^1] * e[^1] + beta * s[^1];
        double longRun = omega / (1 - alpha - beta);
        var forecast = new double[30];
        process.ForecastVariance(parameters, e, s, 1.0, forecast);
        for (int h = 1; h <= 30; h++)
            Assert.Equal(longRun + Math.Pow(alpha + beta, h - 1) * (oneStep - longRun), forecast[h - 1], 1e-12);
    }

    [Theory]
    [InlineData("gjr")]
    [InlineData("garch21")]
    public void Analytic_forecast_agrees_with_simulation(string which)
    {
        // Monte-Carlo truth: 40,000 simulated normal paths; agreement within 1.5% at every horizon.
        var (process, parameters) = which == "gjr"
            ? ((VolatilityProcess)Garch.Gjr(), new[] { 0.02, 0.03, 0.12, 0.86 })
            : (new Garch(2, 0, 1), new[] { 0.04, 0.06, 0.04, 0.85 });
        var (e, s) = History(process, parameters, 200, 1.0);
        var analytic = new double[22];
        var simulated = new double[22];
        process.ForecastVariance(parameters, e, s, 1.0, analytic);
        process.SimulateVarianceForecast(parameters, e, s, 1.0, simulated, new ForecastSimulation(new NormalDistribution(), [], Paths: 40_000, Seed: 3));
        Assert.Equal(analytic[0], simulated[0], 1e-12);
        for (int h = 0; h < 22; h++)
            Assert.True(Math.Abs(simulated[h] / analytic[h] - 1) < 0.015, $"h={h + 1}: analytic {analytic[h]}, simulated {simulated[h]}");
    }

    [Fact]
    public void Gjr_forecast_with_skewed_shocks_agrees_with_simulation()
    {
        // Monte-Carlo truth (40,000 paths) with left-skewed Hansen shocks, whose negative half carries ~57% of the variance;
        // the symmetric 1/2 assumption would miss the 22-day forecast by more than 10%.
        double[] parameters = [0.05, 0.02, 0.2, 0.8];
        double[] shape = [6.0, -0.2];
        double[] e = [-2.5], s = [1.0];
        var process = Garch.Gjr();
        var skewT = new SkewStudentTDistribution();
        var analytic = new double[22];
        var symmetric = new double[22];
        var simulated = new double[22];
        process.ForecastVariance(parameters, e, s, 1.0, analytic, negativeSquareShare: skewT.NegativeSquareShare(shape));
        process.ForecastVariance(parameters, e, s, 1.0, symmetric);
        process.SimulateVarianceForecast(parameters, e, s, 1.0, simulated, new ForecastSimulation(skewT, shape, Paths: 40_000, Seed: 8));
        for (int h = 0; h < 22; h++)
            Assert.True(Math.Abs(simulated[h] / analytic[h] - 1) < 0.03, $"h={h + 1}: analytic {analytic[h]}, simulated {simulated[h]}");
        Assert.True(simulated[21] / symmetric[21] - 1 > 0.10);
    }

    [Fact]
    public void Egarch_forecast_is_exact_at_one_step_and_reproducible_by_seed()
    {
        // One step ahead is deterministic (the recursion itself); later steps are seeded simulations.
        double[] parameters = [0.01, 0.15, -0.1, 0.96];
        var process = new Egarch();
        var (e, s) = History(process, parameters, 200, 1.0);
        double z = e[^1] / Math.Sqrt(s[^1]);
        double oneStep = Math.Exp(0.01 + 0.15 * (Math.Abs(z) - Math.Sqrt(2 / Math.PI)) - 0.1 * z + 0.96 * Math.Log(s[^1]));
        var first = new double[10];
        var second = new double[10];
        var otherSeed = new double[10];
        var simulation = new ForecastSimulation(new NormalDistribution(), [], Paths: 20_000, Seed: 5);
        process.ForecastVariance(parameters, e, s, 1.0, first, simulation);
        process.ForecastVariance(parameters, e, s, 1.0, second, simulation);
        process.ForecastVariance(parameters, e, s, 1.0, otherSeed, simulation with { Seed = 6 });
        Assert.Equal(oneStep, first[0], 1e-12);
        Assert.Equal(first, second);
        for (int h = 0; h < 10; h++) Assert.True(Math.Abs(otherSeed[h] / first[h] - 1) < 0.03);
    }

    [Fact]
    public void Ewma_and_constant_forecasts_are_flat()
    {
        double[] e = [0.5, -1.0, 2.0];
        double[] s = [1.0, 1.1, 1.2];
        var ewma = new double[5];
        Ewma.Fixed(0.94).ForecastVariance([], e, s, 1.0, ewma);
        Assert.All(ewma, v => Assert.Equal(0.94 * 1.2 + 0.06 * 4.0, v, 1e-14));
        var constant = new double[5];
        new ConstantVariance().ForecastVariance([2.0], e, s, 1.0, constant);
        Assert.All(constant, v => Assert.Equal(2.0, v));
    }

    [Fact]
    public void Fitted_spy_forecast_starts_from_the_last_residual_and_variance()
    {
        // Direct one-step formula on the fit's own residuals; cumulative volatility = sqrt of summed variances.
        var (_, returns) = SpyReturns.ReferenceSample();
        var fit = new ArchModel(new ConstantMean(), new Garch(), new NormalDistribution()).Fit(returns, new ArchFitOptions { ComputeStandardErrors = false });
        var forecast = fit.Forecast(22);
        double e = fit.Residuals[^1];
        double expected = fit.Parameter("omega") + fit.Parameter("alpha[1]") * e * e + fit.Parameter("beta[1]") * fit.ConditionalVariance[^1];
        Assert.Equal(expected, forecast.Variance[0], 1e-12);
        Assert.Equal(fit.Parameter("mu"), forecast.Mean[0], 1e-15);
        Assert.Equal(Math.Sqrt(forecast.Variance.Take(5).Sum()), forecast.CumulativeVolatility(5), 1e-12);
        Assert.Equal(Math.Sqrt(forecast.Variance.Sum()), forecast.CumulativeVolatility(22), 1e-12);
    }

    [Fact]
    public void Egarch_fit_forecasts_by_simulation_by_default()
    {
        var (_, returns) = SpyReturns.Between(new DateOnly(2015, 1, 1), new DateOnly(2020, 12, 31));
        var fit = new ArchModel(new ConstantMean(), new Egarch(), new NormalDistribution()).Fit(returns, new ArchFitOptions { ComputeStandardErrors = false });
        var forecast = fit.Forecast(5);
        Assert.All(forecast.Variance, v => Assert.True(v > 0 && double.IsFinite(v)));
        Assert.Equal(forecast.Variance, fit.Forecast(5).Variance);
    }
}
