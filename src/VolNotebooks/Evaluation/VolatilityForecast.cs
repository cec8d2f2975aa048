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
