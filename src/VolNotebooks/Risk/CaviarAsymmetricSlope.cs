using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Risk;

/// <summary>Settings of <see cref="CaviarAsymmetricSlope.Fit"/>.</summary>
public sealed record CaviarOptions
{
    /// <summary>Random parameter vectors scored before the search (Engle and Manganelli draw many and keep the best few).</summary>
    public int Candidates { get; init; } = 1000;

    /// <summary>Best candidates each refined by a Nelder-Mead run.</summary>
    public int Starts { get; init; } = 5;

    /// <summary>Seed of the candidate draws.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Leading training returns whose empirical quantile is the first day's VaR (Engle and Manganelli use 300).</summary>
    public int InitialWindow { get; init; } = 300;
}

/// <summary>Engle and Manganelli's (2004) asymmetric-slope CAViaR: an autoregressive quantile fitted by minimizing the quantile loss.</summary>
/// <remarks>
/// <c>VaR_t = b0 + b1 VaR_{t-1} + b2 max(r_{t-1}, 0) + b3 max(-r_{t-1}, 0)</c>. Sign convention: here VaR is the
/// alpha-quantile itself, a negative return, where Engle and Manganelli write a positive VaR; so a loss yesterday
/// lowers today's VaR through <c>b3 &lt; 0</c>, and b0 is negative. The fit minimizes the mean quantile loss
/// (<see cref="VarBacktest.QuantileLoss"/>) over the training days after the first, whose VaR is the empirical alpha-quantile
/// of the first <see cref="CaviarOptions.InitialWindow"/> training returns: seeded random candidates are scored, the best
/// few refined by <see cref="NelderMead"/>, then the best result restarted once (the loss is not smooth). Vectors with
/// <c>|b1| &gt;= 1</c> are infeasible, which keeps the recursion stable.
/// </remarks>
public static class CaviarAsymmetricSlope
{
    /// <summary>Fits the model to <paramref name="trainingReturns"/> at quantile level alpha.</summary>
    /// <param name="trainingReturns">Returns of the training rows, finite, at least 50.</param>
    /// <param name="level">Quantile level alpha in (0, 1), e.g. 0.01.</param>
    /// <param name="options">Search settings; defaults when null.</param>
    public static CaviarFit Fit(ReadOnlySpan<double> trainingReturns, double level, CaviarOptions? options = null)
    {
        HistoricalSimulation.RequireLevel(level);
        options ??= new CaviarOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Candidates);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Starts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.InitialWindow);
        if (trainingReturns.Length < 50) throw new ArgumentException($"A CAViaR fit needs at least 50 returns; got {trainingReturns.Length}.", nameof(trainingReturns));
        foreach (double r in trainingReturns)
            if (!double.IsFinite(r)) throw new ArgumentException("Returns must be finite.", nameof(trainingReturns));

        double[] returns = trainingReturns.ToArray();
        double initial = HistoricalSimulation.EmpiricalQuantile(returns.AsSpan(0, Math.Min(options.InitialWindow, returns.Length)), level);
        double Loss(double[] b) => MeanLoss(b, initial, returns, level);

        // Candidates around a stationary quantile: b1 in (0, 1), a loss term b3 in (-1, 0), a small b2, and b0 so that the
        // fixed point b0 / (1 - b1) sits near the initial quantile.
        double meanLoss = returns.Average(r => Math.Max(-r, 0)), meanGain = returns.Average(r => Math.Max(r, 0));
        var random = SeededRandom.Create(options.Seed);
        var candidates = new List<(double[] Point, double Value)>(options.Candidates);
        for (int i = 0; i < options.Candidates; i++)
        {
            double b1 = random.NextDouble();
            double b2 = (random.NextDouble() - 0.5) * 0.5;
            double b3 = -random.NextDouble();
            double b0 = (initial * (1 - b1) * (0.5 + random.NextDouble())) - (b2 * meanGain) - (b3 * meanLoss);
            double[] point = [b0, b1, b2, b3];
            candidates.Add((point, Loss(point)));
        }

        var optimizer = new NelderMead();
        OptimizationResult? best = null;
        int runs = 0;
        foreach (var (point, _) in candidates.Where(c => double.IsFinite(c.Value)).OrderBy(c => c.Value).Take(options.Starts))
        {
            var result = optimizer.Minimize(Loss, point);
            runs++;
            if (best is null || result.Value < best.Value) best = result;
        }
        if (best is null) throw new InvalidOperationException("No CAViaR candidate gave a finite quantile loss.");

        // A restart rebuilds the simplex around the optimum: Nelder-Mead can stall on a kink of the piecewise-linear loss.
        var restart = optimizer.Minimize(Loss, best.Point);
        runs++;
        if (restart.Value <= best.Value) best = restart;
        return new CaviarFit(level, best.Point, initial, best.Value, best, runs);
    }

    /// <summary>The recursion <c>VaR_t = b0 + b1 VaR_{t-1} + b2 max(r_{t-1}, 0) + b3 max(-r_{t-1}, 0)</c> from <c>VaR_0 = initialVar</c>.</summary>
    /// <param name="parameters"><c>[b0, b1, b2, b3]</c>.</param>
    /// <param name="initialVar">VaR of day 0.</param>
    /// <param name="returns">Returns of days 0 .. n-1; day t's VaR reads only day t-1.</param>
    public static double[] Recursion(ReadOnlySpan<double> parameters, double initialVar, ReadOnlySpan<double> returns)
    {
        if (parameters.Length != 4) throw new ArgumentException("CAViaR has four parameters [b0, b1, b2, b3].", nameof(parameters));
        var valueAtRisk = new double[returns.Length];
        if (valueAtRisk.Length == 0) return valueAtRisk;
        valueAtRisk[0] = initialVar;
        for (int t = 1; t < valueAtRisk.Length; t++)
        {
            double r = returns[t - 1];
            valueAtRisk[t] = parameters[0] + (parameters[1] * valueAtRisk[t - 1]) + (parameters[2] * Math.Max(r, 0)) + (parameters[3] * Math.Max(-r, 0));
        }

        return valueAtRisk;
    }

    /// <summary>Fits on returns <c>0 .. trainingDays-1</c> and runs the recursion through every day; entries before <paramref name="trainingDays"/> are NaN (they are in-sample).</summary>
    /// <param name="returns">Daily returns, finite.</param>
    /// <param name="level">VaR level alpha in (0, 1).</param>
    /// <param name="trainingDays">Training rows at the start of the series.</param>
    /// <param name="options">Search settings; defaults when null.</param>
    public static (double[] Var, CaviarFit Fit) OneDayVar(ReadOnlySpan<double> returns, double level, int trainingDays, CaviarOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trainingDays, returns.Length);
        var fit = Fit(returns[..trainingDays], level, options);
        double[] valueAtRisk = fit.Recursion(returns);
        valueAtRisk.AsSpan(0, trainingDays).Fill(double.NaN);
        return (valueAtRisk, fit);
    }

    private static double MeanLoss(double[] b, double initial, double[] returns, double level)
    {
        if (!(Math.Abs(b[1]) < 1)) return double.PositiveInfinity;
        double valueAtRisk = initial, sum = 0;
        for (int t = 1; t < returns.Length; t++)
        {
            double previous = returns[t - 1];
            valueAtRisk = b[0] + (b[1] * valueAtRisk) + (b[2] * Math.Max(previous, 0)) + (b[3] * Math.Max(-previous, 0));
            double u = returns[t] - valueAtRisk;
            sum += (level - (u < 0 ? 1.0 : 0.0)) * u;
        }

        double mean = sum / (returns.Length - 1);
        return double.IsFinite(mean) ? mean : double.PositiveInfinity;
    }
}
