namespace VolNotebooks.Risk;

/// <summary>Historical-simulation VaR: the empirical alpha-quantile of the last returns.</summary>
/// <remarks>
/// Every VaR series in this namespace is aligned with its returns: entry t is day t's one-day VaR, a negative number in
/// the returns' unit, computed from returns <c>0 .. t-1</c> only; entries without enough history are NaN.
/// </remarks>
public static class HistoricalSimulation
{
    /// <summary>Trading days in the usual one-year window.</summary>
    public const int DefaultWindow = 250;

    /// <summary>The empirical alpha-quantile of <paramref name="sample"/>: the inverse of its empirical distribution function.</summary>
    /// <remarks>The <c>ceil(alpha m)</c>-th smallest of m values (Hyndman and Fan 1996, definition 1), so at least a share alpha of
    /// the sample is at or below it; 250 days at alpha = 0.01 give the third smallest return.</remarks>
    /// <param name="sample">Values, all finite; not modified.</param>
    /// <param name="level">Quantile level alpha in (0, 1).</param>
    public static double EmpiricalQuantile(ReadOnlySpan<double> sample, double level)
    {
        if (sample.IsEmpty) throw new ArgumentException("The sample is empty.", nameof(sample));
        RequireLevel(level);
        double[] sorted = sample.ToArray();
        Array.Sort(sorted);
        int rank = Math.Max(1, (int)Math.Ceiling((level * sorted.Length) - 1e-12));
        return sorted[rank - 1];
    }

    /// <summary>One-day VaR at level alpha: day t's VaR is the empirical alpha-quantile of returns <c>t-window .. t-1</c>.</summary>
    /// <param name="returns">Daily returns, finite.</param>
    /// <param name="level">VaR level alpha in (0, 1), e.g. 0.01 for a 99% VaR.</param>
    /// <param name="window">Returns in each window; the first <paramref name="window"/> entries are NaN.</param>
    public static double[] OneDayVar(ReadOnlySpan<double> returns, double level, int window = DefaultWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        RequireLevel(level);
        var valueAtRisk = new double[returns.Length];
        for (int t = 0; t < valueAtRisk.Length; t++)
            valueAtRisk[t] = t < window ? double.NaN : EmpiricalQuantile(returns[(t - window)..t], level);
        return valueAtRisk;
    }

    internal static void RequireLevel(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The VaR level alpha must lie in (0, 1).");
    }
}
