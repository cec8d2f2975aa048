using Deedle;
using VolNotebooks.Features;

namespace VolNotebooks.Tests.Features;

public sealed class FeatureFrameDeedleTests
{
    private static readonly DateOnly[] Days = [new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6), new(2020, 1, 7)];

    [Fact]
    public void Feature_frame_goes_to_deedle_and_back_bit_for_bit_with_nan_as_missing()
    {
        // Values that a decimal round trip would change (0.1 + 0.2, a subnormal, the largest double) and NaN gaps.
        var frame = new FeatureFrame(Days)
            .Add("rv", [double.NaN, 0.1 + 0.2, 1e-310, double.MaxValue])
            .Add("alpha", [1, -0.0, double.NaN, 3]);
        var deedle = frame.ToDeedle();

        Assert.Equal(["rv", "alpha"], deedle.ColumnKeys);
        Assert.Equal(Days, deedle.RowKeys);
        Assert.False(deedle.GetColumn<double>("rv").TryGet(Days[0]).HasValue); // NaN is Deedle's missing value
        Assert.Equal(3, deedle.GetColumn<double>("rv").ValueCount);

        var back = FeatureFrame.FromDeedle(deedle);
        Assert.Equal(Days, back.Dates.ToArray());
        Assert.Equal(frame.Names, back.Names);
        foreach (var name in frame.Names)
            Assert.Equal(frame[name].ToArray().Select(BitConverter.DoubleToInt64Bits), back[name].ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void A_frame_from_deedle_with_rows_out_of_order_or_text_columns_is_refused()
    {
        var backwards = Frame.FromColumns([KeyValuePair.Create("x", new Series<DateOnly, double>([Days[1], Days[0]], [1.0, 2.0]))]);
        Assert.Contains("strictly increasing", Assert.Throws<ArgumentException>(() => FeatureFrame.FromDeedle(backwards)).Message);
        var text = Frame.FromColumns([KeyValuePair.Create("name", new Series<DateOnly, string>([Days[0]], ["a"]))]);
        Assert.Contains("'name' is not numeric", Assert.Throws<ArgumentException>(() => FeatureFrame.FromDeedle(text)).Message);
    }
}
