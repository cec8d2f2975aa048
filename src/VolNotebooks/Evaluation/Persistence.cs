namespace VolNotebooks.Evaluation;

/// <summary>The persistence (random-walk) forecast of variance: the coming days will be as volatile as the recent ones.</summary>
public static class Persistence
{
    /// <summary>For each window start d, the mean squared return over the <paramref name="lookbackDays"/> trading days before
    /// d: a per-day variance that uses returns up to the day before d only (NaN where fewer days precede d, or d is not a
    /// trading day).</summary>
    /// <param name="returns">Returns (e.g. percent log returns) dated by <paramref name="dates"/>.</param>
    /// <param name="dates">Trading days, ascending.</param>
    /// <param name="windowStarts">The first day of each forecast window.</param>
    /// <param name="lookbackDays">Days averaged, at least 1. A single day's squared return is zero on an unchanged day,
    /// which QLIKE cannot score, so a one-day horizon is better served by a week.</param>
    public static double[] PerDayVariance(ReadOnlySpan<double> returns, ReadOnlySpan<DateOnly> dates, ReadOnlySpan<DateOnly> windowStarts, int lookbackDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookbackDays, 1);
        if (returns.Length != dates.Length) throw new ArgumentException("returns and dates differ in length", nameof(dates));
        var result = new double[windowStarts.Length];
        for (var i = 0; i < windowStarts.Length; i++)
        {
            var t = dates.BinarySearch(windowStarts[i]);
            if (t < lookbackDays)
            {
                result[i] = double.NaN;
                continue;
            }

            var sum = 0.0;
            for (var j = t - lookbackDays; j < t; j++) sum += returns[j] * returns[j];
            result[i] = sum / lookbackDays;
        }

        return result;
    }
}
