using VolNotebooks.Charts;
using VolNotebooks.Evaluation;
using VolNotebooks.Evaluation.Backtest;
using VolNotebooks.Reports;

namespace VolNotebooks.Tests.Reports;

public sealed class RiskReportsTests
{
    [Fact]
    public void Verdicts_name_exactly_the_tests_whose_p_value_is_below_the_significance()
    {
        static VarTestResult P(double p) => new(1, 1, p);
        var clean = new VarBacktestReport(0.01, 250, 3, P(0.5), P(0.2), P(0.3), P(0.06), VarTrafficLightZone.Green, 0.1);
        Assert.Equal("no test rejects at 5%", RiskReports.Verdict(clean, 0.05));
        var bad = clean with { Kupiec = P(0.01), DynamicQuantile = P(0.049) };
        Assert.Equal("rejected at 5% by Kupiec, DQ", RiskReports.Verdict(bad, 0.05));
        Assert.Equal("rejected at 10% by Kupiec, conditional coverage, DQ", RiskReports.Verdict(bad with { ConditionalCoverage = P(0.09) }, 0.10));

        var table = RiskReports.VarTable(0.05, ("a", clean), ("b", bad));
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("rejected at 5% by Kupiec, DQ", table.Rows[1][^1]);
        Assert.Equal(3 / 250.0, table.Rows[0][3]);
    }

    [Fact]
    public void Breach_plot_marks_the_days_whose_return_is_strictly_below_the_var()
    {
        var dates = Enumerable.Range(0, 4).Select(i => new DateOnly(2024, 1, 1).AddDays(i)).ToArray();
        double[] returns = [-1, -3, -2, 0.5];
        double[] var = [-2, -2, -2, -2];   // -2 equals the VaR: not a breach
        var figure = RiskReports.BreachPlot("t", dates, returns, ("m", var));
        var marked = figure.ToJson()["data"]![2]!;
        Assert.Equal([double.NaN, -3, double.NaN, double.NaN], marked["y"]!.AsArray().Select(v => v is null ? double.NaN : v.GetValue<double>()));
        Assert.Equal("breach (m: 1)", marked["name"]!.GetValue<string>());
    }

    [Fact]
    public void Trading_table_compares_every_sharpe_ratio_with_the_benchmark_but_its_own()
    {
        var rng = new Random(3);
        var returns = Enumerable.Range(0, 300).Select(_ => (rng.NextDouble() - 0.48) * 0.02).ToArray();
        var hold = BacktestEngine.Run(new BuyAndHold(), returns);
        var trend = BacktestEngine.Run(new TrendFollowing(20), returns, new TradingCosts(5, 5));
        var table = RiskReports.TradingTable([hold, trend], hold, replications: 200);
        Assert.True(double.IsNaN((double)table.Rows[0][6]!));
        Assert.Equal(trend.Metrics.Sharpe - hold.Metrics.Sharpe, (double)table.Rows[1][6]!, 12);
        Assert.Equal(hold.Metrics.Sharpe, (double)table.Rows[0][3]!);
    }
}
