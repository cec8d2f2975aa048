using VolNotebooks.Data;

namespace VolNotebooks.Features;

/// <summary>The research's feature sets, built as <see cref="FeatureFrame"/>s: each value at day <c>t</c> uses data up to <c>t</c> only.</summary>
public static class FeatureSets
{
    /// <summary>Column lists of the ablation study's three variants (research document 003), over <see cref="Ablation"/>'s frame.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AblationVariants { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["LSTM-Raw"] = ["log_return"],
            ["LSTM-OHLCV"] = ["log_return", "oc_return", "hl_range", "close_pos", "log_vol", "vol_change"],
            ["LSTM-Feat"] = ["log_return", "roll_vol", "range_norm", "vol_zscore", "mkt_return"],
        };

    /// <summary>The ablation study's master feature store for one ticker: every column of its three variants.</summary>
    /// <param name="bars">The ticker's bars (an equity).</param>
    /// <param name="market">The market (SPY) on the same calendar, for <c>mkt_return</c>; align both with <see cref="MarketPanel"/> first.</param>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>log_return</c> = ln(AdjClose_t / AdjClose_(t-1));</item>
    /// <item><c>oc_return</c>, <c>hl_range</c>, <c>close_pos</c>, <c>log_vol</c>, <c>vol_change</c>: see <see cref="OhlcvFeatures"/>;</item>
    /// <item><c>roll_vol</c> = 20-day sample standard deviation of <c>log_return</c> (daily);</item>
    /// <item><c>range_norm</c> = <c>hl_range</c> / its trailing 20-day mean: today's range relative to the recent norm
    /// (the study names it "normalized high-low range" without a formula; this is our definition);</item>
    /// <item><c>vol_zscore</c> = (volume - 20-day mean) / 20-day sample standard deviation of volume;</item>
    /// <item><c>mkt_return</c> = the market's log return the same day.</item>
    /// </list>
    /// </remarks>
    public static FeatureFrame Ablation(BarSeries bars, BarSeries market)
    {
        RequireSameCalendar(bars, market);
        var logReturn = Returns.Log(bars);
        var hlRange = OhlcvFeatures.HighLowRange(bars);
        var rangeMean = Rolling.Mean(hlRange, 20);
        var rangeNorm = new double[bars.Count];
        for (var t = 0; t < rangeNorm.Length; t++) rangeNorm[t] = hlRange[t] / rangeMean[t];

        return new FeatureFrame(bars.Dates)
            .Add("log_return", logReturn)
            .Add("oc_return", OhlcvFeatures.OpenToCloseReturn(bars))
            .Add("hl_range", hlRange)
            .Add("close_pos", OhlcvFeatures.ClosePosition(bars))
            .Add("log_vol", OhlcvFeatures.LogVolume(bars))
            .Add("vol_change", OhlcvFeatures.VolumeChange(bars))
            .Add("roll_vol", Rolling.StandardDeviation(logReturn, 20))
            .Add("range_norm", rangeNorm)
            .Add("vol_zscore", Rolling.ZScore(OhlcvFeatures.VolumeAsDouble(bars), 20))
            .Add("mkt_return", Returns.Log(market));
    }

    /// <summary>Lags of the daily realized volatility found significant by the research's lag analysis.</summary>
    public static IReadOnlyList<int> ResearchLags { get; } = [1, 2, 6, 11, 16];

    /// <summary>The LSTM notebook's volatility feature set (research document 001): 44 features from the bars, plus 6 from VIX and 3 from VVIX when given (53 in all).</summary>
    /// <param name="bars">The main symbol's bars (an equity, e.g. SPY).</param>
    /// <param name="vix">VIX on the same calendar, or <see langword="null"/>.</param>
    /// <param name="vvix">VVIX on the same calendar, or <see langword="null"/> (requires <paramref name="vix"/>).</param>
    /// <remarks>
    /// Volatilities are annualized (x sqrt(252)) fractions; VIX and VVIX are divided by 100 to match. The realized-
    /// volatility lags come first so that <see cref="CorrelationFilter"/> keeps them. Names and formulas:
    /// <list type="bullet">
    /// <item><c>rv_1d_lag_k</c> = |r_(t-k)| sqrt(252), k in 1, 2, 6, 11, 16 - the one-day realized volatility, lagged;</item>
    /// <item><c>log_return</c>, <c>abs_return</c>, <c>squared_return</c> of the adjusted close;</item>
    /// <item><c>rv_w</c> = close-to-close volatility over w = 5, 10, 20, 22, 60 days; <c>rv_5_22_ratio</c>, <c>rv_10_60_ratio</c>;
    /// <c>rv_5_change</c> = ln(rv_5_t / rv_5_(t-5)); <c>ewma_vol</c> = RiskMetrics sqrt(EWMA_0.94(r^2));</item>
    /// <item>range estimators <c>parkinson_5</c>, <c>parkinson_20</c>, <c>garman_klass_20</c>, <c>rogers_satchell_20</c>, <c>yang_zhang_20</c>;</item>
    /// <item><c>downside_vol_20</c> / <c>upside_vol_20</c> = sqrt(mean(min(r,0)^2)) / sqrt(mean(max(r,0)^2)) over 20 days;
    /// <c>max_abs_return_20</c>; <c>skew_60</c>, <c>kurt_60</c> (bias-corrected);</item>
    /// <item>bar features <c>hl_range</c>, <c>oc_return</c>, <c>close_pos</c>, <c>overnight_return</c>;</item>
    /// <item>volume <c>log_vol</c>, <c>vol_change</c>, <c>vol_zscore</c> (20 days), <c>volume_ratio_5_20</c> (5-day over 20-day mean);</item>
    /// <item>trend <c>return_mean_5</c>, <c>return_mean_20</c>, <c>momentum_20</c>, <c>momentum_60</c> (log price change),
    /// <c>drawdown_60</c> (price over its 60-day high, minus 1), <c>price_to_ma_50</c> (price over its 50-day mean, minus 1);</item>
    /// <item>rolling means of the realized volatilities <c>rv_5_mean_22</c>, <c>abs_return_mean_5</c>, <c>abs_return_mean_22</c>;</item>
    /// <item>VIX: <c>vix</c>, <c>vix_change</c> (log), <c>vix_to_ma_5</c>, <c>vix_to_ma_22</c>, <c>vix_minus_rv_22</c>, <c>vix_range</c>;</item>
    /// <item>VVIX: <c>vvix</c>, <c>vvix_change</c> (log), <c>vvix_to_vix</c>.</item>
    /// </list>
    /// </remarks>
    public static FeatureFrame Volatility(BarSeries bars, BarSeries? vix = null, BarSeries? vvix = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (vix is not null) RequireSameCalendar(bars, vix);
        if (vvix is not null)
        {
            if (vix is null) throw new ArgumentException("VVIX features need VIX as well", nameof(vvix));
            RequireSameCalendar(bars, vvix);
        }

        var annual = Math.Sqrt(RealizedVolatility.TradingDaysPerYear);
        var r = Returns.Log(bars);
        var frame = new FeatureFrame(bars.Dates);
        var dailyVol = Map(r, x => Math.Abs(x) * annual);
        foreach (var lag in ResearchLags) frame.Add($"rv_1d_lag_{lag}", Rolling.Lag(dailyVol, lag));

        var absReturn = Map(r, Math.Abs);
        frame.Add("log_return", r).Add("abs_return", absReturn).Add("squared_return", Map(r, x => x * x));

        var rv = new Dictionary<int, double[]>();
        foreach (var w in new[] { 5, 10, 20, 22, 60 })
        {
            rv[w] = RealizedVolatility.CloseToClose(r, w, annualize: true);
            frame.Add($"rv_{w}", rv[w]);
        }

        frame.Add("rv_5_22_ratio", Zip(rv[5], rv[22], (a, b) => a / b))
            .Add("rv_10_60_ratio", Zip(rv[10], rv[60], (a, b) => a / b))
            .Add("rv_5_change", Zip(rv[5], Rolling.Lag(rv[5], 5), (a, b) => Math.Log(a / b)))
            .Add("rv_5_mean_22", Rolling.Mean(rv[5], 22))
            .Add("ewma_vol", Map(Rolling.ExponentialMean(Map(r, x => x * x), 0.94), v => Math.Sqrt(v) * annual))
            .Add("parkinson_5", RealizedVolatility.Parkinson(bars, 5, annualize: true))
            .Add("parkinson_20", RealizedVolatility.Parkinson(bars, 20, annualize: true))
            .Add("garman_klass_20", RealizedVolatility.GarmanKlass(bars, 20, annualize: true))
            .Add("rogers_satchell_20", RealizedVolatility.RogersSatchell(bars, 20, annualize: true))
            .Add("yang_zhang_20", RealizedVolatility.YangZhang(bars, 20, annualize: true))
            .Add("downside_vol_20", Map(Rolling.RootMeanSquare(Map(r, x => Math.Min(x, 0)), 20), v => v * annual))
            .Add("upside_vol_20", Map(Rolling.RootMeanSquare(Map(r, x => Math.Max(x, 0)), 20), v => v * annual))
            .Add("max_abs_return_20", Rolling.Max(absReturn, 20))
            .Add("skew_60", Rolling.Skewness(r, 60))
            .Add("kurt_60", Rolling.ExcessKurtosis(r, 60))
            .Add("abs_return_mean_5", Rolling.Mean(absReturn, 5))
            .Add("abs_return_mean_22", Rolling.Mean(absReturn, 22))
            .Add("hl_range", OhlcvFeatures.HighLowRange(bars))
            .Add("oc_return", OhlcvFeatures.OpenToCloseReturn(bars))
            .Add("close_pos", OhlcvFeatures.ClosePosition(bars))
            .Add("overnight_return", OhlcvFeatures.OvernightReturn(bars));

        var volume = OhlcvFeatures.VolumeAsDouble(bars);
        frame.Add("log_vol", OhlcvFeatures.LogVolume(bars))
            .Add("vol_change", OhlcvFeatures.VolumeChange(bars))
            .Add("vol_zscore", Rolling.ZScore(volume, 20))
            .Add("volume_ratio_5_20", Zip(Rolling.Mean(volume, 5), Rolling.Mean(volume, 20), (a, b) => a / b));

        var price = bars.AdjClose.ToArray();
        var logPrice = Map(price, Math.Log);
        frame.Add("return_mean_5", Rolling.Mean(r, 5))
            .Add("return_mean_20", Rolling.Mean(r, 20))
            .Add("momentum_20", Zip(logPrice, Rolling.Lag(logPrice, 20), (a, b) => a - b))
            .Add("momentum_60", Zip(logPrice, Rolling.Lag(logPrice, 60), (a, b) => a - b))
            .Add("drawdown_60", Zip(price, Rolling.Max(price, 60), (a, b) => (a / b) - 1))
            .Add("price_to_ma_50", Zip(price, Rolling.Mean(price, 50), (a, b) => (a / b) - 1));

        if (vix is not null)
        {
            var level = Map(vix.Close.ToArray(), v => v / 100);
            frame.Add("vix", level)
                .Add("vix_change", Returns.Log(vix.Close))
                .Add("vix_to_ma_5", Zip(level, Rolling.Mean(level, 5), (a, b) => a / b))
                .Add("vix_to_ma_22", Zip(level, Rolling.Mean(level, 22), (a, b) => a / b))
                .Add("vix_minus_rv_22", Zip(level, rv[22], (a, b) => a - b))
                .Add("vix_range", OhlcvFeatures.HighLowRange(vix));
        }

        if (vvix is not null)
        {
            frame.Add("vvix", Map(vvix.Close.ToArray(), v => v / 100))
                .Add("vvix_change", Returns.Log(vvix.Close))
                .Add("vvix_to_vix", Zip(vvix.Close.ToArray(), vix!.Close.ToArray(), (a, b) => a / b));
        }

        return frame;
    }

    /// <summary>The lags the explainable risk study applies to realized volatility, returns and VIX (research 004's
    /// <c>lag_periods</c>: 1 day, 1 week, 1 month).</summary>
    public static IReadOnlyList<int> RiskLags { get; } = [1, 5, 22];

    /// <summary>The explainable risk study's 15 inputs (research document 004): price, volume and volatility features
    /// of the symbol plus VIX, with lags of 1, 5 and 22 days.</summary>
    /// <param name="bars">The main symbol's bars (an equity with volume, SPY in the study).</param>
    /// <param name="vix">VIX on the same calendar (align with <see cref="MarketPanel"/>, forward-filling its missing days).</param>
    /// <remarks>
    /// The study names the categories (returns, high-low spread, normalized volume, realized volatility, VIX, and lags
    /// "RV lag 1, RV lag 5, returns lag 22" from <c>lag_periods</c>) but not the formulas, so these are ours. Volatilities
    /// are daily standard deviations of log returns (not annualized); VIX is divided by 100 (an annualized fraction).
    /// <list type="bullet">
    /// <item><c>log_return</c> = ln(AdjClose_t / AdjClose_(t-1));</item>
    /// <item><c>hl_spread</c> = (High_t - Low_t) / Close_t;</item>
    /// <item><c>volume_norm</c> = Volume_t / mean(Volume_(t-19..t)), today's volume relative to its 20-day mean;</item>
    /// <item><c>rv_5</c>, <c>rv_22</c> = sample standard deviation of <c>log_return</c> over the last 5 and 22 days;</item>
    /// <item><c>vix</c> = VIX Close_t / 100;</item>
    /// <item><c>rv_5_lag_k</c>, <c>log_return_lag_k</c>, <c>vix_lag_k</c> = the value k days earlier, k in
    /// <see cref="RiskLags"/> (1, 5, 22).</item>
    /// </list>
    /// </remarks>
    public static FeatureFrame Risk(BarSeries bars, BarSeries vix)
    {
        RequireSameCalendar(bars, vix);
        var r = Returns.Log(bars);
        var volume = OhlcvFeatures.VolumeAsDouble(bars);
        var rv5 = RealizedVolatility.CloseToClose(r, 5);
        var level = Map(vix.Close.ToArray(), v => v / 100);
        var frame = new FeatureFrame(bars.Dates)
            .Add("log_return", r)
            .Add("hl_spread", OhlcvFeatures.HighLowRange(bars))
            .Add("volume_norm", Zip(volume, Rolling.Mean(volume, 20), (a, b) => a / b))
            .Add("rv_5", rv5)
            .Add("rv_22", RealizedVolatility.CloseToClose(r, 22))
            .Add("vix", level);
        foreach (var (name, values) in new[] { ("rv_5", rv5), ("log_return", r), ("vix", level) })
        {
            foreach (var lag in RiskLags) frame.Add($"{name}_lag_{lag}", Rolling.Lag(values, lag));
        }

        return frame;
    }

    /// <summary>The preprocessing of the CNN-BiLSTM-Attention blueprint (research document 000): log return and 5/10/20-day realized volatility.</summary>
    /// <param name="bars">The bars (SPY in the research).</param>
    /// <remarks>Columns <c>log_return</c>, <c>volatility_5d</c>, <c>volatility_10d</c>, <c>volatility_20d</c>: daily close-to-close
    /// volatilities (pandas rolling std, not annualized), exactly as the blueprint computes them.</remarks>
    public static FeatureFrame Blueprint(BarSeries bars)
    {
        var r = Returns.Log(bars);
        return new FeatureFrame(bars.Dates)
            .Add("log_return", r)
            .Add("volatility_5d", RealizedVolatility.CloseToClose(r, 5))
            .Add("volatility_10d", RealizedVolatility.CloseToClose(r, 10))
            .Add("volatility_20d", RealizedVolatility.CloseToClose(r, 20));
    }

    /// <summary>The VIX study's inputs (research document 002) from VIX and VVIX alone: the study's notebook imports its
    /// <c>create_features</c> from a utility module it does not include, so this set is our definition, built from the
    /// two series it names.</summary>
    /// <param name="vix">VIX bars.</param>
    /// <param name="vvix">VVIX on VIX's calendar (align with <see cref="MarketPanel"/>, forward-filling its missing days).</param>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>vix_close</c>, <c>vvix_close</c>: index levels in points;</item>
    /// <item><c>vix_change</c>, <c>vvix_change</c>: daily log changes of the closes;</item>
    /// <item><c>vix_range</c>: (High - Low) / Close of the day (zero on close-only days);</item>
    /// <item><c>vix_to_ma_5</c>, <c>vix_to_ma_22</c>: the close over its trailing 5- and 22-day means;</item>
    /// <item><c>vix_momentum_5</c>: ln(Close_t / Close_(t-5));</item>
    /// <item><c>vix_change_std_22</c>: the 22-day sample standard deviation of <c>vix_change</c> (volatility of volatility);</item>
    /// <item><c>vvix_to_vix</c>: VVIX over VIX.</item>
    /// </list>
    /// </remarks>
    public static FeatureFrame Vix(BarSeries vix, BarSeries vvix)
    {
        RequireSameCalendar(vix, vvix);
        var close = vix.Close.ToArray();
        var change = Returns.Log(vix.Close);
        var logClose = Map(close, Math.Log);
        return new FeatureFrame(vix.Dates)
            .Add("vix_close", close)
            .Add("vix_change", change)
            .Add("vix_range", OhlcvFeatures.HighLowRange(vix))
            .Add("vix_to_ma_5", Zip(close, Rolling.Mean(close, 5), (a, b) => a / b))
            .Add("vix_to_ma_22", Zip(close, Rolling.Mean(close, 22), (a, b) => a / b))
            .Add("vix_momentum_5", Zip(logClose, Rolling.Lag(logClose, 5), (a, b) => a - b))
            .Add("vix_change_std_22", Rolling.StandardDeviation(change, 22))
            .Add("vvix_close", vvix.Close.ToArray())
            .Add("vvix_change", Returns.Log(vvix.Close))
            .Add("vvix_to_vix", Zip(vvix.Close.ToArray(), close, (a, b) => a / b));
    }

    private static void RequireSameCalendar(BarSeries bars, BarSeries other)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(other);
        if (!bars.Dates.SequenceEqual(other.Dates))
            throw new ArgumentException(
                $"{other.Symbol} is not on {bars.Symbol}'s calendar ({other} vs {bars}); align them with MarketPanel.Align first",
                nameof(other));
    }

    private static double[] Map(ReadOnlySpan<double> values, Func<double, double> f)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = f(values[i]);
        return result;
    }

    private static double[] Zip(double[] a, double[] b, Func<double, double, double> f)
    {
        var result = new double[a.Length];
        for (var i = 0; i < a.Length; i++) result[i] = f(a[i], b[i]);
        return result;
    }
}
