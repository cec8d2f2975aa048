using System.Globalization;
using System.Net;
using System.Text;
using Deedle;
using VolNotebooks.IO;

namespace VolNotebooks.Charts;

/// <summary>A table of parameters or metrics that renders as HTML, as aligned plain text and as Markdown.</summary>
/// <remarks>Numbers are right-aligned and formatted with each column's format string; text is left-aligned.
/// Displays inline in Polyglot Notebooks through the formatter convention.</remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Table
{
    private readonly List<object?[]> _rows = [];

    /// <summary>Creates a table with the given column headers.</summary>
    /// <param name="columns">Column headers.</param>
    public Table(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        Columns = columns;
        Formats = Enumerable.Repeat("G6", columns.Length).ToArray();
    }

    /// <summary>Optional caption shown above the table.</summary>
    public string? Caption { get; set; }

    /// <summary>Column headers.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Per column: the .NET format string for numbers (default <c>G6</c>).</summary>
    public string[] Formats { get; }

    /// <summary>The rows.</summary>
    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>Sets the number format of a column, e.g. <c>0.0000</c> or <c>P1</c>.</summary>
    /// <param name="column">Column header.</param>
    /// <param name="format">.NET numeric format string.</param>
    /// <returns>This table.</returns>
    public Table Format(string column, string format)
    {
        var i = IndexOf(column);
        Formats[i] = format;
        return this;
    }

    /// <summary>Adds a row; numbers are formatted, anything else is shown with <see cref="object.ToString"/>.</summary>
    /// <param name="cells">One value per column.</param>
    /// <returns>This table.</returns>
    public Table AddRow(params object?[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"row has {cells.Length} cells but the table has {Columns.Count} columns ({string.Join(", ", Columns)})", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    /// <summary>The table as an HTML <c>table</c> element.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"vnb-table\">");
        if (Caption is not null) html.Append($"<caption style=\"text-align:left;font-weight:600\">{WebUtility.HtmlEncode(Caption)}</caption>");
        html.Append("<thead><tr>");
        foreach (var c in Columns) html.Append($"<th>{WebUtility.HtmlEncode(c)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in _rows)
        {
            html.Append("<tr>");
            for (var j = 0; j < row.Length; j++)
            {
                var numeric = IsNumber(row[j]);
                html.Append(numeric ? "<td class=\"num\" style=\"text-align:right\">" : "<td>").Append(WebUtility.HtmlEncode(Cell(row[j], j))).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The table as aligned plain text: numbers right-aligned, text left-aligned.</summary>
    public string ToText()
    {
        var cells = _rows.Select(r => r.Select((v, j) => Cell(v, j)).ToArray()).ToList();
        var widths = Columns.Select((c, j) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[j].Length))).ToArray();
        var text = new StringBuilder();
        if (Caption is not null) text.AppendLine(Caption);
        var numeric = Columns.Select((_, j) => _rows.Count > 0 && _rows.All(r => r[j] is null || IsNumber(r[j]))).ToArray();
        text.AppendLine(string.Join("  ", Columns.Select((c, j) => numeric[j] ? c.PadLeft(widths[j]) : c.PadRight(widths[j]))).TrimEnd());
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        for (var i = 0; i < cells.Count; i++)
        {
            var row = cells[i];
            text.AppendLine(string.Join("  ", row.Select((c, j) => IsNumber(_rows[i][j]) ? c.PadLeft(widths[j]) : c.PadRight(widths[j]))).TrimEnd());
        }

        return text.ToString();
    }

    /// <summary>The table as GitHub-flavoured Markdown.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", Columns) + " |");
        text.AppendLine("|" + string.Join("|", Columns.Select((_, j) => _rows.Count > 0 && IsNumber(_rows[0][j]) ? "---:" : "---")) + "|");
        foreach (var row in _rows) text.AppendLine("| " + string.Join(" | ", row.Select((v, j) => Cell(v, j))) + " |");
        return text.ToString();
    }

    /// <summary>The table as CSV (numbers unrounded), written atomically.</summary>
    /// <param name="path">Destination file.</param>
    public void WriteCsv(string path)
    {
        static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        var text = new StringBuilder(string.Join(",", Columns.Select(Quote))).Append('\n');
        foreach (var row in _rows)
            text.Append(string.Join(",", row.Select(v => Quote(v is IFormattable f ? f.ToString(v is double ? "R" : null, CultureInfo.InvariantCulture) : v?.ToString() ?? "")))).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The table as a Deedle frame: one column per table column (values as they are: numbers, text, dates),
    /// rows keyed 0, 1, 2, ...; an empty cell (<see langword="null"/>) is missing. Formats and caption stay with the table.</summary>
    public Frame<int, string> ToDeedle()
    {
        var keys = Enumerable.Range(0, _rows.Count).ToArray();
        return Frame.FromColumns(Columns.Select((c, j) =>
            KeyValuePair.Create(c, new Series<int, object>(keys.Where(i => _rows[i][j] is not null), keys.Where(i => _rows[i][j] is not null).Select(i => _rows[i][j]!)))));
    }

    /// <summary>A table from a Deedle frame: its columns in order, one row per row key in order, a missing value as an
    /// empty cell; numbers use the default format.</summary>
    /// <typeparam name="TRow">The frame's row key type.</typeparam>
    /// <param name="frame">The frame.</param>
    /// <param name="rowKeyColumn">When given, the row keys become a first column with this header.</param>
    public static Table FromDeedle<TRow>(Frame<TRow, string> frame, string? rowKeyColumn = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = frame.ColumnKeys.ToArray();
        var table = new Table(rowKeyColumn is null ? columns : [rowKeyColumn, .. columns]);
        var series = columns.Select(c => frame.GetColumn<object>(c)).ToArray();
        foreach (var key in frame.RowKeys)
        {
            var cells = series.Select(s => s.TryGet(key) is { HasValue: true } v ? v.Value : null);
            table.AddRow(rowKeyColumn is null ? [.. cells] : [key, .. cells]);
        }

        return table;
    }

    /// <inheritdoc />
    public override string ToString() => ToText();

    private int IndexOf(string column)
    {
        var i = Columns.ToList().IndexOf(column);
        return i >= 0 ? i : throw new KeyNotFoundException($"no column '{column}'; the table has {string.Join(", ", Columns)}");
    }

    private static bool IsNumber(object? v) => v is double or float or int or long or decimal;

    private string Cell(object? v, int column) => v switch
    {
        null => "",
        double d when double.IsNaN(d) => "n/a",
        double d => d.ToString(Formats[column], CultureInfo.InvariantCulture),
        float f => f.ToString(Formats[column], CultureInfo.InvariantCulture),
        decimal m => m.ToString(Formats[column], CultureInfo.InvariantCulture),
        int or long => Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
