using VolNotebooks.Data;

namespace VolNotebooks.Tests.Data;

public sealed class MarketDataTests
{
    private static readonly string[] Shipped =
        ["AAPL", "AMZN", "BAC", "GOOGL", "JNJ", "JPM", "KO", "MSFT", "NVDA", "PG", "SPY", "VIX", "VVIX", "WMT", "XOM"];

    [Fact]
    public void Finds_the_shipped_data_from_the_repository_and_lists_all_15_symbols()
    {
        Assert.Equal(Shipped, TestFiles.Data.Symbols());
    }

    [Fact]
    public void Shipped_files_match_the_row_counts_and_spans_in_SOURCES_md()
    {
        // Figures from data/SOURCES.md, section 3 (verified there with Python's csv module).
        var spy = TestFiles.Data.Load("SPY");
        Assert.Equal((8221, new DateOnly(1993, 1, 29), new DateOnly(2025, 9, 25)), (spy.Count, spy.FirstDate, spy.LastDate));
        var vix = TestFiles.Data.Load("^VIX");
        Assert.Equal((9000, SeriesKind.Index), (vix.Count, vix.Kind));
        Assert.Equal(4704, TestFiles.Data.Load("vvix").Count);
        Assert.Equal(4663, TestFiles.Data.Load("GOOGL").Count);
        Assert.Equal(82.69, vix.Close[vix.IndexOf(new DateOnly(2020, 3, 16))], 1e-5);
        Assert.Equal(249.92, spy.Close[spy.IndexOf(new DateOnly(2018, 12, 31))], 1e-5);
    }

    [Fact]
    public void Missing_symbol_lists_the_symbols_that_exist()
    {
        var e = Assert.Throws<DataFormatException>(() => TestFiles.Data.Load("TSLA"));
        Assert.Contains("no data for symbol 'TSLA'", e.Message);
        Assert.Contains("AAPL, AMZN, BAC", e.Message);
        Assert.EndsWith("TSLA.csv", e.FilePath);
    }

    [Fact]
    public void Explicit_folder_that_does_not_exist_is_reported()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => MarketData.Open("/no/such/folder"));
        Assert.Contains("/no/such/folder", e.Message);
    }

    [Fact]
    public void Between_keeps_both_ends_inclusive()
    {
        var spy = TestFiles.Data.Load("SPY").Between(new DateOnly(2005, 1, 3), new DateOnly(2020, 12, 31));
        Assert.Equal(4028, spy.Count);
        Assert.Equal(new DateOnly(2005, 1, 3), spy.FirstDate);
        Assert.Equal(new DateOnly(2020, 12, 31), spy.LastDate);
    }

    [Fact]
    public void Create_rejects_invalid_bars_and_unordered_dates()
    {
        var d = new DateOnly(2020, 1, 2);
        Assert.Contains("below Low", Assert.Throws<ArgumentException>(() =>
            BarSeries.Create("X", SeriesKind.Equity, [new DailyBar(d, 1, 1, 2, 1, 1, 1)])).Message);
        Assert.Contains("strictly increasing", Assert.Throws<ArgumentException>(() =>
            BarSeries.Create("X", SeriesKind.Equity, [new DailyBar(d, 1, 1, 1, 1, 1, 1), new DailyBar(d, 1, 1, 1, 1, 1, 1)])).Message);
    }

    [Fact]
    public void Symbol_files_are_found_ignoring_case_and_the_yahoo_caret_so_list_and_load_agree()
    {
        using var folder = new TempFolder();
        folder.Write("spy.csv", "Date,Open,High,Low,Close,AdjClose,Volume\n2020-01-02,1,2,1,1.5,1.5,10\n");
        folder.Write("^VIX.csv", "Date,Open,High,Low,Close\n2020-01-02,13,14,12,13.5\n");
        var data = MarketData.Open(folder.Path);

        Assert.Equal(["SPY", "VIX"], data.Symbols());
        Assert.Equal(["SPY", "VIX"], data.LoadAll().Select(s => s.Symbol));
        Assert.EndsWith("spy.csv", data.PathOf("SPY"));
        Assert.EndsWith("^VIX.csv", data.PathOf("vix"));
    }

    [Fact]
    public void Two_files_for_one_symbol_are_reported_naming_both()
    {
        using var folder = new TempFolder();
        folder.Write("Spy.csv", "x");
        folder.Write("spy.csv", "x");
        var e = Assert.Throws<DataFormatException>(() => MarketData.Open(folder.Path).Load("SPY"));
        Assert.Contains("symbol 'SPY' is held by 2 files: Spy.csv, spy.csv", e.Message);
    }
}
