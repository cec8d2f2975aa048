using VolNotebooks.Data;
using VolNotebooks.Features;

namespace VolNotebooks.Tests.Features;

public sealed class RealizedVolatilityTests
{
    private static BarSeries Bars(params (double O, double H, double L, double C)[] bars) => BarSeries.Create(
        "T", SeriesKind.Equity, bars.Select((b, i) => new DailyBar(new DateOnly(2020, 1, 1).AddDays(i), b.O, b.H, b.L, b.C, b.C, 1000)));

    [Fact]
    public void Range_estimators_match_their_closed_forms_on_constant_bars()
    {
        // Every day: O = C = 100, H/L = e^0.02. Closed forms: Parkinson = 0.02 / sqrt(4 ln 2);
        // Garman-Klass = sqrt(0.5) * 0.02; Rogers-Satchell: ln(H/C) ln(H/O) + ln(L/C) ln(L/O) = a^2 + b^2.
        var h = 100 * Math.Exp(0.01);
        var l = 100 * Math.Exp(-0.01);
        var bars = Bars(Enumerable.Repeat((100.0, h, l, 100.0), 10).ToArray());
        Assert.Equal(0.02 / Math.Sqrt(4 * Math.Log(2)), RealizedVolatility.Parkinson(bars, 5)[9], 12);
        Assert.Equal(Math.Sqrt(0.5) * 0.02, RealizedVolatility.GarmanKlass(bars, 5)[9], 12);
        Assert.Equal(Math.Sqrt(2 * 0.01 * 0.01), RealizedVolatility.RogersSatchell(bars, 5)[9], 12);
        Assert.True(double.IsNaN(RealizedVolatility.Parkinson(bars, 5)[3]));
        Assert.Equal(RealizedVolatility.Parkinson(bars, 5)[9] * Math.Sqrt(252), RealizedVolatility.Parkinson(bars, 5, annualize: true)[9], 12);
    }

    [Fact]
    public void Close_to_close_is_the_sample_standard_deviation_of_the_window()
    {
        double[] r = [double.NaN, 0.01, -0.02, 0.03, 0.0, 0.01];
        var w = r[2..];
        var mean = w.Average();
        var expected = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / 3);
        Assert.Equal(expected, RealizedVolatility.CloseToClose(r, 4)[5], 15);
        Assert.True(double.IsNaN(RealizedVolatility.CloseToClose(r, 4)[3]));
        Assert.False(double.IsNaN(RealizedVolatility.CloseToClose(r, 4)[4]));
    }

    [Fact]
    public void All_estimators_recover_the_true_volatility_of_simulated_intraday_paths()
    {
        // Simulation with known truth: driftless Brownian log-price, sigma = 1.5% a day, 390 steps a day, no overnight
        // gap, 1500 days. The estimators average over the whole sample; discrete monitoring biases range estimators
        // down by a few percent, hence the 6% tolerance (Parkinson, GK, RS and YZ are all consistent for this process).
        const double sigma = 0.015;
        const int days = 1500, steps = 390;
        var random = new Random(20261121);
        var bars = new List<(double, double, double, double)>();
        var log = Math.Log(100);
        for (var d = 0; d < days; d++)
        {
            var open = log;
            double high = log, low = log;
            for (var s = 0; s < steps; s++)
            {
                log += sigma / Math.Sqrt(steps) * Normal(random);
                high = Math.Max(high, log);
                low = Math.Min(low, log);
            }

            bars.Add((Math.Exp(open), Math.Exp(high), Math.Exp(low), Math.Exp(log)));
        }

        var series = Bars([.. bars]);
        var window = days - 1;
        Assert.InRange(RealizedVolatility.Parkinson(series, window)[^1] / sigma, 0.90, 1.03);
        Assert.InRange(RealizedVolatility.GarmanKlass(series, window)[^1] / sigma, 0.94, 1.06);
        Assert.InRange(RealizedVolatility.RogersSatchell(series, window)[^1] / sigma, 0.94, 1.06);
        Assert.InRange(RealizedVolatility.YangZhang(series, window)[^1] / sigma, 0.94, 1.06);
        Assert.InRange(RealizedVolatility.CloseToClose(Returns.Log(series.AdjClose), window)[^1] / sigma, 0.95, 1.05);
    }

    [Fact]
    public void Yang_zhang_corrects_the_overnight_return_for_dividends()
    {
        // Day 2 opens exactly where day 1 closed, but AdjClose/Close steps up by 2% (an ex-dividend day): the overnight
        // return must be ln(1.02), not 0.
        var bars = BarSeries.Create("D", SeriesKind.Equity,
        [
            new DailyBar(new DateOnly(2020, 1, 2), 100, 101, 99, 100, 98, 1),
            new DailyBar(new DateOnly(2020, 1, 3), 100, 101, 99, 100, 99.96, 1),
        ]);
        Assert.Equal(Math.Log(1.02), OhlcvFeatures.OvernightReturn(bars)[1], 12);
    }

    internal static double Normal(Random random)
    {
        // Box-Muller transform.
        var u1 = 1.0 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
