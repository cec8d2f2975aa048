using System.Diagnostics;

namespace VolNotebooks.Econometrics;

/// <summary>How the estimation sample moves through an out-of-sample study.</summary>
public enum EstimationWindow
{
    /// <summary>A fixed number of the most recent returns before each refit.</summary>
    Rolling,

    /// <summary>All returns from the start of the series up to each refit.</summary>
    Expanding,
}

/// <summary>Settings of <see cref="OutOfSampleStudy.Run"/>.</summary>
public sealed record OutOfSampleOptions
{
    /// <summary>First date to forecast (inclusive); the first test day is the first trading date on or after it.</summary>
    public required DateOnly TestStart { get; init; }

    /// <summary>Last date to forecast (inclusive); null forecasts to the end of the series.</summary>
    public DateOnly? TestEnd { get; init; }

    /// <summary>Rolling or expanding estimation sample.</summary>
    public EstimationWindow Window { get; init; } = EstimationWindow.Rolling;

    /// <summary>Returns in each rolling estimation sample (ignored for expanding windows, which start at the first return).</summary>
    public int WindowLength { get; init; } = 1000;

    /// <summary>Trading days between re-estimations (21 is about monthly).</summary>
    public int RefitEvery { get; init; } = 21;

    /// <summary>Horizons in trading days of the cumulative volatility forecasts, e.g. 1, 5 and 22.</summary>
    public int[] Horizons { get; init; } = [1, 5, 22];

    /// <summary>Start each refit from the previous estimates (one optimizer run) instead of the starting grid.</summary>
    public bool WarmStart { get; init; } = true;

    /// <summary>Simulated paths per forecast for processes without analytic multi-step forecasts (EGARCH).</summary>
    public int SimulationPaths { get; init; } = 1000;

    /// <summary>Seed of those simulations; each refit draws one set of shocks that every day until the next refit reuses.</summary>
    public int Seed { get; init; } = 12345;
}

/// <summary>One re-estimation inside an out-of-sample study.</summary>
/// <param name="FirstForecastDate">First date whose forecast uses these estimates.</param>
/// <param name="TrainingStart">Date of the first return in the estimation sample.</param>
/// <param name="TrainingEnd">Date of the last return in the estimation sample (the day before <paramref name="FirstForecastDate"/>).</param>
/// <param name="Parameters">Estimates in the model's flat-vector order.</param>
/// <param name="LogLikelihood">Maximized log-likelihood on the estimation sample.</param>
/// <param name="Converged">Whether the optimizer stopped on a tolerance.</param>
/// <param name="ExitReason">Why the optimizer stopped.</param>
/// <param name="Iterations">Optimizer iterations (all starts).</param>
public sealed record OutOfSampleRefit(
    DateOnly FirstForecastDate, DateOnly TrainingStart, DateOnly TrainingEnd, double[] Parameters, double LogLikelihood,
    bool Converged, OptimizerExitReason ExitReason, int Iterations);

/// <summary>Date-aligned out-of-sample forecasts: entry i forecasts from information up to the trading day before <c>Dates[i]</c>.</summary>
/// <param name="Dates">Target date t of each one-step forecast; the h-day window of entry i is trading days t..t+h-1.</param>
/// <param name="OneStepMean">Conditional mean forecast of the return on <c>Dates[i]</c> (percent).</param>
/// <param name="OneStepVariance">Conditional variance forecast <c>E_{t-1}[sigma2_t]</c> (percent squared, daily).</param>
/// <param name="Horizons">Horizons of <paramref name="CumulativeVolatility"/>, in trading days.</param>
/// <param name="CumulativeVolatility">
/// [horizon index][i]: <c>sqrt(sum_{j=0..h-1} E_{t-1}[sigma2_{t+j}])</c> in percent, the forecast of the h-day realized volatility
/// of percent log returns starting on <c>Dates[i]</c>.
/// </param>
/// <param name="HorizonVariance">[horizon index][i]: the h-step-ahead daily variance <c>E_{t-1}[sigma2_{t+h-1}]</c> (percent squared).</param>
/// <param name="Refits">Every re-estimation, in order, with its convergence status.</param>
/// <param name="ElapsedMilliseconds">Wall-clock time of the whole study.</param>
public sealed record OutOfSampleForecast(
    DateOnly[] Dates, double[] OneStepMean, double[] OneStepVariance, int[] Horizons, double[][] CumulativeVolatility,
    double[][] HorizonVariance, IReadOnlyList<OutOfSampleRefit> Refits, double ElapsedMilliseconds)
{
    /// <summary>Number of re-estimations that did not converge (reported, never hidden).</summary>
    public int NonConvergedRefits => Refits.Count(refit => !refit.Converged);

    /// <summary>The cumulative volatility series for one of <see cref="Horizons"/>.</summary>
    public double[] CumulativeVolatilityFor(int horizon)
    {
        int index = Array.IndexOf(Horizons, horizon);
        if (index < 0) throw new ArgumentException($"Horizon {horizon} was not forecast; horizons are {string.Join(", ", Horizons)}.", nameof(horizon));
        return CumulativeVolatility[index];
    }
}

/// <summary>Rolling or expanding re-estimation with date-aligned one-step and multi-step forecasts over a test period.</summary>
/// <remarks>
/// The model is refitted on the first test day and every <see cref="OutOfSampleOptions.RefitEvery"/> trading days after,
/// each time on returns strictly before that day; between refits the parameters stay fixed while the variance recursion
/// keeps absorbing the newly observed returns. No forecast sees its own target day or anything later.
/// </remarks>
public static class OutOfSampleStudy
{
    /// <summary>Runs the study on <paramref name="returns"/> (percent) dated by <paramref name="dates"/> (ascending, same length).</summary>
    public static OutOfSampleForecast Run(ArchModel model, ReadOnlySpan<double> returns, ReadOnlySpan<DateOnly> dates, OutOfSampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (returns.Length != dates.Length) throw new ArgumentException("returns and dates must have the same length.", nameof(dates));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RefitEvery);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.WindowLength);
        if (options.Horizons.Length == 0 || options.Horizons.Any(h => h <= 0))
            throw new ArgumentException("Horizons must be positive.", nameof(options));
        for (int i = 1; i < dates.Length; i++)
            if (dates[i] <= dates[i - 1]) throw new ArgumentException($"Dates must be strictly ascending (at {dates[i]}).", nameof(dates));

        long started = Stopwatch.GetTimestamp();
        int first = 0;
        while (first < dates.Length && dates[first] < options.TestStart) first++;
        int last = dates.Length - 1;
        if (options.TestEnd is { } end) while (last >= 0 && dates[last] > end) last--;
        if (first > last) throw new ArgumentException($"No trading day between {options.TestStart} and {options.TestEnd?.ToString() ?? "the end"}.", nameof(options));
        if (options.Window == EstimationWindow.Rolling && first < options.WindowLength)
            throw new ArgumentException($"A rolling window of {options.WindowLength} returns needs that many returns before {dates[first]}; there are {first}.", nameof(options));

        int days = last - first + 1;
        int maxHorizon = options.Horizons.Max();
        var oneStepMean = new double[days];
        var oneStepVariance = new double[days];
        var cumulative = options.Horizons.Select(_ => new double[days]).ToArray();
        var horizonVariance = options.Horizons.Select(_ => new double[days]).ToArray();
        var refits = new List<OutOfSampleRefit>();
        var path = new double[maxHorizon];
        double[]? previous = null;
        int holdBack = model.Mean.HoldBack;

        for (int blockStart = first; blockStart <= last; blockStart += options.RefitEvery)
        {
            int blockEnd = Math.Min(blockStart + options.RefitEvery, last + 1);
            int trainStart = options.Window == EstimationWindow.Rolling ? blockStart - options.WindowLength : 0;
            ReadOnlySpan<double> training = returns[trainStart..blockStart];
            var fitOptions = new ArchFitOptions
            {
                ComputeStandardErrors = false,
                StartingValues = options.WarmStart ? previous : null,
                Starts = options.WarmStart && previous is not null ? 1 : 2,
            };
            ArchFitResult fit = model.Fit(training, fitOptions);
            previous = fit.Parameters;
            refits.Add(new OutOfSampleRefit(dates[blockStart], dates[trainStart], dates[blockStart - 1], fit.Parameters,
                fit.LogLikelihood, fit.Converged, fit.ExitReason, fit.TotalIterations));

            // Filter through the block with the refit's parameters and backcast; the day-d forecast reads history up to d-1.
            var (residuals, sigma2) = model.Filter(fit.Parameters, returns[trainStart..(blockEnd - 1)], fit.Backcast);
            ReadOnlySpan<double> parameters = fit.Parameters;
            ReadOnlySpan<double> volatility = parameters[model.VolatilitySlice];
            double negativeSquareShare = model.Distribution.NegativeSquareShare(parameters[model.DistributionSlice]);
            ForecastSimulation? simulation = null;
            if (!model.Volatility.HasAnalyticForecast)
            {
                // Common random numbers: one draw of shocks per refit keeps day-to-day changes free of simulation noise.
                simulation = new ForecastSimulation(model.Distribution, parameters[model.DistributionSlice].ToArray(), options.SimulationPaths, options.Seed);
                simulation = simulation with { StandardizedShocks = simulation.DrawShocks(maxHorizon) };
            }
            for (int day = blockStart; day < blockEnd; day++)
            {
                int known = day - trainStart - holdBack;
                model.Volatility.ForecastVariance(volatility, residuals.AsSpan(0, known), sigma2.AsSpan(0, known), fit.Backcast, path, simulation, negativeSquareShare);
                int i = day - first;
                oneStepMean[i] = model.Mean.ConditionalMean(parameters[model.MeanSlice], day > 0 ? returns[day - 1] : 0.0);
                oneStepVariance[i] = path[0];
                double sum = 0;
                for (int h = 0; h < maxHorizon; h++)
                {
                    sum += path[h];
                    for (int j = 0; j < options.Horizons.Length; j++)
                        if (options.Horizons[j] == h + 1)
                        {
                            cumulative[j][i] = Math.Sqrt(sum);
                            horizonVariance[j][i] = path[h];
                        }
                }
            }
        }

        return new OutOfSampleForecast(dates[first..(last + 1)].ToArray(), oneStepMean, oneStepVariance, [.. options.Horizons],
            cumulative, horizonVariance, refits, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
