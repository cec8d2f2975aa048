namespace VolNotebooks.Econometrics;

/// <summary>Conditional variance recursion: the second of the three components an <see cref="ArchModel"/> composes.</summary>
/// <remarks>
/// A process maps residuals <c>e_0..e_{n-1}</c> (percent) to conditional variances <c>sigma2_0..sigma2_{n-1}</c>
/// (percent squared, daily). Values before the sample (lagged <c>e^2</c> and <c>sigma2</c> at negative times) are replaced
/// by the backcast of <see cref="Backcast"/>, computed once per fit.
/// <see cref="NextVariance"/> states the recursion one step at a time and is the reference the fast
/// <see cref="ComputeVariance"/> kernel must agree with.
/// </remarks>
public abstract class VolatilityProcess
{
    /// <summary>Number of squared residuals averaged by the backcast.</summary>
    public const int BackcastWindow = 75;

    /// <summary>Decay of the backcast's exponential weights.</summary>
    public const double BackcastDecay = 0.94;

    /// <summary>Textbook names of the process parameters, in flat-vector order (e.g. <c>omega</c>, <c>alpha[1]</c>, <c>beta[1]</c>).</summary>
    public abstract IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Number of process parameters.</summary>
    public int ParameterCount => ParameterNames.Count;

    /// <summary>Short label used in summaries, e.g. "GJR-GARCH".</summary>
    public abstract string Name { get; }

    /// <summary>Largest lag the recursion reads; the length of history a forecast needs.</summary>
    public abstract int MaxLag { get; }

    /// <summary>Candidate starting values; the model evaluates each and starts the optimizer from the best.</summary>
    public abstract IReadOnlyList<double[]> StartingValueCandidates(ReadOnlySpan<double> residuals);

    /// <summary>Bounds of each process parameter, scaled to the residuals' variance where relevant.</summary>
    public abstract ParameterBounds[] Bounds(ReadOnlySpan<double> residuals);

    /// <summary>Linear inequalities beyond the bounds (e.g. stationarity), indexed over this process's parameter slice.</summary>
    public virtual IReadOnlyList<LinearConstraint> Constraints => [];

    /// <summary>Initial variance used for all pre-sample lags (percent squared).</summary>
    /// <remarks>
    /// arch's backcast: <c>sum_{i&lt;m} w_i e_i^2</c> with <c>m = min(75, n)</c> and <c>w_i = 0.94^i / sum_j 0.94^j</c>,
    /// so the first observation carries the largest weight. The model computes it once, from the residuals at the mean's
    /// least-squares starting values (the sample mean for a constant mean).
    /// </remarks>
    public static double Backcast(ReadOnlySpan<double> residuals)
    {
        int m = Math.Min(BackcastWindow, residuals.Length);
        if (m == 0) throw new ArgumentException("The backcast needs at least one residual.", nameof(residuals));
        double weight = 1.0, weightSum = 0.0, weighted = 0.0;
        for (int i = 0; i < m; i++)
        {
            weighted += weight * residuals[i] * residuals[i];
            weightSum += weight;
            weight *= BackcastDecay;
        }
        return weighted / weightSum;
    }

    /// <summary>Conditional variance of the observation that follows the given history (both spans have the same length t).</summary>
    /// <remarks>Reference statement of the recursion: with t = 0 every lag comes from the backcast.</remarks>
    public abstract double NextVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast);

    /// <summary>Fills <paramref name="sigma2"/> with the conditional variances of all residuals; effectively calls <see cref="NextVariance"/> for t = 0..n-1.</summary>
    public virtual void ComputeVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, double backcast, Span<double> sigma2)
    {
        for (int t = 0; t < residuals.Length; t++)
            sigma2[t] = NextVariance(parameters, residuals[..t], sigma2[..t], backcast);
    }

    /// <summary>Unconditional variance implied by the parameters (percent squared), or NaN when the process has none.</summary>
    public abstract double LongRunVariance(ReadOnlySpan<double> parameters);

    /// <summary>True when multi-step forecasts are analytic; false when they need simulation (EGARCH).</summary>
    public virtual bool HasAnalyticForecast => false;

    /// <summary>Variance forecasts <c>E_T[sigma2_{T+h}]</c>, h = 1..destination.Length, from the history ending at T.</summary>
    /// <remarks>
    /// <paramref name="residuals"/> and <paramref name="sigma2"/> hold the history up to and including T (equal lengths).
    /// This base implementation simulates: each of <paramref name="simulation"/>.Paths paths draws shocks from the
    /// distribution and runs <see cref="NextVariance"/> forward; the forecast is the average simulated variance.
    /// Analytic processes override it with closed-form expectations; <paramref name="negativeSquareShare"/> is
    /// <c>E[z^2 1[z&lt;0]]</c> of the standardized shocks (<see cref="Distribution.NegativeSquareShare"/>, 0.5 when symmetric),
    /// which asymmetric (GJR) terms need.
    /// </remarks>
    public virtual void ForecastVariance(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast,
        Span<double> destination, ForecastSimulation? simulation = null, double negativeSquareShare = 0.5)
    {
        if (simulation is null)
            throw new ArgumentNullException(nameof(simulation), $"{Name} forecasts beyond one step need a simulation.");
        SimulateVarianceForecast(parameters, residuals, sigma2, backcast, destination, simulation);
    }

    /// <summary>Monte-Carlo variance forecasts h = 1..destination.Length: the average of <see cref="NextVariance"/> over simulated paths.</summary>
    /// <remarks>Available for every process, so analytic forecasts can be checked against simulation.</remarks>
    public void SimulateVarianceForecast(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast,
        Span<double> destination, ForecastSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(simulation.Paths);
        int lag = Math.Min(MaxLag, residuals.Length);
        int horizon = destination.Length;
        var e = new double[lag + horizon];
        var s = new double[lag + horizon];
        residuals[^lag..].CopyTo(e);
        sigma2[^lag..].CopyTo(s);
        double[] shocks = simulation.StandardizedShocks ?? simulation.DrawShocks(horizon);
        if (shocks.Length < simulation.Paths * horizon)
            throw new ArgumentException($"StandardizedShocks needs Paths x horizon = {simulation.Paths * horizon} values.", nameof(simulation));
        destination.Clear();
        for (int path = 0; path < simulation.Paths; path++)
        {
            for (int h = 0; h < horizon; h++)
            {
                int t = lag + h;
                double variance = NextVariance(parameters, e.AsSpan(0, t), s.AsSpan(0, t), backcast);
                s[t] = variance;
                e[t] = Math.Sqrt(variance) * shocks[path * horizon + h];
                destination[h] += variance;
            }
        }
        for (int h = 0; h < horizon; h++) destination[h] /= simulation.Paths;
    }
}

/// <summary>How to simulate variance forecasts for processes without an analytic multi-step formula.</summary>
/// <param name="Distribution">Distribution of the standardized shocks.</param>
/// <param name="DistributionParameters">The distribution's parameter slice.</param>
/// <param name="Paths">Number of simulated paths averaged per horizon.</param>
/// <param name="Seed">Seed of the <see cref="SeededRandom"/> generator that draws the shocks, so forecasts are reproducible.</param>
/// <param name="StandardizedShocks">
/// Optional pre-drawn shocks, path-major (<c>[path * horizon + h]</c>, at least Paths x horizon values). Reusing one set
/// across forecast origins (common random numbers) makes a series of simulated forecasts move only with the state,
/// not with simulation noise, and skips the sampling cost.
/// </param>
public sealed record ForecastSimulation(
    Distribution Distribution, double[] DistributionParameters, int Paths = 1000, int Seed = 12345, double[]? StandardizedShocks = null)
{
    /// <summary>Draws Paths x <paramref name="horizon"/> standardized shocks from <see cref="Seed"/>, path-major.</summary>
    public double[] DrawShocks(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        var random = SeededRandom.Create(Seed);
        var shocks = new double[Paths * horizon];
        for (int i = 0; i < shocks.Length; i++) shocks[i] = Distribution.Sample(DistributionParameters, random);
        return shocks;
    }
}
