using Deedle;
using VolNotebooks.Data;

namespace VolNotebooks.Tests.Data;

public sealed class MarketPanelDeedleTests
{
    [Fact]
    public void Shipped_panel_goes_to_a_deedle_frame_and_back_bit_for_bit()
    {
        var panel = MarketPanel.Align(TestFiles.Data.Load(["SPY", "KO", "VIX"]));
        var frame = panel.ToDeedle();

        // Five price fields per symbol, volume for the two equities only.
        Assert.Equal(3 * 5 + 2, frame.ColumnCount);
        Assert.Equal(panel.Count, frame.RowCount);
        Assert.Equal(panel.Dates.ToArray(), frame.RowKeys);
        Assert.Contains("KO.Volume", frame.ColumnKeys);
        Assert.DoesNotContain("VIX.Volume", frame.ColumnKeys);

        var back = MarketPanel.FromDeedle(frame);
        Assert.Equal(panel.Symbols, back.Symbols);
        Assert.Equal(panel.Dates.ToArray(), back.Dates.ToArray());
        foreach (var symbol in panel.Symbols)
        {
            var (a, b) = (panel[symbol], back[symbol]);
            Assert.Equal(a.Kind, b.Kind);
            Assert.Equal(Bits(a.Open), Bits(b.Open));
            Assert.Equal(Bits(a.High), Bits(b.High));
            Assert.Equal(Bits(a.Low), Bits(b.Low));
            Assert.Equal(Bits(a.Close), Bits(b.Close));
            Assert.Equal(Bits(a.AdjClose), Bits(b.AdjClose));
            if (a.HasVolume) Assert.Equal(a.Volume.ToArray(), b.Volume.ToArray());
        }
    }

    [Fact]
    public void One_field_gives_a_column_per_symbol()
    {
        var panel = MarketPanel.Align(TestFiles.Data.Load(["SPY", "KO"]));
        var closes = panel.ToDeedle(BarField.AdjClose);
        Assert.Equal(["SPY", "KO"], closes.ColumnKeys);
        var day = panel.Dates[100];
        Assert.Equal(panel["KO"].AdjClose[100], closes.GetColumn<double>("KO")[day]);
        var withIndex = MarketPanel.Align(TestFiles.Data.Load(["SPY", "VIX"]));
        Assert.Contains("VIX is an index", Assert.Throws<ArgumentException>(() => withIndex.ToDeedle(BarField.Volume)).Message);
    }

    [Fact]
    public void A_frame_with_a_missing_price_or_a_stray_column_is_refused_with_the_column_and_date()
    {
        var dates = new[] { new DateOnly(2020, 1, 2), new DateOnly(2020, 1, 3) };
        Series<DateOnly, double> Column(params double[] v) => new(dates, v);
        var frame = Frame.FromColumns(
        [
            KeyValuePair.Create("A.Open", Column(1, 2)), KeyValuePair.Create("A.High", Column(2, 3)), KeyValuePair.Create("A.Low", Column(0.5, double.NaN)),
            KeyValuePair.Create("A.Close", Column(1.5, 2.5)), KeyValuePair.Create("A.AdjClose", Column(1.5, 2.5)),
        ]);
        Assert.Contains("'A.Low' has no value on 2020-01-03", Assert.Throws<ArgumentException>(() => MarketPanel.FromDeedle(frame)).Message);
        var stray = Frame.FromColumns([KeyValuePair.Create("price", Column(1, 2))]);
        Assert.Contains("'price' is not named {symbol}.{field}", Assert.Throws<ArgumentException>(() => MarketPanel.FromDeedle(stray)).Message);
    }

    private static long[] Bits(ReadOnlySpan<double> values) => [.. values.ToArray().Select(BitConverter.DoubleToInt64Bits)];
}
