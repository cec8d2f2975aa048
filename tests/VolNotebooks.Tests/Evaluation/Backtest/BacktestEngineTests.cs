using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation.Backtest;

namespace VolNotebooks.Tests.Evaluation.Backtest;

public sealed class BacktestEngineTests
{
    private static double[] RandomReturns(int n, int seed)
    {
        var random = SeededRandom.Create(seed);
        return [.. Enumerable.Range(0, n).Select(_ => 0.0004 + (0.01 * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1)))];
    }

    public static TheoryData<string> StrategyNames() => ["buy and hold", "vol target", "trend", "mean reversion"];

    private static TradingStrategy Create(string name) => name switch
    {
        "buy and hold" => new BuyAndHold(),
        "vol target" => new VolatilityTargeting(0.10, 2.0, 20),
        "trend" => new TrendFollowing(20, allowShort: true),
        _ => new MeanReversion(5, 30, 1.0, allowShort: true),
    };

    [Fact]
    public void A_constant_position_equals_buy_and_hold_minus_the_entry_cost()
    {
        double[] returns = [0.01, -0.02, 0.03, 0.005];
        var costs = new TradingCosts(CommissionBps: 10, SlippageBps: 5);
        var result = BacktestEngine.Run(new BuyAndHold(), returns, costs);
        // w = 1 every day: turnover 1 on day 0 only (from w_-1 = 0), charged 15 bp = 0.0015.
        Assert.Equal([1.0, 0, 0, 0], result.Turnover);
        Assert.Equal([0.01 - 0.0015, -0.02, 0.03, 0.005], result.NetReturns.Select(r => Math.Round(r, 15)));
        Assert.Equal((1 + 0.01 - 0.0015) * 0.98 * 1.03 * 1.005, result.Equity[^1], 14);

        // Half the exposure: half the gross returns, half the entry turnover.
        var half = BacktestEngine.Run(new BuyAndHold(0.5), returns, costs);
        Assert.Equal(0.005 - 0.00075, half.NetReturns[0], 15);
        Assert.Equal(-0.01, half.NetReturns[1], 15);
        Assert.Equal(0.5 * 252 / 4, half.Metrics.AnnualTurnover, 12);
    }

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void A_position_never_uses_the_same_days_return(string name)
    {
        // Changing day t's return (and everything after it) must leave exposures 0..t unchanged: they were decided by t-1.
        double[] returns = RandomReturns(300, 11);
        int t = 200;
        double[] changed = (double[])returns.Clone();
        for (int s = t; s < changed.Length; s++) changed[s] = -0.08;
        double[] before = BacktestEngine.Run(Create(name), returns).Exposure;
        double[] after = BacktestEngine.Run(Create(name), changed).Exposure;
        Assert.Equal(before[..(t + 1)], after[..(t + 1)]);
        if (name != "buy and hold") Assert.NotEqual(before[(t + 1)..], after[(t + 1)..]);
    }

    [Fact]
    public void Drawdown_of_a_known_path_matches_hand_computation()
    {
        // Equity 1.1, 0.88, 0.924, 1.2012, 1.08108: drawdowns 0, -0.2, -0.16, 0 (new peak), -0.1; maximum 20%.
        double[] returns = [0.1, -0.2, 0.05, 0.3, -0.1];
        var result = BacktestEngine.Run(new BuyAndHold(), returns);
        Assert.Equal([1.1, 0.88, 0.924, 1.2012, 1.08108], result.Equity.Select(e => Math.Round(e, 12)));
        Assert.Equal([0.0, -0.2, -0.16, 0.0, -0.1], result.Drawdown.Select(d => Math.Round(d, 12)));
        Assert.Equal(0.2, result.Metrics.MaxDrawdown, 12);
        // CAGR: 1.08108^(252/5) - 1.
        Assert.Equal(Math.Pow(1.08108, 252.0 / 5) - 1, result.Metrics.AnnualReturn, 9);
    }

    [Fact]
    public void Sharpe_and_sortino_of_a_known_series_match_hand_computation()
    {
        // r = 0.01, -0.005, 0.02, 0: mean 0.00625; squared deviations sum 3.6875e-4, sample variance 3.6875e-4 / 3;
        // downside deviation sqrt(0.005^2 / 4) = 0.0025.
        double[] returns = [0.01, -0.005, 0.02, 0.0];
        var metrics = PerformanceMetrics.Compute(returns, []);
        double sd = Math.Sqrt(3.6875e-4 / 3);
        Assert.Equal(0.00625 / sd * Math.Sqrt(252), metrics.Sharpe, 10);
        Assert.Equal(0.00625 / 0.0025 * Math.Sqrt(252), metrics.Sortino, 10);
        Assert.Equal(sd * Math.Sqrt(252), metrics.AnnualVolatility, 12);
        Assert.Equal(0.005, metrics.MaxDrawdown, 12);
        Assert.Equal(metrics.Sharpe, SharpeRatioInference.Sharpe(returns), 12);
    }

    [Fact]
    public void Volatility_targeting_scales_to_the_target_and_respects_the_cap_and_a_given_forecast()
    {
        // Alternating +-1%: the 20-day sample sd is 0.01 sqrt(20/19); target 10% a year is 0.1/sqrt(252) a day.
        double[] returns = [.. Enumerable.Range(0, 40).Select(t => t % 2 == 0 ? 0.01 : -0.01)];
        var result = BacktestEngine.Run(new VolatilityTargeting(0.10, 2.0, 20), returns);
        Assert.All(result.Exposure[..20], w => Assert.Equal(0.0, w));
        Assert.Equal(0.1 / Math.Sqrt(252) / (0.01 * Math.Sqrt(20.0 / 19)), result.Exposure[20], 12);

        // With a forecast series the forecast for day t is used, and the cap binds for tiny forecasts.
        double[] forecast = [.. Enumerable.Repeat(0.02, 40)];
        forecast[5] = 1e-6;
        var withForecast = BacktestEngine.Run(new VolatilityTargeting(0.10, 2.0, 20), returns, forecastVolatility: forecast);
        Assert.Equal(0.1 / Math.Sqrt(252) / 0.02, withForecast.Exposure[0], 12);
        Assert.Equal(2.0, withForecast.Exposure[5]);
    }

    [Fact]
    public void Trend_and_mean_reversion_follow_their_rules_on_a_hand_made_path()
    {
        // Three up days then three down days.
        double[] returns = [0.01, 0.02, 0.01, -0.03, -0.02, -0.01, 0.0];
        var trend = BacktestEngine.Run(new TrendFollowing(3, allowShort: true), returns).Exposure;
        // Day 3 sees 0.01 + 0.02 + 0.01 > 0: long; day 4 sees 0.02 + 0.01 - 0.03 = 0: flat; day 5: 0.01 - 0.05 < 0: short.
        Assert.Equal([0.0, 0, 0, 1, 0, -1, -1], trend);
        Assert.Equal([0.0, 0, 0, 1, 0, 0, 0], BacktestEngine.Run(new TrendFollowing(3), returns).Exposure);

        // Mean reversion, N = 2, volatility over 3 days: day 3 sees r = 0.02, 0.01 (sum 0.03) and sd of (0.01, 0.02, 0.01).
        var reversion = BacktestEngine.Run(new MeanReversion(2, 3, 5.0, allowShort: true), returns).Exposure;
        double sd = Math.Sqrt(((2 * Math.Pow(0.01 - (0.04 / 3), 2)) + Math.Pow(0.02 - (0.04 / 3), 2)) / 2);
        Assert.Equal(Math.Max(-0.03 / (sd * Math.Sqrt(2)), -5.0), reversion[3], 12);
        Assert.True(reversion[5] > 0);
    }
}
