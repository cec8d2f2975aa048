namespace VolNotebooks.Data;

/// <summary>What to do on a day when some symbols of a panel have a bar and others do not.</summary>
public enum MissingDayPolicy
{
    /// <summary>Keep only the days every symbol traded (an inner join). The default: nothing is invented.</summary>
    Drop,

    /// <summary>
    /// Keep the first symbol's calendar; a symbol missing a day repeats its previous bar (never a later one, so no
    /// look-ahead). Days before a symbol's first bar are still dropped. Meant for index features such as VVIX, which
    /// misses 9 trading days in the shipped data.
    /// </summary>
    ForwardFill,
}

/// <summary>How one symbol fared when a panel was aligned.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Rows">Bars the symbol had before alignment.</param>
/// <param name="Dropped">Its bars left out because they fall on days outside the panel's calendar.</param>
/// <param name="Filled">Panel days on which it had no bar and its previous bar was repeated (forward-fill only).</param>
/// <param name="Missing">Days within the panel's span on which other symbols traded and it had no bar.</param>
public sealed record AlignmentEntry(string Symbol, int Rows, int Dropped, int Filled, IReadOnlyList<DateOnly> Missing);

/// <summary>Several symbols aligned on one calendar, so that day <c>i</c> means the same date in every series.</summary>
public sealed class MarketPanel
{
    private readonly Dictionary<string, BarSeries> _bySymbol;

    private MarketPanel(DateOnly[] dates, IReadOnlyList<BarSeries> series, MissingDayPolicy policy, IReadOnlyList<AlignmentEntry> report)
    {
        DatesArray = dates;
        Series = series;
        Policy = policy;
        Report = report;
        _bySymbol = series.ToDictionary(s => s.Symbol, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The common calendar.</summary>
    public ReadOnlySpan<DateOnly> Dates => DatesArray;

    /// <summary>Number of days in the common calendar.</summary>
    public int Count => DatesArray.Length;

    /// <summary>The aligned series, in the order given to <see cref="Align"/>, each exactly <see cref="Count"/> bars long.</summary>
    public IReadOnlyList<BarSeries> Series { get; }

    /// <summary>The symbols, in the order given to <see cref="Align"/>.</summary>
    public IReadOnlyList<string> Symbols => Series.Select(s => s.Symbol).ToList();

    /// <summary>The policy used for days missing in some symbols.</summary>
    public MissingDayPolicy Policy { get; }

    /// <summary>Per symbol: rows before alignment, rows dropped, days filled and days missing.</summary>
    public IReadOnlyList<AlignmentEntry> Report { get; }

    internal DateOnly[] DatesArray { get; }

    /// <summary>The aligned series of <paramref name="symbol"/>.</summary>
    /// <param name="symbol">A symbol of the panel (case-insensitive).</param>
    public BarSeries this[string symbol] => _bySymbol.TryGetValue(symbol.TrimStart('^'), out var s)
        ? s
        : throw new KeyNotFoundException($"'{symbol}' is not in the panel; it holds {string.Join(", ", Symbols)}");

    /// <summary>Aligns <paramref name="series"/> on common dates.</summary>
    /// <param name="series">Two or more series; the first one's calendar anchors <see cref="MissingDayPolicy.ForwardFill"/>.</param>
    /// <param name="missingDays">What to do with days some symbols lack: drop them (default) or forward-fill.</param>
    /// <exception cref="ArgumentException">No series, a repeated symbol, or no common day at all.</exception>
    public static MarketPanel Align(IReadOnlyList<BarSeries> series, MissingDayPolicy missingDays = MissingDayPolicy.Drop)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("a panel needs at least one series", nameof(series));
        var repeated = series.GroupBy(s => s.Symbol, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"symbol '{repeated.Key}' appears more than once", nameof(series));

        var calendar = missingDays == MissingDayPolicy.Drop ? Intersection(series) : FillableCalendar(series);
        if (calendar.Length == 0)
            throw new ArgumentException(
                $"the series have no day in common: {string.Join("; ", series.Select(s => s.ToString()))}", nameof(series));

        var aligned = new List<BarSeries>(series.Count);
        var report = new List<AlignmentEntry>(series.Count);
        var union = UnionWithin(series, calendar[0], calendar[^1]);
        foreach (var s in series)
        {
            var positions = new int[calendar.Length];
            var filled = 0;
            var source = 0;
            for (var day = 0; day < calendar.Length; day++)
            {
                while (source + 1 < s.Count && s.Dates[source + 1] <= calendar[day]) source++;
                positions[day] = source;
                if (s.Dates[source] != calendar[day]) filled++;
            }

            var used = positions.Distinct().Count();
            var missing = union.Where(d => s.IndexOf(d) < 0).ToList();
            var warnings = filled == 0
                ? s.Warnings
                : [.. s.Warnings, $"{s.Symbol}: forward-filled {filled} missing day{(filled == 1 ? "" : "s")} from the previous bar"];
            aligned.Add(s.Reindex(calendar, positions, warnings));
            report.Add(new AlignmentEntry(s.Symbol, s.Count, s.Count - used, filled, missing));
        }

        return new MarketPanel(calendar, aligned, missingDays, report);
    }

    /// <summary>A one-line-per-symbol account of what alignment dropped or filled.</summary>
    public string Describe()
    {
        var lines = new List<string>
        {
            $"{Count} common days {DatesArray[0]:yyyy-MM-dd}..{DatesArray[^1]:yyyy-MM-dd}, missing days: {Policy}",
        };
        foreach (var e in Report)
        {
            var missing = e.Missing.Count == 0
                ? ""
                : $", missing {e.Missing.Count} ({string.Join(", ", e.Missing.Take(5).Select(d => d.ToString("yyyy-MM-dd")))}{(e.Missing.Count > 5 ? ", ..." : "")})";
            lines.Add($"  {e.Symbol,-6} {e.Rows,6} rows, dropped {e.Dropped}, filled {e.Filled}{missing}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static DateOnly[] Intersection(IReadOnlyList<BarSeries> series)
    {
        var common = new HashSet<DateOnly>(series[0].Dates.ToArray());
        foreach (var s in series.Skip(1)) common.IntersectWith(s.Dates.ToArray());
        return [.. common.Order()];
    }

    private static DateOnly[] FillableCalendar(IReadOnlyList<BarSeries> series)
    {
        var latestStart = series.Max(s => s.Count == 0 ? DateOnly.MaxValue : s.FirstDate);
        return series[0].Dates.ToArray().Where(d => d >= latestStart).ToArray();
    }

    private static List<DateOnly> UnionWithin(IReadOnlyList<BarSeries> series, DateOnly first, DateOnly last)
    {
        var union = new SortedSet<DateOnly>();
        foreach (var s in series)
        {
            var (start, end) = DateRange.Bounds(s.Dates, first, last);
            foreach (var d in s.Dates[start..end]) union.Add(d);
        }

        return [.. union];
    }
}
