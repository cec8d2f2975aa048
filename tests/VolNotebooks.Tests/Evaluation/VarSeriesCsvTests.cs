using VolNotebooks.Data;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class VarSeriesCsvTests
{
    private static string Rows(int count, Func<int, string>? row = null) =>
        "date,r,hs,garch\n" + string.Join('\n', Enumerable.Range(0, count).Select(t => row?.Invoke(t) ?? $"2024-02-{t + 1:00},0.{t},-1.5,-2")) + "\n";

    [Fact]
    public void Reads_dates_returns_and_every_other_column_as_a_var_series_in_file_order()
    {
        using var folder = new TempFolder();
        var table = VarSeriesCsv.Read(folder.Write("v.csv", Rows(12)), "r");
        Assert.Equal(12, table.Dates.Length);
        Assert.Equal(new DateOnly(2024, 2, 12), table.Dates[^1]);
        Assert.Equal(0.5, table.Returns[5]);
        Assert.Equal(["hs", "garch"], table.VarColumns);
        Assert.All(table.VarSeries[1], v => Assert.Equal(-2.0, v));
    }

    [Fact]
    public void Unsorted_dates_and_the_date_column_as_returns_are_located_errors()
    {
        using var folder = new TempFolder();
        var unsorted = folder.Write("u.csv", Rows(12, t => t == 7 ? "2024-02-03,0.1,-1,-2" : $"2024-02-{t + 1:00},0.1,-1,-2"));
        var e = Assert.Throws<DataFormatException>(() => VarSeriesCsv.Read(unsorted, "r"));
        Assert.Equal((9, 1), (e.Line!.Value, e.Column!.Value));
        Assert.Contains("not after the previous row's 2024-02-07", e.Message);

        var dateAsReturns = Assert.Throws<DataFormatException>(() => VarSeriesCsv.Read(folder.Write("d.csv", Rows(12)), "date"));
        Assert.Equal(1, dateAsReturns.Line);
        Assert.Contains("is the date column", dateAsReturns.Message);
        Assert.Contains("file not found", Assert.Throws<DataFormatException>(() => VarSeriesCsv.Read(Path.Combine(folder.Path, "none.csv"), "r")).Message);
    }
}
