using Deedle;
using System.Globalization;
using System.Text;
using VolNotebooks.Data;
using VolNotebooks.IO;

namespace VolNotebooks.Features;

/// <summary>Named numeric columns over one calendar: row <c>t</c> of every column belongs to <c>Dates[t]</c>.</summary>
/// <remarks>
/// A column may hold NaN where it is undefined (a rolling window still filling, a target past the end of the data).
/// <see cref="DropIncomplete"/> keeps only the rows where every column is defined. Column order is insertion order.
/// </remarks>
public sealed class FeatureFrame
{
    private readonly DateOnly[] _dates;
    private readonly List<string> _names = [];
    private readonly Dictionary<string, double[]> _columns = new(StringComparer.Ordinal);

    /// <summary>Creates an empty frame over <paramref name="dates"/>.</summary>
    /// <param name="dates">The calendar, strictly increasing.</param>
    public FeatureFrame(ReadOnlySpan<DateOnly> dates)
    {
        for (var t = 1; t < dates.Length; t++)
        {
            if (dates[t] <= dates[t - 1])
                throw new ArgumentException($"dates must be strictly increasing: {dates[t]:yyyy-MM-dd} follows {dates[t - 1]:yyyy-MM-dd}", nameof(dates));
        }

        _dates = dates.ToArray();
    }

    /// <summary>The calendar.</summary>
    public ReadOnlySpan<DateOnly> Dates => _dates;

    /// <summary>Number of rows.</summary>
    public int RowCount => _dates.Length;

    /// <summary>Column names in insertion order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <param name="name">A column name.</param>
    public ReadOnlySpan<double> this[string name] => Column(name);

    /// <summary>Whether a column called <paramref name="name"/> exists.</summary>
    /// <param name="name">A column name.</param>
    public bool Contains(string name) => _columns.ContainsKey(name);

    /// <summary>Adds a column (the array is copied).</summary>
    /// <param name="name">A new, unique name.</param>
    /// <param name="values">One value per row.</param>
    /// <returns>This frame, for chaining.</returns>
    public FeatureFrame Add(string name, ReadOnlySpan<double> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (values.Length != RowCount)
            throw new ArgumentException($"column '{name}' has {values.Length} values but the frame has {RowCount} rows", nameof(values));
        if (!_columns.TryAdd(name, values.ToArray()))
            throw new ArgumentException($"column '{name}' already exists", nameof(name));
        _names.Add(name);
        return this;
    }

    /// <summary>The values of one column.</summary>
    /// <param name="name">A column name.</param>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the columns there are.</exception>
    public ReadOnlySpan<double> Column(string name) => _columns.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException($"no column '{name}'; the frame has {string.Join(", ", _names)}");

    /// <summary>A frame with only the named columns, in the given order.</summary>
    /// <param name="names">Existing column names.</param>
    public FeatureFrame Select(IEnumerable<string> names)
    {
        var frame = new FeatureFrame(_dates);
        foreach (var name in names) frame.Add(name, Column(name));
        return frame;
    }

    /// <summary>The rows at the given increasing positions.</summary>
    /// <param name="rows">Increasing 0-based row positions.</param>
    public FeatureFrame Rows(IReadOnlyList<int> rows)
    {
        var dates = new DateOnly[rows.Count];
        for (var i = 0; i < rows.Count; i++) dates[i] = _dates[rows[i]];
        var frame = new FeatureFrame(dates);
        var values = new double[rows.Count];
        foreach (var name in _names)
        {
            var column = _columns[name];
            for (var i = 0; i < rows.Count; i++) values[i] = column[rows[i]];
            frame.Add(name, values);
        }

        return frame;
    }

    /// <summary>The rows dated within <paramref name="from"/>..<paramref name="to"/>, both inclusive.</summary>
    /// <param name="from">First date kept.</param>
    /// <param name="to">Last date kept.</param>
    public FeatureFrame Between(DateOnly from, DateOnly to)
    {
        var (start, end) = DateRange.Bounds(_dates, from, to);
        return Rows(Enumerable.Range(start, end - start).ToList());
    }

    /// <summary>The rows where every column holds a finite number (the warm-up and the end of the data drop out).</summary>
    public FeatureFrame DropIncomplete() => Rows(CompleteRows(_names));

    /// <summary>Row positions where every named column is finite.</summary>
    /// <param name="names">Columns that must be defined.</param>
    public IReadOnlyList<int> CompleteRows(IEnumerable<string> names)
    {
        var columns = names.Select(n => _columns.TryGetValue(n, out var c) ? c : throw new KeyNotFoundException($"no column '{n}'")).ToArray();
        var rows = new List<int>(RowCount);
        for (var t = 0; t < RowCount; t++)
        {
            var complete = true;
            foreach (var column in columns) complete &= double.IsFinite(column[t]);
            if (complete) rows.Add(t);
        }

        return rows;
    }

    /// <summary>The named columns as a row-major matrix <c>[rows, columns]</c>.</summary>
    /// <param name="names">Columns in the order wanted.</param>
    public double[,] ToMatrix(IReadOnlyList<string> names)
    {
        var matrix = new double[RowCount, names.Count];
        for (var j = 0; j < names.Count; j++)
        {
            var column = Column(names[j]);
            for (var t = 0; t < RowCount; t++) matrix[t, j] = column[t];
        }

        return matrix;
    }

    /// <summary>The frame as a Deedle frame: the same columns in the same order, rows keyed by date, NaN as Deedle's
    /// missing value.</summary>
    public Frame<DateOnly, string> ToDeedle() =>
        Frame.FromColumns(_names.Select(n => KeyValuePair.Create(n, new Series<DateOnly, double>(_dates, _columns[n]))));

    /// <summary>A feature frame from a Deedle frame: its numeric columns in order, a missing value as NaN.</summary>
    /// <param name="frame">Rows keyed by strictly increasing dates.</param>
    /// <exception cref="ArgumentException">Dates not strictly increasing, or a column that is not numeric.</exception>
    public static FeatureFrame FromDeedle(Frame<DateOnly, string> frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var dates = frame.RowKeys.ToArray();
        var result = new FeatureFrame(dates);
        foreach (var (name, type) in frame.ColumnKeys.Zip(frame.ColumnTypes))
        {
            if (type != typeof(double) && type != typeof(float) && type != typeof(int) && type != typeof(long) && type != typeof(decimal))
                throw new ArgumentException($"frame column '{name}' is not numeric: it holds {type.Name}", nameof(frame));
            var column = frame.GetColumn<double>(name);
            result.Add(name, dates.Select(d => column.TryGet(d) is { HasValue: true } v ? v.Value : double.NaN).ToArray());
        }

        return result;
    }

    /// <summary>Writes the frame as CSV (Date first, then the columns; NaN as an empty field), atomically.</summary>
    /// <param name="path">Destination file.</param>
    public void WriteCsv(string path)
    {
        var text = new StringBuilder();
        text.Append("Date");
        foreach (var name in _names) text.Append(',').Append(name);
        text.Append('\n');
        for (var t = 0; t < RowCount; t++)
        {
            text.Append(_dates[t].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var name in _names)
            {
                var v = _columns[name][t];
                text.Append(',');
                if (double.IsFinite(v)) text.Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <inheritdoc />
    public override string ToString() => RowCount == 0
        ? $"FeatureFrame(0 rows, {_names.Count} columns)"
        : $"FeatureFrame({RowCount} rows {_dates[0]:yyyy-MM-dd}..{_dates[^1]:yyyy-MM-dd}, {_names.Count} columns)";
}
