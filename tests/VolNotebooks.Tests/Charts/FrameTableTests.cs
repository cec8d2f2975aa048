using Deedle;
using VolNotebooks.Charts;

namespace VolNotebooks.Tests.Charts;

public sealed class FrameTableTests
{
    [Fact]
    public void Long_frame_shows_its_first_and_last_rows_its_size_and_missing_values_as_n_a()
    {
        var days = Enumerable.Range(0, 30).Select(i => new DateOnly(2020, 1, 1).AddDays(i)).ToArray();
        var values = Enumerable.Range(0, 30).Select(i => i == 1 ? double.NaN : i + 0.5).ToArray();
        var frame = Frame.FromColumns([KeyValuePair.Create("x", new Series<DateOnly, double>(days, values))]);
        var shown = FrameTable.Of(frame, "demo", maxRows: 6);

        Assert.Equal((30, 1), (shown.RowCount, shown.ColumnCount));
        // 3 head rows, the elision row, 3 tail rows.
        Assert.Equal(["2020-01-01", "2020-01-02", "2020-01-03", "...", "2020-01-28", "2020-01-29", "2020-01-30"],
            shown.Shown.Rows.Select(r => r[0] is DateOnly d ? d.ToString("yyyy-MM-dd") : (string)r[0]!));
        var html = shown.ToHtml();
        Assert.Contains("demo (30 rows x 1 columns)", html);
        Assert.Contains("<th>date</th><th>x</th>", html);
        Assert.Contains(">n/a</td>", html); // the missing value of 2020-01-02
        Assert.Contains(">29.5</td>", html);
        Assert.DoesNotContain(">10.5</td>", html); // elided
    }

    [Fact]
    public void Table_goes_to_a_deedle_frame_and_back_with_empty_cells_as_missing()
    {
        var table = new Table("model", "rmse", "first").AddRow("garch", 0.1 + 0.2, new DateOnly(2020, 1, 2)).AddRow("lstm", null, new DateOnly(2021, 3, 4));
        var frame = table.ToDeedle();
        Assert.Equal([0, 1], frame.RowKeys);
        Assert.False(frame.GetColumn<object>("rmse").TryGet(1).HasValue);
        var back = Table.FromDeedle(frame);
        Assert.Equal(table.Columns, back.Columns);
        Assert.Equal(table.Rows.Select(r => r.ToArray()), back.Rows.Select(r => r.ToArray()));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits((double)back.Rows[0][1]!));
    }

    [Fact]
    public void Formatter_source_shows_a_bare_deedle_frame_as_its_frame_table()
    {
        var frame = Frame.FromColumns([KeyValuePair.Create("x", new Series<DateOnly, double>([new DateOnly(2020, 1, 2)], [1.5]))]);
        var formatter = new DisplayFormatterSource().CreateTypeFormatters().Cast<DisplayFormatter>()
            .Single(f => f.MimeType == "text/html" && f.Type == typeof(Frame<DateOnly, string>));
        using var writer = new StringWriter();
        Assert.True(formatter.Format(frame, writer));
        Assert.Equal(FrameTable.Of(frame).ToHtml(), writer.ToString());
    }
}
