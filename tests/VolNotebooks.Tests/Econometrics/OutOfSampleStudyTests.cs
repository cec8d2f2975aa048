using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Rolling and expanding studies: alignment, refit schedule, no look-ahead, agreement with direct recursions.</summary>
public class OutOfSampleStudyTests
{
    private static readonly ArchModel Garch11 = new(new ConstantMean(), new Garch(), new NormalDistribution());

    private static (DateOnly[] Dates, double[] Returns) Sample() =>
        SpyReturns.Between(new DateOnly(2012, 1, 1), new DateOnly(2016, 12, 31));

    private static OutOfSampleOptions Options(EstimationWindow window) => new()
    {
        TestStart = new DateOnly(2016, 1, 1),
        TestEnd = new DateOnly(2016, 6, 30),
        Window = window,
        WindowLength = 750,
        RefitEvery = 21,
        Horizons = [1, 5, 22],
    };

    [Fact]
    public void Forecasts_are_aligned_with_the_test_dates_and_refit_every_k_days()
    {
        var (dates, returns) = Sample();
        var study = OutOfSampleStudy.Run(Garch11, returns, dates, Options(EstimationWindow.Rolling));
        DateOnly[] expectedDates = [.. dates.Where(d => d >= new DateOnly(2016, 1, 1) && d <= new DateOnly(2016, 6, 30))];
        Assert.Equal(expectedDates, study.Dates);
        Assert.Equal((expectedDates.Length + 20) / 21, study.Refits.Count);
        Assert.Equal(0, study.NonConvergedRefits);
        for (int r = 0; r < study.Refits.Count; r++)
        {
            int firstDay = Array.IndexOf(dates, study.Refits[r].FirstForecastDate);
            Assert.Equal(study.Dates[21 * r], study.Refits[r].FirstForecastDate);
            Assert.Equal(dates[firstDay - 1], study.Refits[r].TrainingEnd);
            Assert.Equal(dates[firstDay - 750], study.Refits[r].TrainingStart);
        }
    }

    [Fact]
    public void One_step_forecasts_equal_the_direct_garch_recursion_with_the_refit_parameters()
    {
        // Direct loop: sigma2 recursion over the refit's window, continued through the block with the new returns.
        var (dates, returns) = Sample();
        var study = OutOfSampleStudy.Run(Garch11, returns, dates, Options(EstimationWindow.Rolling));
        var refit = study.Refits[2];
        int firstDay = Array.IndexOf(dates, refit.FirstForecastDate);
        double[] window = returns[(firstDay - 750)..firstDay];
        double backcast = Garch11.Backcast(window);
        double mu = refit.Parameters[0], omega = refit.Parameters[1], alpha = refit.Parameters[2], beta = refit.Parameters[3];
        double sigma2 = backcast, previousSquare = backcast;
        for (int t = firstDay - 750; t < firstDay + 21; t++)
        {
            sigma2 = omega + alpha * previousSquare + beta * sigma2;
            if (t >= firstDay)
            {
                int i = Array.IndexOf(study.Dates, dates[t]);
                Assert.Equal(sigma2, study.OneStepVariance[i], 1e-10);
                Assert.Equal(Math.Sqrt(sigma2), study.CumulativeVolatilityFor(1)[i], 1e-10);
                Assert.Equal(mu, study.OneStepMean[i], 1e-15);
                // 5-day cumulative volatility from the closed-form GARCH(1,1) mean reversion.
                double longRun = omega / (1 - alpha - beta), sum = 0;
                for (int h = 1; h <= 5; h++) sum += longRun + Math.Pow(alpha + beta, h - 1) * (sigma2 - longRun);
                Assert.Equal(Math.Sqrt(sum), study.CumulativeVolatilityFor(5)[i], 1e-9);
                double fifthDay = longRun + Math.Pow(alpha + beta, 4) * (sigma2 - longRun);
                Assert.Equal(fifthDay, study.HorizonVariance[1][i], 1e-9);
            }
            double e = returns[t] - mu;
            previousSquare = e * e;
        }
    }

    [Fact]
    public void Forecasts_do_not_look_ahead()
    {
        // Changing every return from a test day on leaves all forecasts up to and including that day unchanged.
        var (dates, returns) = Sample();
        var options = Options(EstimationWindow.Expanding);
        var baseline = OutOfSampleStudy.Run(Garch11, returns, dates, options);
        int cut = Array.IndexOf(dates, baseline.Dates[30]);
        double[] perturbed = [.. returns];
        for (int t = cut; t < perturbed.Length; t++) perturbed[t] = -3 * perturbed[t] + 1;
        var changed = OutOfSampleStudy.Run(Garch11, perturbed, dates, options);
        for (int i = 0; i <= 30; i++)
        {
            Assert.Equal(baseline.OneStepVariance[i], changed.OneStepVariance[i]);
            Assert.Equal(baseline.CumulativeVolatilityFor(22)[i], changed.CumulativeVolatilityFor(22)[i]);
        }
        Assert.NotEqual(baseline.OneStepVariance[31], changed.OneStepVariance[31]);
    }

    [Fact]
    public void Expanding_window_trains_from_the_first_return()
    {
        var (dates, returns) = Sample();
        var study = OutOfSampleStudy.Run(Garch11, returns, dates, Options(EstimationWindow.Expanding));
        Assert.All(study.Refits, refit => Assert.Equal(dates[0], refit.TrainingStart));
    }

    [Fact]
    public void Warm_started_refit_matches_a_cold_fit_on_the_same_window()
    {
        // Independent fit from the starting grid on the same window must reach the same maximum.
        var (dates, returns) = Sample();
        var study = OutOfSampleStudy.Run(Garch11, returns, dates, Options(EstimationWindow.Rolling));
        var refit = study.Refits[^1];
        int firstDay = Array.IndexOf(dates, refit.FirstForecastDate);
        var cold = Garch11.Fit(returns[(firstDay - 750)..firstDay], new ArchFitOptions { ComputeStandardErrors = false });
        Assert.Equal(cold.LogLikelihood, refit.LogLikelihood, 1e-5);
    }

    [Fact]
    public void Infeasible_warm_start_falls_back_to_the_starting_grid()
    {
        // alpha + beta = 1.2 violates stationarity; the fit must still reach the cold-start maximum.
        var (_, returns) = Sample();
        var cold = Garch11.Fit(returns, new ArchFitOptions { ComputeStandardErrors = false });
        var warm = Garch11.Fit(returns, new ArchFitOptions { ComputeStandardErrors = false, Starts = 1, StartingValues = [0.05, 0.02, 0.4, 0.8] });
        Assert.True(warm.Converged, warm.ExitReason.ToString());
        Assert.Equal(cold.LogLikelihood, warm.LogLikelihood, 1e-5);
    }

    [Fact]
    public void Egarch_study_simulates_multi_step_forecasts_reproducibly()
    {
        var (dates, returns) = Sample();
        var model = new ArchModel(new ConstantMean(), new Egarch(), new StudentTDistribution());
        var options = Options(EstimationWindow.Rolling) with { TestEnd = new DateOnly(2016, 2, 29), SimulationPaths = 200 };
        var first = OutOfSampleStudy.Run(model, returns, dates, options);
        var second = OutOfSampleStudy.Run(model, returns, dates, options);
        Assert.Equal(first.CumulativeVolatilityFor(22), second.CumulativeVolatilityFor(22));
        Assert.All(first.CumulativeVolatilityFor(22), v => Assert.True(v > 0 && double.IsFinite(v)));
    }

    [Fact]
    public void Riskmetrics_study_follows_the_ewma_recursion_between_refits()
    {
        // Direct recursion: sigma2_t = 0.94 sigma2_{t-1} + 0.06 r_{t-1}^2 (zero mean, nothing to estimate).
        var (dates, returns) = Sample();
        var model = ArchModelSpecification.Create("riskmetrics", "normal", "zero");
        var study = OutOfSampleStudy.Run(model, returns, dates, Options(EstimationWindow.Rolling));
        Assert.All(study.Refits, refit => Assert.Empty(refit.Parameters));
        for (int i = 1; i < study.Dates.Length; i++)
        {
            if (i % 21 == 0) continue;   // a refit day restarts the recursion from its window's backcast
            double previousReturn = returns[Array.IndexOf(dates, study.Dates[i]) - 1];
            Assert.Equal(0.94 * study.OneStepVariance[i - 1] + 0.06 * previousReturn * previousReturn, study.OneStepVariance[i], 1e-12);
            Assert.Equal(Math.Sqrt(22 * study.OneStepVariance[i]), study.CumulativeVolatilityFor(22)[i], 1e-12);
        }
    }

    [Fact]
    public void Rolling_window_longer_than_the_history_is_rejected()
    {
        var (dates, returns) = Sample();
        var options = Options(EstimationWindow.Rolling) with { WindowLength = 5000 };
        var error = Assert.Throws<ArgumentException>(() => OutOfSampleStudy.Run(Garch11, returns, dates, options));
        Assert.Contains("5000", error.Message);
    }
}
