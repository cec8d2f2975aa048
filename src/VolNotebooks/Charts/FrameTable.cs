using Deedle;

namespace VolNotebooks.Charts;

/// <summary>A Deedle frame shown as a table: its first and last rows (a long frame is elided in the middle, as pandas
/// shows one), its size, numbers right-aligned; missing values as <c>n/a</c>.</summary>
/// <remarks>Displays inline in Polyglot Notebooks and <c>volnb run</c> through the formatter convention, like
/// <see cref="Table"/>; a bare <see cref="Frame{TRowKey, TColumnKey}"/> keyed by dates or integers is shown the same way
/// by <c>volnb run</c>.</remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class FrameTable
{
    private readonly Table _table;

    private FrameTable(Table table, int rowCount, int columnCount)
    {
        _table = table;
        RowCount = rowCount;
        ColumnCount = columnCount;
    }

    /// <summary>Rows of the frame (all of them, not only those shown).</summary>
    public int RowCount { get; }

    /// <summary>Columns of the frame.</summary>
    public int ColumnCount { get; }

    /// <summary>The rows shown, as a table: the row key first, then the frame's columns.</summary>
    public Table Shown => _table;

    /// <summary>Shows a frame.</summary>
    /// <typeparam name="TRow">The row key type (dates are written <c>yyyy-MM-dd</c>).</typeparam>
    /// <param name="frame">The frame.</param>
    /// <param name="caption">What the frame holds; its size is appended.</param>
    /// <param name="maxRows">Rows shown at most: half from the start and half from the end when the frame is longer.</param>
    /// <param name="rowKeyHeader">Header of the row key column.</param>
    public static FrameTable Of<TRow>(Frame<TRow, string> frame, string? caption = null, int maxRows = 20, string? rowKeyHeader = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 2);
        var keys = frame.RowKeys.ToArray();
        var columns = frame.ColumnKeys.ToArray();
        var header = rowKeyHeader ?? (typeof(TRow) == typeof(DateOnly) ? "date" : "row");
        var size = $"{keys.Length} rows x {columns.Length} columns";
        var table = new Table([header, .. columns]) { Caption = caption is null ? size : $"{caption} ({size})" };
        var series = columns.Select(c => frame.GetColumn<object>(c)).ToArray();
        var shown = keys.Length <= maxRows
            ? Enumerable.Range(0, keys.Length).ToList()
            : [.. Enumerable.Range(0, maxRows / 2), -1, .. Enumerable.Range(keys.Length - (maxRows - (maxRows / 2)), maxRows - (maxRows / 2))];
        foreach (var i in shown)
        {
            if (i < 0)
            {
                table.AddRow(["...", .. columns.Select(_ => (object?)"...")]);
                continue;
            }

            table.AddRow([keys[i], .. series.Select(s => s.TryGet(keys[i]) is { HasValue: true } v ? v.Value : double.NaN)]);
        }

        return new FrameTable(table, keys.Length, columns.Length);
    }

    /// <summary>The shown rows as an HTML table.</summary>
    public string ToHtml() => _table.ToHtml();

    /// <summary>The shown rows as aligned plain text.</summary>
    public string ToText() => _table.ToText();

    /// <inheritdoc />
    public override string ToString() => ToText();
}
