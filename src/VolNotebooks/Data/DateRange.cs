namespace VolNotebooks.Data;

/// <summary>Date lookups shared by every date-indexed type.</summary>
internal static class DateRange
{
    /// <summary>The half-open position range [start, end) of the dates within <paramref name="from"/>..<paramref name="to"/> inclusive.</summary>
    public static (int Start, int End) Bounds(ReadOnlySpan<DateOnly> dates, DateOnly from, DateOnly to)
    {
        var start = dates.BinarySearch(from);
        if (start < 0) start = ~start;
        var end = dates.BinarySearch(to);
        end = end < 0 ? ~end : end + 1;
        return (start, Math.Max(start, end));
    }
}
