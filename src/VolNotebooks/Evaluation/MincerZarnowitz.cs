namespace VolNotebooks.Evaluation;

/// <summary>Mincer-Zarnowitz (1969) regressions of realized values on forecasts, the standard test of forecast
/// unbiasedness (alpha = 0 and beta = 1 jointly).</summary>
/// <remarks>
/// Coefficients by OLS; their covariance is Newey and West's (1987) HAC sandwich
/// <c>(X'X)^-1 S (X'X)^-1</c> with <c>S = sum_t u_t^2 x_t x_t' + sum_{l=1}^{L} (1 - l/(L+1)) sum_t u_t u_{t-l} (x_t x_{t-l}' + x_{t-l} x_t')</c>,
/// without prewhitening or a degrees-of-freedom factor - R's <c>sandwich::NeweyWest(fit, lag = L, prewhite = FALSE,
/// adjust = FALSE)</c>. Overlapping h-step forecasts have MA(h-1) errors, so the default lag count is
/// <c>max(h - 1, floor(4 (n/100)^(2/9)))</c>: the h-1 the overlap needs, and at least Newey and West's (1994) plug-in rule.
/// </remarks>
public static class MincerZarnowitz
{
    /// <summary>The default Newey-West lag count for <paramref name="observations"/> pairs of <paramref name="horizon"/>-step forecasts:
    /// <c>max(h - 1, floor(4 (n/100)^(2/9)))</c>.</summary>
    /// <param name="observations">n, the number of pairs.</param>
    /// <param name="horizon">Forecast horizon h in steps, at least 1.</param>
    public static int DefaultLags(int observations, int horizon = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        return Math.Max(horizon - 1, (int)Math.Floor(4 * Math.Pow(observations / 100.0, 2.0 / 9.0)));
    }

    /// <summary>Regresses <paramref name="actual"/> on <paramref name="forecast"/>: <c>y_t = alpha + beta f_t + e_t</c>.</summary>
    /// <param name="actual">Realized values y, finite.</param>
    /// <param name="forecast">Forecasts f aligned with <paramref name="actual"/>, finite and not all equal.</param>
    /// <param name="lags">Newey-West lags L, or null for <see cref="DefaultLags"/> with horizon 1.</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 3 pairs, a value is not finite, or the forecast is constant.</exception>
    public static MincerZarnowitzResult Fit(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, int? lags = null)
    {
        if (actual.Length != forecast.Length) throw new ArgumentException($"actual has {actual.Length} values but forecast has {forecast.Length}");
        var n = actual.Length;
        if (n < 3) throw new ArgumentException($"a Mincer-Zarnowitz regression needs at least 3 pairs; it has {n}");
        var lagCount = lags ?? DefaultLags(n);
        ArgumentOutOfRangeException.ThrowIfNegative(lagCount, nameof(lags));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lagCount, n, nameof(lags));

        double meanY = 0, meanF = 0;
        for (var t = 0; t < n; t++)
        {
            if (!double.IsFinite(actual[t]) || !double.IsFinite(forecast[t])) throw new ArgumentException($"the pair at index {t} is not finite");
            meanY += actual[t];
            meanF += forecast[t];
        }

        meanY /= n;
        meanF /= n;
        double sff = 0, sfy = 0, syy = 0;
        for (var t = 0; t < n; t++)
        {
            sff += (forecast[t] - meanF) * (forecast[t] - meanF);
            sfy += (forecast[t] - meanF) * (actual[t] - meanY);
            syy += (actual[t] - meanY) * (actual[t] - meanY);
        }

        if (!(sff > 0)) throw new ArgumentException("the forecast is constant, so the Mincer-Zarnowitz slope is undefined");
        var beta = sfy / sff;
        var alpha = meanY - (beta * meanF);
        var residuals = new double[n];
        var sse = 0.0;
        for (var t = 0; t < n; t++)
        {
            residuals[t] = actual[t] - alpha - (beta * forecast[t]);
            sse += residuals[t] * residuals[t];
        }

        // S = sum over l of w_l * Gamma_l (+ its transpose), Gamma_l = sum_t (u_t x_t)(u_{t-l} x_{t-l})', x_t = (1, f_t).
        double s00 = 0, s01 = 0, s11 = 0;
        for (var l = 0; l <= lagCount; l++)
        {
            var weight = 1 - (l / (lagCount + 1.0));
            double g00 = 0, g01 = 0, g10 = 0, g11 = 0;
            for (var t = l; t < n; t++)
            {
                var uu = residuals[t] * residuals[t - l];
                g00 += uu;
                g01 += uu * forecast[t - l];
                g10 += uu * forecast[t];
                g11 += uu * forecast[t] * forecast[t - l];
            }

            var symmetric = l == 0 ? 1 : 2;
            s00 += weight * symmetric * g00;
            s01 += weight * (l == 0 ? g01 : g01 + g10);
            s11 += weight * symmetric * g11;
        }

        // (X'X)^-1 for x_t = (1, f_t), from its determinant n * sff.
        double sumF = n * meanF, sumFF = sff + (n * meanF * meanF), det = n * sff;
        double b00 = sumFF / det, b01 = -sumF / det, b11 = n / det;
        // V = B S B with B and S symmetric 2x2.
        double bs00 = (b00 * s00) + (b01 * s01), bs01 = (b00 * s01) + (b01 * s11);
        double bs10 = (b01 * s00) + (b11 * s01), bs11 = (b01 * s01) + (b11 * s11);
        var v00 = (bs00 * b00) + (bs01 * b01);
        var v01 = (bs00 * b01) + (bs01 * b11);
        var v11 = (bs10 * b01) + (bs11 * b11);

        // Wald = theta' V^-1 theta, theta = (alpha, beta - 1).
        var (a, b) = (alpha, beta - 1);
        var vDet = (v00 * v11) - (v01 * v01);
        // A perfect fit leaves no residuals and a singular covariance: the Wald test is then undefined (NaN).
        var wald = vDet > 0 && v00 > 0 ? ((a * a * v11) - (2 * a * b * v01) + (b * b * v00)) / vDet : double.NaN;
        var rSquared = syy > 0 ? 1 - (sse / syy) : double.NaN;
        // The chi-square(2) survival function is exactly exp(-W/2); 1 - CDF would round a strong rejection to 0.
        return new MincerZarnowitzResult(alpha, beta, rSquared, v00, v01, v11, wald, Math.Exp(-wald / 2), lagCount, n);
    }

    /// <summary>The regression in logs, <c>ln y_t = alpha + beta ln f_t + e_t</c>: less dominated by the few largest
    /// variances, and unbiasedness in logs is again alpha = 0, beta = 1.</summary>
    /// <param name="actual">Realized values y, positive.</param>
    /// <param name="forecast">Forecasts f, positive.</param>
    /// <param name="lags">Newey-West lags L, or null for <see cref="DefaultLags"/> with horizon 1.</param>
    /// <exception cref="ArgumentException">A value is not positive (its index is named), or as <see cref="Fit"/>.</exception>
    public static MincerZarnowitzResult FitLog(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, int? lags = null)
    {
        if (actual.Length != forecast.Length) throw new ArgumentException($"actual has {actual.Length} values but forecast has {forecast.Length}");
        var logY = new double[actual.Length];
        var logF = new double[forecast.Length];
        for (var t = 0; t < actual.Length; t++)
        {
            if (!(actual[t] > 0) || !(forecast[t] > 0)) throw new ArgumentException($"the log Mincer-Zarnowitz regression needs positive values; the pair at index {t} is ({actual[t]}, {forecast[t]})");
            logY[t] = Math.Log(actual[t]);
            logF[t] = Math.Log(forecast[t]);
        }

        return Fit(logY, logF, lags);
    }
}
