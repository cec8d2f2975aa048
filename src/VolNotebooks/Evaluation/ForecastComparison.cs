using VolNotebooks.Charts;
using VolNotebooks.Econometrics;

namespace VolNotebooks.Evaluation;

/// <summary>One model's date-aligned out-of-sample volatility forecasts: for each date t, the forecast of the realized
/// volatility over t..t+h-1 for every horizon h, in the unit of the returns (percent for the GARCH family).</summary>
/// <param name="Name">Model name for tables and legends.</param>
/// <param name="Dates">First day of each forecast window.</param>
/// <param name="Horizons">Horizons in trading days.</param>
/// <param name="CumulativeVolatility">[horizon index][i]: forecast of <c>sqrt(sum of squared returns over t..t+h-1)</c>.</param>
public sealed record VolatilityForecast(string Name, DateOnly[] Dates, int[] Horizons, double[][] CumulativeVolatility)
{
    /// <summary>The forecasts of an ARCH-family out-of-sample study.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="study">The study's output.</param>
    public static VolatilityForecast From(string name, OutOfSampleForecast study) =>
        new(name, study.Dates, study.Horizons, study.CumulativeVolatility);

    /// <summary>The forecasts of a HAR out-of-sample study.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="study">The study's output.</param>
    public static VolatilityForecast From(string name, HarOutOfSampleForecast study) =>
        new(name, study.Dates, study.Horizons, study.CumulativeVolatility);

    /// <summary>The <paramref name="horizon"/>-day forecasts on the given window start dates (NaN where there is none).</summary>
    /// <param name="windowStarts">First day of each window to look up.</param>
    /// <param name="horizon">One of <see cref="Horizons"/>.</param>
    public double[] At(IEnumerable<DateOnly> windowStarts, int horizon)
    {
        var series = For(horizon);
        var byDate = Dates.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => series[p.i]);
        return [.. windowStarts.Select(d => byDate.TryGetValue(d, out var v) ? v : double.NaN)];
    }

    /// <summary>The forecasts on the given window start dates as a per-day volatility, <c>sqrt(cumulative variance / h)</c>:
    /// the unit of the networks' realized-volatility targets (<see cref="Features.Targets.ForwardRealizedVolatility"/>).</summary>
    /// <param name="windowStarts">First day of each window to look up.</param>
    /// <param name="horizon">One of <see cref="Horizons"/>.</param>
    public double[] PerDayAt(IEnumerable<DateOnly> windowStarts, int horizon) =>
        [.. At(windowStarts, horizon).Select(v => v / Math.Sqrt(horizon))];

    /// <summary>The forecast series for horizon <paramref name="horizon"/>.</summary>
    /// <param name="horizon">One of <see cref="Horizons"/>.</param>
    public double[] For(int horizon)
    {
        var index = Array.IndexOf(Horizons, horizon);
        return index >= 0 ? CumulativeVolatility[index] : throw new ArgumentException($"{Name} has no {horizon}-day forecasts; it has {string.Join(", ", Horizons)}", nameof(horizon));
    }
}

/// <summary>Scores competing volatility forecasts on the same days against realized variance.</summary>
/// <remarks>Only dates on which every model has a forecast and the realized window is complete are scored, so the
/// numbers in one column are comparable. Losses are computed on variances (forecast volatility squared against the
/// sum of squared returns): MSE, and QLIKE in Patton's log form, which stays defined on a zero-return day and ranks
/// models exactly as the normalized QLIKE does.</remarks>
public static class ForecastComparison
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
