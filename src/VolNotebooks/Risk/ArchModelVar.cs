using MathNet.Numerics.Distributions;
using VolNotebooks.Econometrics;

namespace VolNotebooks.Risk;

/// <summary>One-day VaR from a refitted ARCH-family model: parametric (e.g. GARCH(1,1)-t, GJR-t) and filtered historical simulation.</summary>
/// <remarks>
/// The model is refitted by maximum likelihood on the <c>windowLength</c> returns before the first test day and every
/// <c>refitEvery</c> days after, on returns strictly before that day (as <see cref="OutOfSampleStudy"/> does); between refits
/// the parameters stay fixed and the variance recursion absorbs each new return. Day t's forecasts read returns up to t-1:
/// <c>VaR_t = mu_t + sigma_t q</c>. The parametric q is the fitted distribution's standardized alpha-quantile (normal:
/// <c>z_alpha</c>; Student's t with nu degrees of freedom: <c>t_nu^-1(alpha) sqrt((nu - 2) / nu)</c>, unit variance);
/// filtered historical simulation (Barone-Adesi, Giannopoulos and Vosper 1999) takes q as the empirical alpha-quantile
/// (<see cref="HistoricalSimulation.EmpiricalQuantile"/>) of the refit's in-sample standardized residuals.
/// </remarks>
public static class ArchModelVar
{
    /// <summary>Forecasts day t's VaR for every t from <paramref name="firstTestDay"/> on.</summary>
    /// <param name="model">Model to refit; its distribution must be normal or Student's t for the parametric series.</param>
    /// <param name="returns">Daily returns in percent (the scale the ARCH fits expect), finite.</param>
    /// <param name="level">VaR level alpha in (0, 1).</param>
    /// <param name="firstTestDay">Index of the first day to forecast; at least <paramref name="windowLength"/>.</param>
    /// <param name="windowLength">Returns in each rolling estimation window.</param>
    /// <param name="refitEvery">Days between re-estimations (21 is about monthly).</param>
    public static ArchVarForecast Forecast(ArchModel model, ReadOnlySpan<double> returns, double level, int firstTestDay, int windowLength = 1000, int refitEvery = 21)
    {
        ArgumentNullException.ThrowIfNull(model);
        HistoricalSimulation.RequireLevel(level);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refitEvery);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstTestDay, windowLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(firstTestDay, returns.Length);
        if (model.Distribution is not (NormalDistribution or StudentTDistribution))
            throw new ArgumentException($"Parametric VaR needs a normal or Student's t distribution; the model has {model.Distribution.Name}.", nameof(model));

        int n = returns.Length;
        double[] parametric = Filled(n), filtered = Filled(n), mean = Filled(n), volatility = Filled(n);
        int refits = 0, nonConverged = 0;
        double[]? previous = null;
        int holdBack = model.Mean.HoldBack;
        for (int blockStart = firstTestDay; blockStart < n; blockStart += refitEvery)
        {
            int blockEnd = Math.Min(blockStart + refitEvery, n);
            int trainStart = blockStart - windowLength;
            var fit = model.Fit(returns[trainStart..blockStart], new ArchFitOptions
            {
                ComputeStandardErrors = false,
                StartingValues = previous,
                Starts = previous is null ? 2 : 1,
            });
            previous = fit.Parameters;
            refits++;
            if (!fit.Converged) nonConverged++;

            ReadOnlySpan<double> parameters = fit.Parameters;
            double parametricQuantile = StandardizedQuantile(model.Distribution, parameters[model.DistributionSlice], level);
            double filteredQuantile = HistoricalSimulation.EmpiricalQuantile(fit.StandardizedResiduals, level);
            // Filter through the block with the refit's parameters; day d reads residuals up to d-1.
            var (residuals, sigma2) = model.Filter(parameters, returns[trainStart..(blockEnd - 1)], fit.Backcast);
            for (int day = blockStart; day < blockEnd; day++)
            {
                int known = day - trainStart - holdBack;
                double variance = model.Volatility.NextVariance(parameters[model.VolatilitySlice], residuals.AsSpan(0, known), sigma2.AsSpan(0, known), fit.Backcast);
                mean[day] = model.Mean.ConditionalMean(parameters[model.MeanSlice], returns[day - 1]);
                volatility[day] = Math.Sqrt(variance);
                parametric[day] = mean[day] + (volatility[day] * parametricQuantile);
                filtered[day] = mean[day] + (volatility[day] * filteredQuantile);
            }
        }

        return new ArchVarForecast(parametric, filtered, mean, volatility, refits, nonConverged);
    }

    /// <summary>The alpha-quantile of the model's unit-variance shock distribution.</summary>
    /// <param name="distribution">Normal or standardized Student's t.</param>
    /// <param name="parameters">The distribution's parameter slice (<c>nu</c> for Student's t).</param>
    /// <param name="level">Quantile level alpha in (0, 1).</param>
    public static double StandardizedQuantile(Distribution distribution, ReadOnlySpan<double> parameters, double level)
    {
        HistoricalSimulation.RequireLevel(level);
        return distribution switch
        {
            NormalDistribution => Normal.InvCDF(0, 1, level),
            // A Student's t with nu degrees of freedom has variance nu / (nu - 2); rescale to unit variance.
            StudentTDistribution => StudentT.InvCDF(0, 1, parameters[0], level) * Math.Sqrt((parameters[0] - 2) / parameters[0]),
            _ => throw new ArgumentException($"No closed-form quantile for {distribution.Name}.", nameof(distribution)),
        };
    }

    private static double[] Filled(int n)
    {
        var values = new double[n];
        values.AsSpan().Fill(double.NaN);
        return values;
    }
}
