using VolNotebooks.Datasets;
using VolNotebooks.Evaluation;
using VolNotebooks.Training;

namespace VolNotebooks.Reports;

/// <summary>Every model family's forecasts brought to the comparison's one convention: a <see cref="DatedSeries"/> keyed by
/// the first day of the forecast window, valued as a per-day variance in percent squared (the mean squared percent log
/// return over the window's h days).</summary>
public static class ComparisonSeries
{
    // A variance forecast of exactly zero (a network's volatility head at zero) would make QLIKE infinite.
    private const double VarianceFloor = 1e-6;

    /// <summary>The realized per-day variance over each window: the sum of the h squared returns from the window start, over h.</summary>
    /// <param name="returns">Percent log returns.</param>
    /// <param name="dates">Their trading days.</param>
    /// <param name="windowStarts">First day of each window (NaN where the window runs past the data).</param>
    /// <param name="horizon">Days per window, h.</param>
    public static DatedSeries Realized(ReadOnlySpan<double> returns, ReadOnlySpan<DateOnly> dates, DateOnly[] windowStarts, int horizon) =>
        new("realized", windowStarts, [.. RealizedTargets.CumulativeVariance(returns, dates, windowStarts, horizon).Select(v => v / horizon)]);

    /// <summary>An ARCH-family or HAR forecast at one horizon: its cumulative volatility squared, over h.</summary>
    /// <param name="forecast">The out-of-sample forecasts.</param>
    /// <param name="horizon">One of its horizons.</param>
    /// <param name="name">The name to show, or null for the forecast's own.</param>
    public static DatedSeries From(VolatilityForecast forecast, int horizon, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return new(name ?? forecast.Name, forecast.Dates, [.. forecast.For(horizon).Select(v => v * v / horizon)]);
    }

    /// <summary>A network's walk-forward forecasts of realized volatility (percent per day) squared into variances and keyed by
    /// the window's first day - the trading day after the forecast is made. Variances are floored at 1e-6 so that QLIKE
    /// stays finite; <paramref name="floored"/> says how many were.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="walk">The walk-forward forecasts.</param>
    /// <param name="tradingDays">The trading calendar, ascending, reaching at least one day past the last forecast.</param>
    /// <param name="floored">How many forecasts were raised to the floor.</param>
    public static DatedSeries From(string name, WalkForwardForecast walk, IReadOnlyList<DateOnly> tradingDays, out int floored)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(tradingDays);
        var calendar = tradingDays as DateOnly[] ?? [.. tradingDays];
        var dates = new DateOnly[walk.ForecastDates.Length];
        var values = new double[dates.Length];
        floored = 0;
        for (var i = 0; i < dates.Length; i++)
        {
            var t = Array.BinarySearch(calendar, walk.ForecastDates[i]);
            if (t < 0 || t + 1 >= calendar.Length)
                throw new ArgumentException($"{name}: the forecast of {walk.ForecastDates[i]:yyyy-MM-dd} has no next trading day in the calendar", nameof(tradingDays));
            dates[i] = calendar[t + 1];
            var variance = walk.Forecasts[i] * walk.Forecasts[i];
            if (!(variance >= VarianceFloor))
            {
                variance = VarianceFloor;
                floored++;
            }

            values[i] = variance;
        }

        return new(name, dates, values);
    }

    /// <summary>ARCH-family and HAR forecasts at one horizon against the realized per-day variance, on the window starts
    /// every model forecast and whose window is complete.</summary>
    /// <param name="source">The table's name.</param>
    /// <param name="returns">Percent log returns.</param>
    /// <param name="dates">Their trading days.</param>
    /// <param name="forecasts">The models (e.g. notebook 02's out-of-sample studies).</param>
    /// <param name="horizon">Days per window, one of every model's horizons.</param>
    public static ForecastTable Align(string source, ReadOnlySpan<double> returns, ReadOnlySpan<DateOnly> dates, IReadOnlyList<VolatilityForecast> forecasts, int horizon)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        if (forecasts.Count == 0) throw new ArgumentException("no forecasts to align", nameof(forecasts));
        var starts = forecasts.SelectMany(f => f.Dates).Distinct().Order().ToArray();
        return ForecastAlignment.Align(source, Realized(returns, dates, starts, horizon), [.. forecasts.Select(f => From(f, horizon))]);
    }

    /// <summary>A network's test forecasts of realized volatility and the baselines' forecasts of the same windows, all as
    /// per-day variances (squared volatilities) against the squared realized volatility, keyed by each test window's first day.</summary>
    /// <param name="source">The table's name.</param>
    /// <param name="data">The prepared data whose test part the network forecast (a realized-volatility target).</param>
    /// <param name="network">The network's name.</param>
    /// <param name="networkForecasts">[test samples] its forecasts, in percent per day.</param>
    /// <param name="baselines">Out-of-sample studies covering the test windows at the data's horizon.</param>
    public static ForecastTable NetworkAgainstBaselines(string source, PreparedData data, string network, double[] networkForecasts, IReadOnlyList<VolatilityForecast> baselines)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(networkForecasts);
        ArgumentNullException.ThrowIfNull(baselines);
        if (data.Target != TargetKind.RealizedVolatility) throw new ArgumentException($"the data's target is {data.Target}, not realized volatility", nameof(data));
        var starts = data.TestWindows.Select(w => w.TargetFirstDate).ToArray();
        if (networkForecasts.Length != starts.Length) throw new ArgumentException($"{networkForecasts.Length} forecasts for {starts.Length} test samples", nameof(networkForecasts));
        var actual = new DatedSeries("realized", starts, [.. data.TestActuals.Select(v => v * v)]);
        var series = new List<DatedSeries> { new(network, starts, [.. networkForecasts.Select(v => v * v)]) };
        series.AddRange(baselines.Select(b => new DatedSeries(b.Name, starts, [.. b.PerDayAt(starts, data.Horizon).Select(v => v * v)])));
        return ForecastAlignment.Align(source, actual, series);
    }
}
