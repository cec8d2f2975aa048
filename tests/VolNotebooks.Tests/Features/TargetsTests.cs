using VolNotebooks.Features;

namespace VolNotebooks.Tests.Features;

public sealed class TargetsTests
{
    private static readonly double[] R = [double.NaN, 0.01, -0.02, 0.03, 0.005, -0.01, 0.02];

    [Fact]
    public void Forward_realized_volatility_uses_the_next_h_returns_only()
    {
        var target = Targets.ForwardRealizedVolatility(R, horizon: 3);
        Assert.Equal((1, 3, 3), (target.FirstOffset, target.LastOffset, target.Horizon));
        // Row 2: returns of rows 3, 4, 5 (direct root mean square).
        Assert.Equal(Math.Sqrt((0.03 * 0.03 + 0.005 * 0.005 + 0.01 * 0.01) / 3), target.Values[2], 15);
        Assert.True(double.IsNaN(target.Values[4]));
        Assert.Equal(0.02 * 0.02, Targets.ForwardRealizedVariance(R, 1).Values[5], 15);
        Assert.Equal(Math.Sqrt(252) * 0.02, Targets.ForwardRealizedVolatility(R, 1, annualize: true).Values[5], 14);
    }

    [Fact]
    public void Ahead_targets_shift_the_column_back_by_the_horizon()
    {
        var next = Targets.NextDayReturn(R);
        Assert.Equal(R[2], next.Values[1]);
        Assert.True(double.IsNaN(next.Values[^1]));
        var fifth = Targets.Ahead("vix_fwd_5", R, 5);
        Assert.Equal((5, 5), (fifth.FirstOffset, fifth.LastOffset));
        Assert.Equal(R[6], fifth.Values[1]);
    }

    [Fact]
    public void A_target_at_t_does_not_change_when_data_up_to_t_changes()
    {
        var random = new Random(3);
        var r = Enumerable.Range(0, 100).Select(_ => random.NextDouble() - 0.5).ToArray();
        foreach (var h in new[] { 1, 5, 22 })
        {
            var before = Targets.ForwardRealizedVolatility(r, h).Values;
            const int t = 40;
            var altered = (double[])r.Clone();
            for (var i = 0; i <= t; i++) altered[i] *= 3;
            Assert.Equal(before[t], Targets.ForwardRealizedVolatility(altered, h).Values[t]);
        }
    }
}
