namespace VolNotebooks.Features;

/// <summary>Trailing-window statistics over a column, aligned with it: the value at <c>t</c> uses rows <c>t-w+1..t</c> only.</summary>
/// <remarks>
/// Like pandas' <c>rolling(w)</c> with its default <c>min_periods = w</c>: the first <c>w-1</c> values are NaN, and so
/// is any window that contains a NaN. Each window is computed directly (two passes for the standard deviation), not by
/// running sums, so long series accumulate no rounding drift.
/// </remarks>
public static class Rolling
{
    /// <summary>Trailing mean over <paramref name="window"/> rows.</summary>
    /// <param name="values">The column.</param>
    /// <param name="window">Window length, at least 1.</param>
    public static double[] Mean(ReadOnlySpan<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = NaNs(values.Length);
        for (var t = window - 1; t < values.Length; t++)
            result[t] = MeanOf(values.Slice(t - window + 1, window));
        return result;
    }

    /// <summary>Trailing standard deviation over <paramref name="window"/> rows.</summary>
    /// <param name="values">The column.</param>
    /// <param name="window">Window length, greater than <paramref name="ddof"/>.</param>
    /// <param name="ddof">Delta degrees of freedom: 1 (default, pandas' sample deviation) or 0 (population).</param>
    public static double[] StandardDeviation(ReadOnlySpan<double> values, int window, int ddof = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, ddof);
        var result = NaNs(values.Length);
        for (var t = window - 1; t < values.Length; t++)
            result[t] = Math.Sqrt(VarianceOf(values.Slice(t - window + 1, window), ddof));
        return result;
    }

    /// <summary>Trailing root mean square, <c>sqrt(mean(x^2))</c>, over <paramref name="window"/> rows.</summary>
    /// <param name="values">The column.</param>
    /// <param name="window">Window length, at least 1.</param>
    public static double[] RootMeanSquare(ReadOnlySpan<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = NaNs(values.Length);
        for (var t = window - 1; t < values.Length; t++)
        {
            var sum = 0.0;
            foreach (var v in values.Slice(t - window + 1, window)) sum += v * v;
            result[t] = Math.Sqrt(sum / window);
        }

        return result;
    }

    /// <summary>Trailing maximum over <paramref name="window"/> rows.</summary>
    /// <param name="values">The column.</param>
    /// <param name="window">Window length, at least 1.</param>
    public static double[] Max(ReadOnlySpan<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = NaNs(values.Length);
        for (var t = window - 1; t < values.Length; t++)
        {
            var max = double.NegativeInfinity;
            foreach (var v in values.Slice(t - window + 1, window)) max = double.IsNaN(v) || double.IsNaN(max) ? double.NaN : Math.Max(max, v);
            result[t] = max;
        }

        return result;
    }

    /// <summary>Trailing z-score: <c>(x_t - mean) / std</c> over the window ending at <c>t</c> (sample deviation).</summary>
    /// <param name="values">The column.</param>
    /// <param name="window">Window length, at least 2.</param>
    /// <remarks>NaN where the window is constant (zero deviation).</remarks>
    public static double[] ZScore(ReadOnlySpan<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var result = NaNs(values.Length);
        for (var t = window - 1; t < values.Length; t++)
        {
            var slice = values.Slice(t - window + 1, window);
            var sd = Math.Sqrt(VarianceOf(slice, 1));
            result[t] = sd > 0 ? (values[t] - MeanOf(slice)) / sd : double.NaN;
        }

        return result;
    }

    /// <summary>The column shifted down by <paramref name="lag"/> rows: the value at <c>t</c> is <c>x[t-lag]</c>.</summary>
    /// <param name="values">The column.</param>
    /// <param name="lag">Rows to look back, at least 0.</param>
    public static double[] Lag(ReadOnlySpan<double> values, int lag)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lag);
        var result = NaNs(values.Length);
        if (lag < values.Length) values[..^lag].CopyTo(result.AsSpan(lag));
        return result;
    }

    /// <summary>Exponentially weighted moving average with decay <paramref name="lambda"/>, seeded with the first value.</summary>
    /// <param name="values">The column; the average restarts after a NaN.</param>
    /// <param name="lambda">Weight of the previous average, in (0, 1); RiskMetrics uses 0.94.</param>
    /// <remarks><c>m_t = lambda m_(t-1) + (1 - lambda) x_t</c>, <c>m_0 = x_0</c> (pandas <c>ewm(alpha=1-lambda, adjust=False)</c>).</remarks>
    public static double[] ExponentialMean(ReadOnlySpan<double> values, double lambda)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lambda, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lambda, 1.0);
        var result = NaNs(values.Length);
        var previous = double.NaN;
        for (var t = 0; t < values.Length; t++)
        {
            previous = double.IsNaN(previous) ? values[t] : (lambda * previous) + ((1 - lambda) * values[t]);
            result[t] = previous;
        }

        return result;
    }

    /// <summary>Trailing sample skewness (bias-corrected, as pandas' <c>rolling(w).skew()</c>).</summary>
    /// <param name="values">The column.</param>
    /// <param name="window">Window length, at least 3.</param>
    /// <remarks><c>G1 = sqrt(n(n-1))/(n-2) * m3 / m2^1.5</c> with central moments <c>m_k</c>; NaN for a constant window.</remarks>
    public static double[] Skewness(ReadOnlySpan<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 3);
        var result = NaNs(values.Length);
        double n = window;
        for (var t = window - 1; t < values.Length; t++)
        {
            var (m2, m3, _) = CentralMoments(values.Slice(t - window + 1, window));
            result[t] = m2 > 0 ? Math.Sqrt(n * (n - 1)) / (n - 2) * m3 / Math.Pow(m2, 1.5) : double.NaN;
        }

        return result;
    }

    /// <summary>Trailing sample excess kurtosis (bias-corrected, as pandas' <c>rolling(w).kurt()</c>).</summary>
    /// <param name="values">The column.</param>
    /// <param name="window">Window length, at least 4.</param>
    /// <remarks><c>G2 = ((n+1) g2 + 6) (n-1) / ((n-2)(n-3))</c> with <c>g2 = m4/m2^2 - 3</c>; NaN for a constant window.</remarks>
    public static double[] ExcessKurtosis(ReadOnlySpan<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 4);
        var result = NaNs(values.Length);
        double n = window;
        for (var t = window - 1; t < values.Length; t++)
        {
            var (m2, _, m4) = CentralMoments(values.Slice(t - window + 1, window));
            var g2 = (m4 / (m2 * m2)) - 3;
            result[t] = m2 > 0 ? (((n + 1) * g2) + 6) * (n - 1) / ((n - 2) * (n - 3)) : double.NaN;
        }

        return result;
    }

    private static (double M2, double M3, double M4) CentralMoments(ReadOnlySpan<double> values)
    {
        var mean = MeanOf(values);
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        return (m2 / values.Length, m3 / values.Length, m4 / values.Length);
    }

    internal static double MeanOf(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    internal static double VarianceOf(ReadOnlySpan<double> values, int ddof)
    {
        var mean = MeanOf(values);
        var sum = 0.0;
        foreach (var v in values) sum += (v - mean) * (v - mean);
        return sum / (values.Length - ddof);
    }

    internal static double[] NaNs(int length)
    {
        var result = new double[length];
        Array.Fill(result, double.NaN);
        return result;
    }
}
