using Deedle;

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

    /// <summary>The panel as a Deedle frame: one column <c>{symbol}.{field}</c> per symbol and bar field (<c>Volume</c> for
    /// equities only), rows keyed by date; <see cref="FromDeedle"/> reads it back.</summary>
    public Frame<DateOnly, string> ToDeedle()
    {
        var columns = new List<KeyValuePair<string, Series<DateOnly, double>>>();
        foreach (var s in Series)
        {
            foreach (var field in Enum.GetValues<BarField>())
            {
                if (field == BarField.Volume && !s.HasVolume) continue;
                columns.Add(KeyValuePair.Create($"{s.Symbol}.{field}", new Series<DateOnly, double>(DatesArray, FieldOf(s, field))));
            }
        }

        return Frame.FromColumns(columns);
    }

    /// <summary>One field of every symbol as a Deedle frame: a column per symbol, rows keyed by date (e.g. the adjusted
    /// closes side by side).</summary>
    /// <param name="field">The bar field.</param>
    /// <exception cref="ArgumentException">Volume asked of a panel holding an index, which has none.</exception>
    public Frame<DateOnly, string> ToDeedle(BarField field)
    {
        if (field == BarField.Volume && Series.FirstOrDefault(s => !s.HasVolume) is { } index)
            throw new ArgumentException($"{index.Symbol} is an index and has no volume", nameof(field));
        return Frame.FromColumns(Series.Select(s => KeyValuePair.Create(s.Symbol, new Series<DateOnly, double>(DatesArray, FieldOf(s, field)))));
    }

    /// <summary>A panel from a Deedle frame laid out as <see cref="ToDeedle()"/> writes it: columns <c>{symbol}.{field}</c>
    /// with Open, High, Low, Close and AdjClose for every symbol and Volume for equities (a symbol without a Volume
    /// column is an index).</summary>
    /// <param name="frame">The frame; its rows must be in increasing date order and every bar complete and valid.</param>
    /// <exception cref="ArgumentException">A column not named <c>{symbol}.{field}</c>, a field missing, a missing value
    /// or an invalid bar, each named by column and date.</exception>
    public static MarketPanel FromDeedle(Frame<DateOnly, string> frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var dates = frame.RowKeys.ToArray();
        var symbols = new List<string>();
        var fields = new Dictionary<(string Symbol, BarField Field), double[]>();
        foreach (var key in frame.ColumnKeys)
        {
            var dot = key.LastIndexOf('.');
            if (dot <= 0 || !Enum.TryParse<BarField>(key[(dot + 1)..], out var field) || !Enum.IsDefined(field))
                throw new ArgumentException($"frame column '{key}' is not named {{symbol}}.{{field}} with a field of {string.Join(", ", Enum.GetNames<BarField>())}", nameof(frame));
            var symbol = key[..dot];
            if (!symbols.Contains(symbol)) symbols.Add(symbol);
            var column = frame.GetColumn<double>(key);
            var values = new double[dates.Length];
            for (var t = 0; t < dates.Length; t++)
            {
                var value = column.TryGet(dates[t]);
                values[t] = value.HasValue ? value.Value : throw new ArgumentException($"frame column '{key}' has no value on {dates[t]:yyyy-MM-dd}", nameof(frame));
            }

            fields[(symbol, field)] = values;
        }

        var series = symbols.Select(symbol =>
        {
            double[] Field(BarField f) => fields.TryGetValue((symbol, f), out var v)
                ? v
                : throw new ArgumentException($"frame has no column '{symbol}.{f}'", nameof(frame));
            var kind = fields.ContainsKey((symbol, BarField.Volume)) ? SeriesKind.Equity : SeriesKind.Index;
            var (open, high, low, close, adjClose) = (Field(BarField.Open), Field(BarField.High), Field(BarField.Low), Field(BarField.Close), Field(BarField.AdjClose));
            var volume = kind == SeriesKind.Equity ? Field(BarField.Volume) : new double[dates.Length];
            var bars = dates.Select((d, t) => new DailyBar(d, open[t], high[t], low[t], close[t], adjClose[t], checked((long)volume[t])));
            return BarSeries.Create(symbol, kind, bars);
        }).ToList();
        return Align(series);
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

    private static double[] FieldOf(BarSeries s, BarField field) => field switch
    {
        BarField.Open => s.Open.ToArray(),
        BarField.High => s.High.ToArray(),
        BarField.Low => s.Low.ToArray(),
        BarField.Close => s.Close.ToArray(),
        BarField.AdjClose => s.AdjClose.ToArray(),
        _ => [.. s.Volume.ToArray().Select(v => (double)v)],
    };

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
