namespace VolNotebooks.Data;

/// <summary>Whether a series is a traded security (with volume and adjusted close) or an index level.</summary>
public enum SeriesKind
{
    /// <summary>A stock or fund: open, high, low, close, adjusted close and volume.</summary>
    Equity,

    /// <summary>An index such as VIX or VVIX: open, high, low and close only; no volume, no adjusted close.</summary>
    Index,
}

/// <summary>An immutable, date-ordered series of daily bars for one symbol.</summary>
/// <remarks>
/// Columns are stored as arrays and exposed as read-only spans, so feature code reads them without copying.
/// Dates are strictly increasing. A series is only ever created whole and valid: every bar satisfies
/// <see cref="DailyBar.FindViolation"/>.
/// </remarks>
public sealed class BarSeries
{
    private readonly DateOnly[] _dates;
    private readonly double[] _open;
    private readonly double[] _high;
    private readonly double[] _low;
    private readonly double[] _close;
    private readonly double[] _adjClose;
    private readonly long[] _volume;

    internal BarSeries(
        string symbol, SeriesKind kind, string? sourcePath,
        DateOnly[] dates, double[] open, double[] high, double[] low, double[] close, double[] adjClose, long[] volume,
        IReadOnlyList<string> warnings)
    {
        Symbol = symbol;
        Kind = kind;
        SourcePath = sourcePath;
        _dates = dates;
        _open = open;
        _high = high;
        _low = low;
        _close = close;
        _adjClose = adjClose;
        _volume = volume;
        Warnings = warnings;
    }

    /// <summary>Builds a series from bars, validating order and every bar's invariants.</summary>
    /// <param name="symbol">Ticker or index name, e.g. <c>SPY</c> or <c>VIX</c>.</param>
    /// <param name="kind">Equity or index.</param>
    /// <param name="bars">Bars in strictly increasing date order.</param>
    /// <exception cref="ArgumentException">A bar is invalid or the dates are not strictly increasing.</exception>
    public static BarSeries Create(string symbol, SeriesKind kind, IEnumerable<DailyBar> bars)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentNullException.ThrowIfNull(bars);
        var list = bars as IReadOnlyList<DailyBar> ?? bars.ToList();
        var columns = new ColumnBuilder(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var bar = list[i];
            if (kind == SeriesKind.Index) bar = bar with { AdjClose = bar.Close, Volume = 0 };
            if (bar.FindViolation() is var (field, problem))
                throw new ArgumentException($"{symbol} {bar.Date:yyyy-MM-dd}: {field}: {problem}", nameof(bars));
            if (i > 0 && bar.Date <= list[i - 1].Date)
                throw new ArgumentException(
                    $"{symbol}: dates must be strictly increasing, but {bar.Date:yyyy-MM-dd} follows {list[i - 1].Date:yyyy-MM-dd}",
                    nameof(bars));
            columns.Add(bar);
        }

        return columns.Build(symbol, kind, sourcePath: null, warnings: []);
    }

    /// <summary>The ticker or index name.</summary>
    public string Symbol { get; }

    /// <summary>Equity (with volume and adjusted close) or index.</summary>
    public SeriesKind Kind { get; }

    /// <summary>The file this series was read from, or <see langword="null"/> when built in memory.</summary>
    public string? SourcePath { get; }

    /// <summary>Non-fatal observations made while loading, e.g. how many of Yahoo's <c>null</c> rows were skipped.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Number of bars.</summary>
    public int Count => _dates.Length;

    /// <summary>True for an equity; an index has no volume.</summary>
    public bool HasVolume => Kind == SeriesKind.Equity;

    /// <summary>The first trading day.</summary>
    public DateOnly FirstDate => _dates.Length > 0 ? _dates[0] : throw new InvalidOperationException($"{Symbol} has no bars");

    /// <summary>The last trading day.</summary>
    public DateOnly LastDate => _dates.Length > 0 ? _dates[^1] : throw new InvalidOperationException($"{Symbol} has no bars");

    /// <summary>Trading days, strictly increasing.</summary>
    public ReadOnlySpan<DateOnly> Dates => _dates;

    /// <summary>Opening prices (split-adjusted).</summary>
    public ReadOnlySpan<double> Open => _open;

    /// <summary>Daily highs (split-adjusted).</summary>
    public ReadOnlySpan<double> High => _high;

    /// <summary>Daily lows (split-adjusted).</summary>
    public ReadOnlySpan<double> Low => _low;

    /// <summary>Closing prices (split-adjusted, not dividend-adjusted).</summary>
    public ReadOnlySpan<double> Close => _close;

    /// <summary>Closes adjusted for splits and dividends; equal to <see cref="Close"/> for an index.</summary>
    public ReadOnlySpan<double> AdjClose => _adjClose;

    /// <summary>Share volume (split-adjusted).</summary>
    /// <exception cref="InvalidOperationException">The series is an index, which has no volume.</exception>
    public ReadOnlySpan<long> Volume => HasVolume
        ? _volume
        : throw new InvalidOperationException($"{Symbol} is an index series and has no volume");

    /// <summary>The bar at position <paramref name="index"/>.</summary>
    /// <param name="index">0-based position.</param>
    public DailyBar this[int index] => new(
        _dates[index], _open[index], _high[index], _low[index], _close[index], _adjClose[index], _volume[index]);

    /// <summary>The position of <paramref name="date"/>, or a negative number (the bitwise complement of where it would go).</summary>
    /// <param name="date">The trading day to look up.</param>
    public int IndexOf(DateOnly date) => Array.BinarySearch(_dates, date);

    /// <summary>The bars dated within <paramref name="from"/>..<paramref name="to"/>, both inclusive.</summary>
    /// <param name="from">First day to keep.</param>
    /// <param name="to">Last day to keep.</param>
    public BarSeries Between(DateOnly from, DateOnly to)
    {
        if (to < from) throw new ArgumentOutOfRangeException(nameof(to), $"end {to:yyyy-MM-dd} is before start {from:yyyy-MM-dd}");
        var (start, end) = DateRange.Bounds(_dates, from, to);
        return Slice(start, end - start);
    }

    /// <summary>A contiguous run of <paramref name="length"/> bars starting at <paramref name="start"/>.</summary>
    /// <param name="start">0-based first position.</param>
    /// <param name="length">Number of bars.</param>
    public BarSeries Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Count, nameof(length));
        return new BarSeries(
            Symbol, Kind, SourcePath,
            _dates[start..(start + length)], _open[start..(start + length)], _high[start..(start + length)],
            _low[start..(start + length)], _close[start..(start + length)], _adjClose[start..(start + length)],
            _volume[start..(start + length)], Warnings);
    }

    /// <summary>The bars at <paramref name="positions"/>, re-dated to <paramref name="calendar"/> (a repeated position forward-fills).</summary>
    /// <param name="calendar">The new dates, strictly increasing.</param>
    /// <param name="positions">For each new date, the position of the bar to use; non-decreasing.</param>
    /// <param name="warnings">The warnings the new series carries.</param>
    internal BarSeries Reindex(ReadOnlySpan<DateOnly> calendar, ReadOnlySpan<int> positions, IReadOnlyList<string> warnings)
    {
        var columns = new ColumnBuilder(positions.Length);
        for (var i = 0; i < positions.Length; i++) columns.Add(this[positions[i]] with { Date = calendar[i] });
        return columns.Build(Symbol, Kind, SourcePath, warnings);
    }

    /// <summary>The same bars carrying <paramref name="warnings"/> instead of the current ones.</summary>
    /// <param name="warnings">The warnings the new series carries.</param>
    internal BarSeries WithWarnings(IReadOnlyList<string> warnings) => new(
        Symbol, Kind, SourcePath, _dates, _open, _high, _low, _close, _adjClose, _volume, warnings);

    /// <summary>All bars in date order.</summary>
    public IEnumerable<DailyBar> Bars()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    /// <inheritdoc />
    public override string ToString() => Count == 0
        ? $"{Symbol} ({Kind}, empty)"
        : $"{Symbol} ({Kind}, {Count} days, {FirstDate:yyyy-MM-dd}..{LastDate:yyyy-MM-dd})";

    /// <summary>Accumulates bars column by column; used by every path that creates a series.</summary>
    internal sealed class ColumnBuilder(int capacity)
    {
        private readonly List<DateOnly> _dates = new(capacity);
        private readonly List<double> _open = new(capacity);
        private readonly List<double> _high = new(capacity);
        private readonly List<double> _low = new(capacity);
        private readonly List<double> _close = new(capacity);
        private readonly List<double> _adjClose = new(capacity);
        private readonly List<long> _volume = new(capacity);

        public int Count => _dates.Count;

        public DateOnly LastDate => _dates[^1];

        public void Add(in DailyBar bar)
        {
            _dates.Add(bar.Date);
            _open.Add(bar.Open);
            _high.Add(bar.High);
            _low.Add(bar.Low);
            _close.Add(bar.Close);
            _adjClose.Add(bar.AdjClose);
            _volume.Add(bar.Volume);
        }

        public BarSeries Build(string symbol, SeriesKind kind, string? sourcePath, IReadOnlyList<string> warnings) => new(
            symbol, kind, sourcePath,
            [.. _dates], [.. _open], [.. _high], [.. _low], [.. _close], [.. _adjClose], [.. _volume], warnings);
    }
}
