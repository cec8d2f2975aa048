using VolNotebooks.Data;

namespace VolNotebooks.Features;

/// <summary>Daily returns from prices, aligned with them: the value at <c>t</c> is the return from <c>t-1</c> to <c>t</c>; the first is NaN.</summary>
/// <remarks>Use adjusted closes (<see cref="BarSeries.AdjClose"/>), so that splits and dividends are not mistaken for moves.</remarks>
public static class Returns
{
    /// <summary>Log returns, <c>ln(P_t / P_(t-1))</c>.</summary>
    /// <param name="prices">Positive prices in date order.</param>
    public static double[] Log(ReadOnlySpan<double> prices)
    {
        var result = Rolling.NaNs(prices.Length);
        for (var t = 1; t < prices.Length; t++) result[t] = Math.Log(prices[t] / prices[t - 1]);
        return result;
    }

    /// <summary>Simple (arithmetic) returns, <c>P_t / P_(t-1) - 1</c>.</summary>
    /// <param name="prices">Positive prices in date order.</param>
    public static double[] Simple(ReadOnlySpan<double> prices)
    {
        var result = Rolling.NaNs(prices.Length);
        for (var t = 1; t < prices.Length; t++) result[t] = (prices[t] / prices[t - 1]) - 1;
        return result;
    }

    /// <summary>Log returns in percent, <c>100 ln(P_t / P_(t-1))</c> - the scale GARCH models are fitted on.</summary>
    /// <param name="prices">Positive prices in date order.</param>
    public static double[] LogPercent(ReadOnlySpan<double> prices)
    {
        var result = Log(prices);
        for (var t = 1; t < result.Length; t++) result[t] *= 100;
        return result;
    }

    /// <summary>Log returns of a series' adjusted close, aligned with its dates.</summary>
    /// <param name="series">The bars.</param>
    public static double[] Log(BarSeries series) => Log(series.AdjClose);

    /// <summary>Percent log returns of a series' adjusted close dated within <paramref name="from"/>..<paramref name="to"/> inclusive.</summary>
    /// <param name="series">The bars.</param>
    /// <param name="from">First return date kept.</param>
    /// <param name="to">Last return date kept.</param>
    /// <remarks>Returns are computed on the whole series first, so the return on <paramref name="from"/> uses the previous
    /// trading day's close even though that day lies outside the range: 2005-01-03..2020-12-31 of SPY gives 4028 returns.</remarks>
    /// <returns>The dates and the returns, of equal length.</returns>
    public static (DateOnly[] Dates, double[] Values) LogPercentBetween(BarSeries series, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(series);
        var all = LogPercent(series.AdjClose);
        var dates = new List<DateOnly>();
        var values = new List<double>();
        for (var t = 1; t < series.Count; t++)
        {
            var date = series.Dates[t];
            if (date < from || date > to) continue;
            dates.Add(date);
            values.Add(all[t]);
        }

        return ([.. dates], [.. values]);
    }
}
