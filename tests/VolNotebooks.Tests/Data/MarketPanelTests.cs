using VolNotebooks.Data;

namespace VolNotebooks.Tests.Data;

public sealed class MarketPanelTests
{
    private static BarSeries Series(string symbol, params int[] days) => BarSeries.Create(
        symbol, SeriesKind.Equity, days.Select(d => new DailyBar(new DateOnly(2020, 1, d), d, d + 1, d - 0.5, d, d, 100 * d)));

    [Fact]
    public void Inner_join_keeps_common_days_and_reports_drops()
    {
        var a = Series("A", 2, 3, 6, 7, 8);
        var b = Series("B", 3, 6, 8, 9);
        var panel = MarketPanel.Align([a, b]);
        Assert.Equal([new DateOnly(2020, 1, 3), new DateOnly(2020, 1, 6), new DateOnly(2020, 1, 8)], panel.Dates.ToArray());
        Assert.Equal([3.0, 6, 8], panel["B"].Close.ToArray());
        Assert.Equal(new[] { 2, 1 }, panel.Report.Select(r => r.Dropped));
        Assert.Equal([new DateOnly(2020, 1, 7)], panel.Report[1].Missing);
        Assert.Empty(panel.Report[0].Missing);
    }

    [Fact]
    public void Forward_fill_keeps_the_anchor_calendar_and_repeats_only_earlier_bars()
    {
        var anchor = Series("SPY", 2, 3, 6, 7, 8);
        var index = BarSeries.Create("VVIX", SeriesKind.Index, new[] { 3, 7 }.Select(d => new DailyBar(new DateOnly(2020, 1, d), d, d, d, d, d, 0)));
        var panel = MarketPanel.Align([anchor, index], MissingDayPolicy.ForwardFill);
        // Day 2 precedes VVIX's first bar: dropped, never back-filled.
        Assert.Equal([3, 6, 7, 8], panel.Dates.ToArray().Select(d => d.Day));
        Assert.Equal([3.0, 3, 7, 7], panel["VVIX"].Close.ToArray());
        Assert.Equal(panel.Dates.ToArray(), panel["VVIX"].Dates.ToArray());
        Assert.Equal(2, panel.Report[1].Filled);
        Assert.Contains(panel["VVIX"].Warnings, w => w.Contains("forward-filled 2 missing days"));
    }

    [Fact]
    public void Shipped_vvix_misses_exactly_the_nine_days_SOURCES_md_lists()
    {
        var data = TestFiles.Data;
        var drop = MarketPanel.Align([data.Load("SPY"), data.Load("VIX"), data.Load("VVIX")]);
        var fill = MarketPanel.Align([data.Load("SPY"), data.Load("VIX"), data.Load("VVIX")], MissingDayPolicy.ForwardFill);
        // SOURCES.md section 2: SPY + VIX + VVIX from 2007-01-03: 4713 SPY days, 4704 with VVIX.
        Assert.Equal(4704, drop.Count);
        Assert.Equal(4713, fill.Count);
        var missing = drop.Report[2].Missing.Select(d => d.ToString("yyyy-MM-dd")).ToArray();
        Assert.Equal(
            ["2010-11-11", "2019-07-05", "2020-06-11", "2021-01-22", "2021-02-17", "2021-05-05", "2021-05-11", "2021-05-20", "2021-05-25"],
            missing);
        Assert.Equal(9, fill.Report[2].Filled);
    }

    [Fact]
    public void Repeated_symbol_and_disjoint_series_are_rejected()
    {
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => MarketPanel.Align([Series("A", 2), Series("a", 3)])).Message);
        Assert.Contains("no day in common", Assert.Throws<ArgumentException>(() => MarketPanel.Align([Series("A", 2), Series("B", 3)])).Message);
    }

    [Fact]
    public void Unknown_symbol_lists_the_panel()
    {
        var panel = MarketPanel.Align([Series("A", 2, 3), Series("B", 2, 3)]);
        Assert.Contains("holds A, B", Assert.Throws<KeyNotFoundException>(() => panel["C"]).Message);
    }
}
