namespace VolNotebooks.Evaluation;

/// <summary>Moments of a sample and the Jarque-Bera test of normality.</summary>
/// <param name="Count">Finite observations used.</param>
/// <param name="Mean">Sample mean.</param>
/// <param name="StandardDeviation">Sample standard deviation (n - 1).</param>
/// <param name="Skewness">Sample skewness <c>m3 / m2^1.5</c> (population moments, as in the Jarque-Bera statistic).</param>
/// <param name="ExcessKurtosis">Sample excess kurtosis <c>m4 / m2^2 - 3</c>.</param>
/// <param name="JarqueBera">Jarque-Bera statistic <c>n/6 (S^2 + K^2/4)</c>.</param>
/// <param name="JarqueBeraPValue">Its asymptotic p-value, <c>exp(-JB/2)</c> (chi-squared with 2 degrees of freedom).</param>
public sealed record DescriptiveStatistics(
    int Count, double Mean, double StandardDeviation, double Skewness, double ExcessKurtosis, double JarqueBera, double JarqueBeraPValue)
{
    /// <summary>Computes the statistics of the finite values of <paramref name="values"/>.</summary>
    /// <param name="values">The sample; NaN and infinities are ignored.</param>
    public static DescriptiveStatistics Of(ReadOnlySpan<double> values)
    {
        double n = 0, sum = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            n++;
            sum += v;
        }

        if (n < 2) throw new ArgumentException($"need at least two finite values, got {n}", nameof(values));
        var mean = sum / n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            var d = v - mean;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }

        var sd = Math.Sqrt(m2 / (n - 1));
        (m2, m3, m4) = (m2 / n, m3 / n, m4 / n);
        var skew = m3 / Math.Pow(m2, 1.5);
        var kurt = (m4 / (m2 * m2)) - 3;
        var jb = n / 6 * ((skew * skew) + (kurt * kurt / 4));
        return new DescriptiveStatistics((int)n, mean, sd, skew, kurt, jb, Math.Exp(-jb / 2));
    }
}

/// <summary>Sample autocorrelation, the tool for spotting volatility clustering.</summary>
public static class Autocorrelation
{
    /// <summary>Sample autocorrelations at lags 1..<paramref name="maxLag"/>: <c>sum (x_t - m)(x_(t-k) - m) / sum (x_t - m)^2</c>.</summary>
    /// <param name="values">A series without gaps (drop NaN first).</param>
    /// <param name="maxLag">Largest lag.</param>
    /// <remarks>The standard estimator (Box and Jenkins), with the full-sample mean and denominator, as statsmodels' <c>acf</c>.
    /// Under white noise each value is approximately N(0, 1/n): <see cref="ConfidenceBand"/> gives the 95% band.</remarks>
    public static double[] Compute(ReadOnlySpan<double> values, int maxLag)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLag, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(values.Length, maxLag, nameof(values));
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) throw new ArgumentException("the series contains a non-finite value; drop gaps first", nameof(values));
        }

        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        var denominator = 0.0;
        foreach (var v in values) denominator += (v - mean) * (v - mean);
        var result = new double[maxLag];
        for (var k = 1; k <= maxLag; k++)
        {
            var sum = 0.0;
            for (var t = k; t < values.Length; t++) sum += (values[t] - mean) * (values[t - k] - mean);
            result[k - 1] = sum / denominator;
        }

        return result;
    }

    /// <summary>The half-width of the 95% band for white noise, <c>1.96 / sqrt(n)</c>.</summary>
    /// <param name="count">Sample size.</param>
    public static double ConfidenceBand(int count) => 1.96 / Math.Sqrt(count);
}
