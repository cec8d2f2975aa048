using VolNotebooks.Data;

namespace VolNotebooks.Features;

/// <summary>Trailing realized-volatility estimators, daily by default and annualized by <c>sqrt(252)</c> on request.</summary>
/// <remarks>
/// Every estimator at day <c>t</c> uses bars <c>t-w+1..t</c> only (and, for Yang-Zhang's overnight term, the close of
/// <c>t-w</c>). Range estimators read the split-adjusted OHLC of <see cref="BarSeries"/>; ratios within a day are
/// unaffected by dividend adjustment, and the overnight term is corrected with the <c>AdjClose/Close</c> factor.
/// Results are volatilities (standard deviations of daily log returns), not variances.
/// </remarks>
public static class RealizedVolatility
{
    /// <summary>Trading days per year used to annualize: sigma_annual = sigma_daily * sqrt(252).</summary>
    public const int TradingDaysPerYear = 252;

    private static readonly double Ln2 = Math.Log(2);

    /// <summary>Close-to-close volatility: the trailing sample standard deviation of log returns.</summary>
    /// <param name="logReturns">Daily log returns aligned with dates (NaN first, as <see cref="Returns.Log(ReadOnlySpan{double})"/> gives).</param>
    /// <param name="window">Window in trading days (the research uses 5, 10, 20 and 22).</param>
    /// <param name="annualize">Multiply by <c>sqrt(252)</c>.</param>
    /// <remarks>pandas <c>returns.rolling(window).std()</c> (ddof = 1), as in the research's preprocessing.</remarks>
    public static double[] CloseToClose(ReadOnlySpan<double> logReturns, int window, bool annualize = false) =>
        Scale(Rolling.StandardDeviation(logReturns, window), annualize);

    /// <summary>Parkinson (1980) high-low estimator.</summary>
    /// <param name="bars">The bars.</param>
    /// <param name="window">Window in trading days.</param>
    /// <param name="annualize">Multiply by <c>sqrt(252)</c>.</param>
    /// <remarks><c>sigma^2 = 1/(4 ln 2) * mean( ln(H/L)^2 )</c>. Parkinson, M. (1980), J. Business 53(1), 61-65.</remarks>
    public static double[] Parkinson(BarSeries bars, int window, bool annualize = false)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var daily = new double[bars.Count];
        for (var t = 0; t < daily.Length; t++)
        {
            var hl = Math.Log(bars.High[t] / bars.Low[t]);
            daily[t] = hl * hl / (4 * Ln2);
        }

        return RootOfMean(daily, window, annualize);
    }

    /// <summary>Garman-Klass (1980) open-high-low-close estimator.</summary>
    /// <param name="bars">The bars.</param>
    /// <param name="window">Window in trading days.</param>
    /// <param name="annualize">Multiply by <c>sqrt(252)</c>.</param>
    /// <remarks><c>sigma^2 = mean( 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2 )</c>. Garman, M. and Klass, M. (1980), J. Business 53(1), 67-78.</remarks>
    public static double[] GarmanKlass(BarSeries bars, int window, bool annualize = false)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var daily = new double[bars.Count];
        for (var t = 0; t < daily.Length; t++)
        {
            var hl = Math.Log(bars.High[t] / bars.Low[t]);
            var co = Math.Log(bars.Close[t] / bars.Open[t]);
            daily[t] = (0.5 * hl * hl) - (((2 * Ln2) - 1) * co * co);
        }

        return RootOfMean(daily, window, annualize);
    }

    /// <summary>Rogers-Satchell (1991) drift-independent estimator.</summary>
    /// <param name="bars">The bars.</param>
    /// <param name="window">Window in trading days.</param>
    /// <param name="annualize">Multiply by <c>sqrt(252)</c>.</param>
    /// <remarks><c>sigma^2 = mean( ln(H/C) ln(H/O) + ln(L/C) ln(L/O) )</c>. Rogers, L. and Satchell, S. (1991), Ann. Appl. Probab. 1(4), 504-512.</remarks>
    public static double[] RogersSatchell(BarSeries bars, int window, bool annualize = false)
    {
        ArgumentNullException.ThrowIfNull(bars);
        return RootOfMean(RogersSatchellDaily(bars), window, annualize);
    }

    /// <summary>Yang-Zhang (2000) estimator: overnight, open-to-close and Rogers-Satchell variances combined.</summary>
    /// <param name="bars">The bars.</param>
    /// <param name="window">Window in trading days, at least 2.</param>
    /// <param name="annualize">Multiply by <c>sqrt(252)</c>.</param>
    /// <remarks>
    /// <c>sigma^2 = var(o) + k var(c) + (1 - k) mean(RS)</c> with <c>k = 0.34 / (1.34 + (n+1)/(n-1))</c>, where
    /// <c>o_t = ln(O_t / C_(t-1))</c> (dividend-corrected) is the overnight return, <c>c_t = ln(C_t / O_t)</c> the
    /// open-to-close return, and the variances are sample variances over the window of <c>n</c> days.
    /// Yang, D. and Zhang, Q. (2000), J. Business 73(3), 477-492.
    /// </remarks>
    public static double[] YangZhang(BarSeries bars, int window, bool annualize = false)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var n = bars.Count;
        var overnight = Rolling.NaNs(n);
        var openToClose = new double[n];
        for (var t = 0; t < n; t++)
        {
            openToClose[t] = Math.Log(bars.Close[t] / bars.Open[t]);
            if (t == 0) continue;
            var dividendFactor = (bars.AdjClose[t] / bars.Close[t]) / (bars.AdjClose[t - 1] / bars.Close[t - 1]);
            overnight[t] = Math.Log(bars.Open[t] / bars.Close[t - 1] * dividendFactor);
        }

        var rs = RogersSatchellDaily(bars);
        var k = 0.34 / (1.34 + ((window + 1.0) / (window - 1.0)));
        var result = Rolling.NaNs(n);
        for (var t = window; t < n; t++)
        {
            var from = t - window + 1;
            var variance = Rolling.VarianceOf(overnight.AsSpan(from, window), 1)
                + (k * Rolling.VarianceOf(openToClose.AsSpan(from, window), 1))
                + ((1 - k) * Rolling.MeanOf(rs.AsSpan(from, window)));
            result[t] = Math.Sqrt(Math.Max(variance, 0));
        }

        return Scale(result, annualize);
    }

    private static double[] RogersSatchellDaily(BarSeries bars)
    {
        var daily = new double[bars.Count];
        for (var t = 0; t < daily.Length; t++)
        {
            double h = bars.High[t], l = bars.Low[t], o = bars.Open[t], c = bars.Close[t];
            daily[t] = (Math.Log(h / c) * Math.Log(h / o)) + (Math.Log(l / c) * Math.Log(l / o));
        }

        return daily;
    }

    private static double[] RootOfMean(double[] dailyVariance, int window, bool annualize)
    {
        var mean = Rolling.Mean(dailyVariance, window);
        for (var t = 0; t < mean.Length; t++) mean[t] = Math.Sqrt(Math.Max(mean[t], 0));
        return Scale(mean, annualize);
    }

    private static double[] Scale(double[] volatility, bool annualize)
    {
        if (!annualize) return volatility;
        var factor = Math.Sqrt(TradingDaysPerYear);
        for (var t = 0; t < volatility.Length; t++) volatility[t] *= factor;
        return volatility;
    }
}
