using System.Diagnostics;

namespace VolNotebooks.Econometrics;

/// <summary>A univariate volatility model composed of a mean, a volatility process and a shock distribution, as in arch.</summary>
/// <remarks>
/// <para>Returns are in percent (100 x log return of the adjusted close) by convention; variances in percent squared, daily.</para>
/// <para>The flat parameter vector is <c>[mean | volatility | distribution]</c>; <see cref="ParameterNames"/> gives the
/// textbook name of every slot (a name two components share is qualified: EWMA with a skewed t has <c>lambda</c> and
/// <c>dist.lambda</c>). The log-likelihood reads as three steps: residuals <c>e = y - m(theta_mean)</c>, conditional
/// variance <c>sigma2 = g(e; theta_vol, backcast)</c>, density <c>sum ln f(e; sigma2, theta_dist)</c>.</para>
/// <para>The backcast is computed once per sample from the residuals at the mean's least-squares estimates
/// (see <see cref="VolatilityProcess.Backcast"/>), then held fixed while the parameters move.</para>
/// </remarks>
public sealed class ArchModel
{
    private readonly string[] _names;

    /// <summary>Composes a model from its three components.</summary>
    public ArchModel(MeanModel mean, VolatilityProcess volatility, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(volatility);
        ArgumentNullException.ThrowIfNull(distribution);
        Mean = mean;
        Volatility = volatility;
        Distribution = distribution;
        // Names stay textbook-short; only a clash (EWMA's lambda with the skewed t's lambda) is qualified by component.
        var names = new List<string>(mean.ParameterNames);
        foreach (string name in volatility.ParameterNames) names.Add(names.Contains(name) ? "vol." + name : name);
        foreach (string name in distribution.ParameterNames) names.Add(names.Contains(name) ? "dist." + name : name);
        _names = [.. names];
    }

    /// <summary>The conditional mean component.</summary>
    public MeanModel Mean { get; }

    /// <summary>The conditional variance component.</summary>
    public VolatilityProcess Volatility { get; }

    /// <summary>The standardized shock distribution.</summary>
    public Distribution Distribution { get; }

    /// <summary>Textbook names of all parameters in flat-vector order.</summary>
    public IReadOnlyList<string> ParameterNames => _names;

    /// <summary>Total number of parameters.</summary>
    public int ParameterCount => _names.Length;

    /// <summary>Position of the mean parameters in the flat vector.</summary>
    public Range MeanSlice => new(0, Mean.ParameterCount);

    /// <summary>Position of the volatility parameters in the flat vector.</summary>
    public Range VolatilitySlice => new(Mean.ParameterCount, Mean.ParameterCount + Volatility.ParameterCount);

    /// <summary>Position of the distribution parameters in the flat vector.</summary>
    public Range DistributionSlice => new(Mean.ParameterCount + Volatility.ParameterCount, ParameterCount);

    /// <summary>Backcast of this model for a sample: the volatility backcast of the residuals at the mean's least-squares estimates.</summary>
    public double Backcast(ReadOnlySpan<double> returns)
    {
        var residuals = new double[returns.Length - Mean.HoldBack];
        Mean.Residuals(Mean.StartingValues(returns), returns, residuals);
        return VolatilityProcess.Backcast(residuals);
    }

    /// <summary>Log-likelihood of <paramref name="returns"/> at <paramref name="parameters"/>, with the sample's own backcast.</summary>
    public double LogLikelihood(ReadOnlySpan<double> parameters, ReadOnlySpan<double> returns) =>
        LogLikelihood(parameters, returns, Backcast(returns));

    /// <summary>Log-likelihood of <paramref name="returns"/> at <paramref name="parameters"/> with a given backcast; NaN where a variance is not positive.</summary>
    public double LogLikelihood(ReadOnlySpan<double> parameters, ReadOnlySpan<double> returns, double backcast)
    {
        RequireParameterCount(parameters);
        var likelihood = new ArchLikelihood(this, returns, backcast);
        return likelihood.LogLikelihood(parameters);
    }

    /// <summary>Conditional variances and residuals at <paramref name="parameters"/> (both aligned with <c>returns[Mean.HoldBack..]</c>).</summary>
    public (double[] Residuals, double[] ConditionalVariance) Filter(ReadOnlySpan<double> parameters, ReadOnlySpan<double> returns, double backcast)
    {
        RequireParameterCount(parameters);
        var residuals = new double[returns.Length - Mean.HoldBack];
        var sigma2 = new double[residuals.Length];
        Mean.Residuals(parameters[MeanSlice], returns, residuals);
        Volatility.ComputeVariance(parameters[VolatilitySlice], residuals, backcast, sigma2);
        return (residuals, sigma2);
    }

    /// <summary>Bounds of every parameter for this sample, in flat-vector order.</summary>
    public ParameterBounds[] Bounds(ReadOnlySpan<double> returns)
    {
        double[] meanStart = Mean.StartingValues(returns);
        var residuals = new double[returns.Length - Mean.HoldBack];
        Mean.Residuals(meanStart, returns, residuals);
        return [.. Mean.Bounds(returns), .. Volatility.Bounds(residuals), .. Distribution.Bounds()];
    }

    /// <summary>Candidate starting vectors: the mean's least-squares fit, each volatility candidate and the distribution's defaults.</summary>
    public IReadOnlyList<double[]> StartingValueCandidates(ReadOnlySpan<double> returns)
    {
        double[] meanStart = Mean.StartingValues(returns);
        var residuals = new double[returns.Length - Mean.HoldBack];
        Mean.Residuals(meanStart, returns, residuals);
        double[] distributionStart = Distribution.StartingValues();
        return Volatility.StartingValueCandidates(residuals)
            .Select(volatilityStart => (double[])[.. meanStart, .. volatilityStart, .. distributionStart])
            .ToList();
    }

    /// <summary>True when <paramref name="parameters"/> satisfies the volatility process's linear constraints.</summary>
    public bool SatisfiesConstraints(ReadOnlySpan<double> parameters)
    {
        ReadOnlySpan<double> volatility = parameters[VolatilitySlice];
        foreach (var constraint in Volatility.Constraints)
            if (!constraint.IsSatisfiedBy(volatility)) return false;
        return true;
    }

    /// <summary>Fits the model to <paramref name="returns"/> (percent) by maximum likelihood.</summary>
    /// <remarks>
    /// Every starting candidate is scored by its log-likelihood; the optimizer (<see cref="BoundedQuasiNewton"/>) runs from
    /// the best <see cref="ArchFitOptions.Starts"/> of them (a feasible warm start given in the options is run first) and the best
    /// optimum is kept. Standard errors follow in <see cref="ArchFitResult"/>.
    /// </remarks>
    public ArchFitResult Fit(ReadOnlySpan<double> returns, ArchFitOptions? options = null)
    {
        options ??= new ArchFitOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Starts, 1, nameof(options));
        int minimum = Mean.HoldBack + ParameterCount + 10;
        if (returns.Length < minimum)
            throw new ArgumentException($"A {Volatility.Name} fit needs at least {minimum} returns; got {returns.Length}.", nameof(returns));
        foreach (double y in returns)
            if (!double.IsFinite(y)) throw new ArgumentException("Returns must be finite.", nameof(returns));
        if (options.StartingValues is { } warm && warm.Length != ParameterCount)
            throw new ArgumentException($"StartingValues must have {ParameterCount} elements ({string.Join(", ", _names)}).", nameof(options));

        long started = Stopwatch.GetTimestamp();
        double backcast = options.Backcast ?? Backcast(returns);
        var likelihood = new ArchLikelihood(this, returns, backcast);
        ParameterBounds[] bounds = Bounds(returns);
        int observations = likelihood.Observations;
        double Objective(double[] theta)
        {
            if (!SatisfiesConstraints(theta)) return double.PositiveInfinity;
            double value = likelihood.LogLikelihood(theta);
            return double.IsFinite(value) ? -value / observations : double.PositiveInfinity;
        }

        var starts = new List<double[]>();
        if (options.StartingValues is not null)
        {
            // A warm start that is infeasible here (another sample, another model) falls back to the grid.
            double[] warmStart = ClampInto(options.StartingValues, bounds);
            if (double.IsFinite(Objective(warmStart))) starts.Add(warmStart);
        }
        if (starts.Count == 0 || options.Starts > starts.Count)
        {
            var scored = StartingValueCandidates(returns)
                .Select(candidate => (Candidate: candidate, Value: Objective(candidate)))
                .Where(pair => double.IsFinite(pair.Value))
                .OrderBy(pair => pair.Value)
                .Take(Math.Max(1, options.Starts - starts.Count))
                .Select(pair => pair.Candidate);
            starts.AddRange(scored);
        }
        if (starts.Count == 0)
            throw new InvalidOperationException($"No starting value of the {Volatility.Name} model gives a finite likelihood.");

        var optimizer = new BoundedQuasiNewton(options.GradientTolerance, options.FunctionTolerance, options.MaximumIterations);
        OptimizationResult? best = null;
        int totalIterations = 0;
        foreach (double[] start in starts)
        {
            OptimizationResult result = optimizer.Minimize(Objective, start, bounds, likelihood.InverseScoreOuterProduct(start));
            totalIterations += result.Iterations;
            if (best is null || result.Value < best.Value || (!best.Converged && result.Converged && result.Value <= best.Value + 1e-12))
                best = result;
        }
        Debug.Assert(best is not null);

        double[] parameters = best.Point;
        double logLikelihood = likelihood.LogLikelihood(parameters);
        CovarianceEstimates? covariance = options.ComputeStandardErrors ? likelihood.Covariance(parameters) : null;
        var (residuals, sigma2) = Filter(parameters, returns, backcast);
        double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new ArchFitResult(
            this, parameters, logLikelihood, observations, backcast, best, totalIterations, starts.Count,
            covariance, residuals, sigma2, returns[^1], milliseconds);
    }

    /// <summary>Simulates <paramref name="count"/> returns (percent) from the model at <paramref name="parameters"/>.</summary>
    /// <param name="parameters">Flat parameter vector.</param>
    /// <param name="count">Number of returns to keep.</param>
    /// <param name="seed">Seed of the shock generator.</param>
    /// <param name="burnIn">Leading draws discarded so the start-up value is forgotten.</param>
    /// <param name="initialVariance">Variance before the first draw; defaults to the process's long-run variance.</param>
    public ArchSimulation Simulate(double[] parameters, int count, int seed, int burnIn = 500, double? initialVariance = null) =>
        Simulate(parameters, count, SeededRandom.Create(seed), burnIn, initialVariance);

    /// <summary>Simulates <paramref name="count"/> returns (percent) drawing shocks from <paramref name="random"/>.</summary>
    /// <param name="parameters">Flat parameter vector.</param>
    /// <param name="count">Number of returns to keep.</param>
    /// <param name="random">Source of the shocks.</param>
    /// <param name="burnIn">Leading draws discarded so the start-up value is forgotten.</param>
    /// <param name="initialVariance">Variance before the first draw; defaults to the process's long-run variance.</param>
    public ArchSimulation Simulate(double[] parameters, int count, Random random, int burnIn = 500, double? initialVariance = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(random);
        if (parameters.Length != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} parameters.", nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(burnIn);
        double start = initialVariance ?? Volatility.LongRunVariance(parameters.AsSpan(VolatilitySlice));
        if (!(start > 0) || !double.IsFinite(start))
            throw new ArgumentException($"{Volatility.Name} has no long-run variance at these parameters; pass initialVariance.", nameof(initialVariance));

        int total = count + burnIn;
        var returns = new double[total];
        var residuals = new double[total];
        var sigma2 = new double[total];
        ReadOnlySpan<double> meanParameters = parameters.AsSpan(MeanSlice);
        ReadOnlySpan<double> volatilityParameters = parameters.AsSpan(VolatilitySlice);
        ReadOnlySpan<double> distributionParameters = parameters.AsSpan(DistributionSlice);
        double previousReturn = 0.0;
        for (int t = 0; t < total; t++)
        {
            sigma2[t] = Volatility.NextVariance(volatilityParameters, residuals.AsSpan(0, t), sigma2.AsSpan(0, t), start);
            residuals[t] = Math.Sqrt(sigma2[t]) * Distribution.Sample(distributionParameters, random);
            returns[t] = Mean.ConditionalMean(meanParameters, previousReturn) + residuals[t];
            previousReturn = returns[t];
        }
        return new ArchSimulation(returns[burnIn..], sigma2[burnIn..], residuals[burnIn..]);
    }

    private void RequireParameterCount(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"Expected {ParameterCount} parameters ({string.Join(", ", _names)}); got {parameters.Length}.", nameof(parameters));
    }

    private static double[] ClampInto(double[] values, ParameterBounds[] bounds)
    {
        var clamped = new double[values.Length];
        for (int i = 0; i < values.Length; i++) clamped[i] = bounds[i].Clamp(values[i]);
        return clamped;
    }
}

/// <summary>Options of <see cref="ArchModel.Fit"/>.</summary>
public sealed record ArchFitOptions
{
    /// <summary>Warm start (flat vector), e.g. the previous window's estimates; run before the grid candidates.</summary>
    public double[]? StartingValues { get; init; }

    /// <summary>Number of optimizer runs, from the best-scoring starting candidates (default 2).</summary>
    public int Starts { get; init; } = 2;

    /// <summary>Whether to compute classic and robust standard errors (skip in rolling studies).</summary>
    public bool ComputeStandardErrors { get; init; } = true;

    /// <summary>Backcast to use instead of the sample's own (rarely needed).</summary>
    public double? Backcast { get; init; }

    /// <summary>Projected-gradient tolerance on the per-observation negative log-likelihood.</summary>
    public double GradientTolerance { get; init; } = 1e-7;

    /// <summary>Relative change tolerance on the per-observation negative log-likelihood.</summary>
    public double FunctionTolerance { get; init; } = 1e-13;

    /// <summary>Iteration limit per optimizer run.</summary>
    public int MaximumIterations { get; init; } = 300;
}

/// <summary>A simulated sample: returns (percent), their conditional variances and the residuals <c>e_t = sigma_t z_t</c>.</summary>
/// <param name="Returns">Simulated returns.</param>
/// <param name="ConditionalVariance">True conditional variance of each return.</param>
/// <param name="Residuals">Return minus conditional mean.</param>
public sealed record ArchSimulation(double[] Returns, double[] ConditionalVariance, double[] Residuals);
