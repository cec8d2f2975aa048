using VolNotebooks.Data;

namespace VolNotebooks.Features;

/// <summary>Lightweight per-day transformations of daily bars: the ablation study's OHLCV feature set.</summary>
/// <remarks>
/// Source: the LSTM ablation study (research document 003), "OHLCV Features Explained". No rolling windows and no
/// cross-asset information; each value at <c>t</c> uses bar <c>t</c> (and <c>t-1</c> for <see cref="VolumeChange"/>).
/// </remarks>
public static class OhlcvFeatures
{
    /// <summary><c>oc_return = (close - open) / open</c>: intraday momentum.</summary>
    /// <param name="bars">The bars.</param>
    public static double[] OpenToCloseReturn(BarSeries bars) =>
        PerDay(bars, t => (bars.Close[t] - bars.Open[t]) / bars.Open[t]);

    /// <summary><c>hl_range = (high - low) / close</c>: the day's range relative to its close.</summary>
    /// <param name="bars">The bars.</param>
    public static double[] HighLowRange(BarSeries bars) =>
        PerDay(bars, t => (bars.High[t] - bars.Low[t]) / bars.Close[t]);

    /// <summary><c>close_pos = (close - low) / (high - low)</c>: 0 closes at the low, 1 at the high.</summary>
    /// <param name="bars">The bars.</param>
    /// <remarks>When <c>high = low</c> (a close-only print, common in early index data) the range carries no
    /// information and the value is defined as 0.5, the neutral mid-point, rather than NaN, so that such days stay in
    /// the sample.</remarks>
    public static double[] ClosePosition(BarSeries bars) =>
        PerDay(bars, t => bars.High[t] > bars.Low[t] ? (bars.Close[t] - bars.Low[t]) / (bars.High[t] - bars.Low[t]) : 0.5);

    /// <summary><c>log_vol = ln(1 + volume)</c>: the level of trading activity.</summary>
    /// <param name="bars">The bars (an equity; an index has no volume).</param>
    public static double[] LogVolume(BarSeries bars)
    {
        var volume = bars.Volume;
        var result = new double[volume.Length];
        for (var t = 0; t < volume.Length; t++) result[t] = Math.Log(1.0 + volume[t]);
        return result;
    }

    /// <summary><c>vol_change = ln(volume_t / volume_(t-1))</c>: whether interest is rising or falling.</summary>
    /// <param name="bars">The bars (an equity).</param>
    /// <remarks>NaN on the first day and wherever either volume is zero (the ratio is undefined), so such rows drop out.</remarks>
    public static double[] VolumeChange(BarSeries bars)
    {
        var volume = bars.Volume;
        var result = Rolling.NaNs(volume.Length);
        for (var t = 1; t < volume.Length; t++)
        {
            if (volume[t] > 0 && volume[t - 1] > 0) result[t] = Math.Log((double)volume[t] / volume[t - 1]);
        }

        return result;
    }

    /// <summary>Overnight (close-to-open) log return <c>ln(O_t / C_(t-1))</c>, corrected for dividends with <c>AdjClose/Close</c>.</summary>
    /// <param name="bars">The bars.</param>
    public static double[] OvernightReturn(BarSeries bars)
    {
        var result = Rolling.NaNs(bars.Count);
        for (var t = 1; t < bars.Count; t++)
        {
            var dividendFactor = (bars.AdjClose[t] / bars.Close[t]) / (bars.AdjClose[t - 1] / bars.Close[t - 1]);
            result[t] = Math.Log(bars.Open[t] / bars.Close[t - 1] * dividendFactor);
        }

        return result;
    }

    /// <summary>The volumes as doubles.</summary>
    /// <param name="bars">The bars (an equity).</param>
    public static double[] VolumeAsDouble(BarSeries bars)
    {
        var volume = bars.Volume;
        var result = new double[volume.Length];
        for (var t = 0; t < volume.Length; t++) result[t] = volume[t];
        return result;
    }

    private static double[] PerDay(BarSeries bars, Func<int, double> value)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var result = new double[bars.Count];
        for (var t = 0; t < result.Length; t++) result[t] = value(t);
        return result;
    }
}
