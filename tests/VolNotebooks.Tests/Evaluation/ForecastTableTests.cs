using System.Globalization;
using System.Text;
using VolNotebooks.Data;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class ForecastTableTests
{
    // 30 rows: rv = 1 + t/100, m1 = rv + 0.1, m2 = 2 rv.
    private static string Csv(string header = "Date,rv,m1,m2", Func<int, string?>? line = null)
    {
        var text = new StringBuilder(header + "\n");
        for (var t = 1; t <= 30; t++)
        {
            var rv = 1 + (t / 100.0);
            text.Append(line?.Invoke(t) ?? string.Create(CultureInfo.InvariantCulture, $"{new DateOnly(2021, 3, 1).AddDays(t):yyyy-MM-dd},{rv:R},{rv + 0.1:R},{2 * rv:R}"));
            text.Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void Columns_other_than_the_date_and_the_realized_one_are_the_models_in_file_order()
    {
        var table = ForecastTable.Parse(Csv("Date,m1,rv,m2"), "t.csv", "rv");
        Assert.Equal(["m1", "m2"], table.ModelNames);
        Assert.Equal(30, table.Count);
        Assert.Equal(new DateOnly(2021, 3, 2), table.Dates[0]);
        // Header order m1, rv, m2 but data order rv, m1, m2: the second field of row 1 is 1.01 + 0.1.
        Assert.Equal(1.01, table.Forecasts[0][0], 15);
        Assert.Equal(1.11, table.Actual[0], 15);
    }

    [Fact]
    public void The_loss_matrix_holds_each_models_loss_series_as_a_column()
    {
        var table = ForecastTable.Parse(Csv(), "t.csv", "rv");
        var losses = table.Losses(LossFunction.Mse);
        Assert.Equal(30, losses.GetLength(0));
        Assert.Equal(2, losses.GetLength(1));
        // m1 misses by 0.1 everywhere; m2 by rv.
        Assert.Equal(0.01, losses[7, 0], 12);
        Assert.Equal(1.08 * 1.08, losses[7, 1], 12);
    }

    [Theory]
    [InlineData("Date,rv,m1,m1", "t.csv:1:4: column 'm1' appears twice")]
    [InlineData("Date,rv", "t.csv:1: expected a date column, the realized column and at least one forecast column; the header has 2 column(s)")]
    public void A_bad_header_is_located(string header, string message)
    {
        var e = Assert.Throws<DataFormatException>(() => ForecastTable.Parse(Csv(header), "t.csv", "rv"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Short_rows_out_of_order_dates_and_the_date_column_as_actual_are_located()
    {
        var shortRow = Assert.Throws<DataFormatException>(() => ForecastTable.Parse(Csv(line: t => t == 4 ? "2021-03-05,1,2" : null), "t.csv", "rv"));
        Assert.Equal("t.csv:5:4: expected 4 fields, found 3", shortRow.Message);
        var unsorted = Assert.Throws<DataFormatException>(() => ForecastTable.Parse(Csv(line: t => t == 4 ? "2021-03-01,1,2,3" : null), "t.csv", "rv"));
        Assert.Equal("t.csv:5:1: date 2021-03-01 does not follow 2021-03-04; rows must be in ascending date order", unsorted.Message);
        var dateColumn = Assert.Throws<DataFormatException>(() => ForecastTable.Parse(Csv(), "t.csv", "Date"));
        Assert.Equal("t.csv:1: 'Date' is the date column; --actual names a numeric column: rv, m1, m2", dateColumn.Message);
    }

    [Fact]
    public void Qlike_needs_positive_realized_values_too_and_names_the_line()
    {
        var table = ForecastTable.Parse(Csv(line: t => t == 2 ? "2021-03-03,0,1,2" : null), "t.csv", "rv");
        var e = Assert.Throws<DataFormatException>(() => table.Losses(LossFunction.Qlike));
        Assert.Equal("t.csv:3: qlike needs positive realized values, but rv is 0", e.Message);
        Assert.Equal(30, table.Losses(LossFunction.QlikeLog).GetLength(0));
    }
}
