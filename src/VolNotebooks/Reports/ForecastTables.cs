using VolNotebooks.Charts;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Reports;

/// <summary>Scores competing volatility forecasts on the same days against realized variance.</summary>
/// <remarks>Only dates on which every model has a forecast and the realized window is complete are scored, so the
/// numbers in one column are comparable. Losses are computed on variances (forecast volatility squared against the
/// sum of squared returns): MSE, and QLIKE in Patton's log form, which stays defined on a zero-return day and ranks
/// models exactly as the normalized QLIKE does.</remarks>
public static class ForecastTables
{
    /// <summary>MSE and QLIKE per model and horizon.</summary>
    /// <param name="returns">The realized returns, in the forecasts' unit.</param>
    /// <param name="dates">Their dates.</param>
    /// <param name="forecasts">The models to compare.</param>
    /// <param name="horizons">Horizons to score; each model must have them.</param>
    public static Table LossTable(ReadOnlySpan<double> returns, ReadOnlySpan<DateOnly> dates, IReadOnlyList<VolatilityForecast> forecasts, params int[] horizons)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        if (forecasts.Count == 0) throw new ArgumentException("no forecasts to compare", nameof(forecasts));
        var columns = new List<string> { "model" };
        foreach (var h in horizons) columns.AddRange([$"MSE {h}d", $"QLIKE {h}d"]);
        columns.Add("days scored");
        var table = new Table([.. columns]) { Caption = "Out-of-sample losses on variances (lower is better)" };
        foreach (var c in columns.Skip(1).SkipLast(1)) table.Format(c, c.StartsWith("MSE", StringComparison.Ordinal) ? "0.000" : "0.0000");

        var common = forecasts.Select(f => f.Dates.ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        var longest = horizons.Max();
        var complete = RealizedTargets.CumulativeVariance(returns, dates, [.. common.Order()], longest);
        var scoredDates = common.Order().Where((_, i) => double.IsFinite(complete[i])).ToArray();
        foreach (var f in forecasts)
        {
            var row = new List<object?> { f.Name };
            foreach (var h in horizons)
            {
                var forecastSeries = f.For(h);
                var byDate = f.Dates.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => forecastSeries[p.i]);
                var forecastVariance = scoredDates.Select(d => byDate[d] * byDate[d]).ToArray();
                var actual = RealizedTargets.CumulativeVariance(returns, dates, scoredDates, h);
                row.Add(ForecastMetrics.Mse(actual, forecastVariance));
                row.Add(ForecastMetrics.QlikeLog(actual, forecastVariance));
            }

            row.Add(scoredDates.Length);
            table.AddRow([.. row]);
        }

        return table;
    }
}
