namespace VolNotebooks.Evaluation;

/// <summary>Puts forecasts made by different models, on different calendars, onto the one set of dates they share, so every
/// loss, test and regime compares them on exactly the same days.</summary>
public static class ForecastAlignment
{
    /// <summary>The table of the dates on which the realized value and every forecast are finite, in date order.</summary>
    /// <param name="source">The name the table reports (e.g. "SPY 5-day variance").</param>
    /// <param name="actual">The realized values.</param>
    /// <param name="forecasts">The models, in the order the table should list them.</param>
    /// <exception cref="ArgumentException">A name repeats, or fewer than <see cref="ForecastTable.MinimumRows"/> dates are shared
    /// (the message names the model with the fewest forecasts on the realized dates).</exception>
    public static ForecastTable Align(string source, DatedSeries actual, IReadOnlyList<DatedSeries> forecasts)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecasts);
        var lookups = forecasts.Select(f => f.ToDictionary()).ToArray();
        var dates = new List<DateOnly>();
        var realized = new List<double>();
        var values = forecasts.Select(_ => new List<double>()).ToArray();
        foreach (var (date, y) in actual.Dates.Zip(actual.Values).OrderBy(p => p.First))
        {
            if (!double.IsFinite(y)) continue;
            var row = new double[forecasts.Count];
            var complete = true;
            for (var m = 0; m < forecasts.Count && complete; m++)
                complete = lookups[m].TryGetValue(date, out row[m]) && double.IsFinite(row[m]);
            if (!complete) continue;
            dates.Add(date);
            realized.Add(y);
            for (var m = 0; m < forecasts.Count; m++) values[m].Add(row[m]);
        }

        if (dates.Count < ForecastTable.MinimumRows && forecasts.Count > 0)
        {
            var scarcest = forecasts.MinBy(f => actual.Dates.Count(d => f.ToDictionary().TryGetValue(d, out var v) && double.IsFinite(v)))!;
            throw new ArgumentException($"{source}: only {dates.Count} dates have a realized value and every forecast (fewest: {scarcest.Name}); a comparison needs {ForecastTable.MinimumRows}");
        }

        return ForecastTable.FromSeries(source, dates, actual.Name, [.. realized], [.. forecasts.Select((f, m) => (f.Name, values[m].ToArray()))]);
    }
}
