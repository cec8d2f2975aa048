using MathNet.Numerics.Distributions;

namespace VolNotebooks.Evaluation;

/// <summary>The Diebold-Mariano (1995) test of equal predictive accuracy, with the Harvey, Leybourne and Newbold (1997)
/// small-sample correction: the numbers of R's <c>forecast::dm.test</c> (default <c>varestimator = "acf"</c>).</summary>
/// <remarks>
/// With loss differential <c>d_t = L(a)_t - L(b)_t</c>, <c>gamma_k = (1/n) sum_{t=k+1}^{n} (d_t - dbar)(d_{t-k} - dbar)</c>
/// and the rectangular long-run variance <c>V = (gamma_0 + 2 sum_{k=1}^{h-1} gamma_k) / n</c> (an h-step forecast error
/// is at most MA(h-1)), the statistic is <c>DM = dbar / sqrt(V) * sqrt((n + 1 - 2h + h(h-1)/n) / n)</c>, compared with
/// Student-t(n-1). The rectangular window can give V &lt;= 0; then, like R, the test is redone with h = 1, and the
/// result says so.
/// </remarks>
public static class DieboldMariano
{
    /// <summary>Tests whether forecasts a and b have equal expected loss, from their per-observation losses.</summary>
    /// <param name="lossA">Losses of forecast a, one per observation (e.g. <see cref="LossFunction.Series"/>).</param>
    /// <param name="lossB">Losses of forecast b, aligned with <paramref name="lossA"/>.</param>
    /// <param name="horizon">Forecast horizon h in steps, at least 1.</param>
    /// <param name="alternative"><see cref="Alternative.Less"/>: a has the smaller expected loss.</param>
    public static DieboldMarianoResult Test(ReadOnlySpan<double> lossA, ReadOnlySpan<double> lossB, int horizon = 1, Alternative alternative = Alternative.TwoSided)
    {
        if (lossA.Length != lossB.Length) throw new ArgumentException($"loss series differ in length ({lossA.Length} and {lossB.Length})", nameof(lossB));
        var d = new double[lossA.Length];
        for (var t = 0; t < d.Length; t++) d[t] = lossA[t] - lossB[t];
        return Test(d, horizon, alternative);
    }

    /// <summary>Tests whether the loss differential <c>d_t = L(a)_t - L(b)_t</c> has mean zero.</summary>
    /// <param name="lossDifferential">d_t, finite, at least 3 values and more than 2h.</param>
    /// <param name="horizon">Forecast horizon h in steps, at least 1.</param>
    /// <param name="alternative"><see cref="Alternative.Less"/>: mean(d) &lt; 0, a is more accurate.</param>
    /// <exception cref="ArgumentException">Too few values, a value is not finite, or d is constant (zero variance).</exception>
    public static DieboldMarianoResult Test(ReadOnlySpan<double> lossDifferential, int horizon = 1, Alternative alternative = Alternative.TwoSided)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var n = lossDifferential.Length;
        if (n < 3 || n <= 2 * horizon) throw new ArgumentException($"a Diebold-Mariano test at horizon {horizon} needs more than {Math.Max(2, 2 * horizon)} observations; it has {n}");
        foreach (var v in lossDifferential)
        {
            if (!double.IsFinite(v)) throw new ArgumentException("the loss differential holds a value that is not finite");
        }

        var mean = 0.0;
        foreach (var v in lossDifferential) mean += v;
        mean /= n;
        var variance = LongRunVariance(lossDifferential, mean, horizon);
        var fellBack = false;
        if (!(variance > 0) && horizon > 1)
        {
            horizon = 1;
            fellBack = true;
            variance = LongRunVariance(lossDifferential, mean, 1);
        }

        if (!(variance > 0)) throw new ArgumentException("the loss differential is constant, so its variance is zero and the Diebold-Mariano statistic is undefined");
        var correction = Math.Sqrt((n + 1 - (2.0 * horizon) + (horizon * (horizon - 1.0) / n)) / n);
        var statistic = mean / Math.Sqrt(variance) * correction;
        var pValue = alternative switch
        {
            Alternative.TwoSided => 2 * StudentT.CDF(0, 1, n - 1, -Math.Abs(statistic)),
            Alternative.Less => StudentT.CDF(0, 1, n - 1, statistic),
            Alternative.Greater => StudentT.CDF(0, 1, n - 1, -statistic),
            _ => throw new ArgumentOutOfRangeException(nameof(alternative)),
        };
        return new DieboldMarianoResult(statistic, pValue, alternative, n, horizon, mean, variance, fellBack);
    }

    // (gamma_0 + 2 sum_{k=1}^{h-1} gamma_k) / n with the biased (/n) autocovariance, as R's acf(type = "covariance").
    private static double LongRunVariance(ReadOnlySpan<double> d, double mean, int horizon)
    {
        var n = d.Length;
        var sum = 0.0;
        for (var k = 0; k < horizon; k++)
        {
            var gamma = 0.0;
            for (var t = k; t < n; t++) gamma += (d[t] - mean) * (d[t - k] - mean);
            sum += (k == 0 ? 1 : 2) * gamma / n;
        }

        return sum / n;
    }
}
