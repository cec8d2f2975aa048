using Plotly.NET;
using VolNotebooks.Charts;
using Chart = Plotly.NET.CSharp.Chart;
using VolNotebooks.Evaluation;
using VolNotebooks.Evaluation.Backtest;

namespace VolNotebooks.Reports;

/// <summary>The risk notebook's tables and figures: VaR backtests with verdicts read off their p-values, returns with VaR
/// bands and breaches, and trading backtests with Sharpe inference.</summary>
public static class RiskReports
{
    /// <summary>The tests of <paramref name="report"/> that reject their null at <paramref name="significance"/>, in words:
    /// <c>"no test rejects at 5%"</c> or <c>"rejected at 5% by Kupiec, DQ"</c>.</summary>
    /// <param name="report">One VaR series' backtests.</param>
    /// <param name="significance">Test size, e.g. 0.05.</param>
    public static string Verdict(VarBacktestReport report, double significance)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rejected = new List<string>();
        if (report.Kupiec.PValue < significance) rejected.Add("Kupiec");
        if (report.Independence.PValue < significance) rejected.Add("independence");
        if (report.ConditionalCoverage.PValue < significance) rejected.Add("conditional coverage");
        if (report.DynamicQuantile.PValue < significance) rejected.Add("DQ");
        var level = $"{significance * 100:0.#}%";
        return rejected.Count == 0 ? $"no test rejects at {level}" : $"rejected at {level} by {string.Join(", ", rejected)}";
    }

    /// <summary>Every VaR model's breach rate and tests side by side, with each model's verdict.</summary>
    /// <param name="significance">Test size for the verdicts, e.g. 0.05.</param>
    /// <param name="models">Model names and their backtests (same days, same level).</param>
    public static Table VarTable(double significance, params (string Model, VarBacktestReport Report)[] models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var table = new Table(
            "model", "days", "breaches", "breach rate", "Kupiec LR", "Kupiec p", "indep. LR", "indep. p", "cond. cov. LR", "cond. cov. p",
            "DQ stat", "DQ p", "traffic light", "quantile loss", "verdict");
        foreach (var c in new[] { "Kupiec LR", "indep. LR", "cond. cov. LR", "DQ stat", "quantile loss" }) table.Format(c, "0.000");
        foreach (var c in new[] { "Kupiec p", "indep. p", "cond. cov. p", "DQ p" }) table.Format(c, "0.0000");
        table.Format("breach rate", "0.00%");
        foreach (var (model, r) in models)
        {
            table.AddRow(
                model, r.Observations, r.Breaches, r.BreachRate, r.Kupiec.Statistic, r.Kupiec.PValue, r.Independence.Statistic, r.Independence.PValue,
                r.ConditionalCoverage.Statistic, r.ConditionalCoverage.PValue, r.DynamicQuantile.Statistic, r.DynamicQuantile.PValue,
                r.TrafficLight.ToString(), r.MeanQuantileLoss, Verdict(r, significance));
        }

        return table;
    }

    /// <summary>Daily returns as dots, each VaR series as a line, and each series' breaches (returns strictly below it) marked.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="dates">The days.</param>
    /// <param name="returns">Each day's return, in the VaR's unit.</param>
    /// <param name="series">VaR series aligned with <paramref name="returns"/> (negative: a loss threshold).</param>
    public static PlotlyChart BreachPlot(string title, DateOnly[] dates, double[] returns, params (string Name, double[] Var)[] series)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(returns);
        var traces = new List<GenericChart> { Plot.Scatter(dates, returns, "return", ScatterMode.Markers, color: "#7f7f7f", markerSize: 3) };
        foreach (var (name, valueAtRisk) in series)
        {
            traces.Add(Plot.Scatter(dates, valueAtRisk, $"VaR {name}"));
            var breaches = VarBacktest.Breaches(returns, valueAtRisk);
            var marked = returns.Select((r, t) => breaches[t] ? r : double.NaN).ToArray();
            traces.Add(Plot.Scatter(dates, marked, $"breach ({name}: {breaches.Count(b => b)})", ScatterMode.Markers, markerSize: 7));
        }

        return PlotlyChart.Create(Chart.Combine(traces).WithAxes(yTitle: "return"), title, height: 420);
    }

    /// <summary>Trading backtests side by side: annual return, volatility, Sharpe with a stationary-bootstrap interval and the
    /// Jobson-Korkie-Memmel test of its difference to the benchmark's, Sortino, maximum drawdown, turnover.</summary>
    /// <param name="results">Backtests over the same days.</param>
    /// <param name="benchmark">The one every Sharpe ratio is compared with (e.g. buy and hold).</param>
    /// <param name="seed">Seeds the bootstrap.</param>
    /// <param name="replications">Bootstrap replications.</param>
    public static Table TradingTable(IReadOnlyList<BacktestResult> results, BacktestResult benchmark, int seed = 12345, int replications = 1000)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(benchmark);
        var table = new Table(
            "strategy", "annual return", "annual volatility", "Sharpe", "Sharpe 95% low", "Sharpe 95% high", "Sharpe - benchmark", "JKM p",
            "Sortino", "max drawdown", "annual turnover");
        foreach (var c in new[] { "annual return", "annual volatility", "max drawdown" }) table.Format(c, "0.00%");
        foreach (var c in new[] { "Sharpe", "Sharpe 95% low", "Sharpe 95% high", "Sharpe - benchmark", "Sortino", "annual turnover" }) table.Format(c, "0.000");
        table.Format("JKM p", "0.0000");
        foreach (var r in results)
        {
            var m = r.Metrics;
            var interval = SharpeRatioInference.BootstrapInterval(r.NetReturns, replications: replications, seed: seed);
            var same = ReferenceEquals(r, benchmark);
            var difference = same ? null : SharpeRatioInference.JobsonKorkieMemmel(r.NetReturns, benchmark.NetReturns);
            table.AddRow(
                r.Strategy, m.AnnualReturn, m.AnnualVolatility, m.Sharpe, interval.Lower, interval.Upper,
                difference?.Difference ?? double.NaN, difference?.PValue ?? double.NaN, m.Sortino, m.MaxDrawdown, m.AnnualTurnover);
        }

        return table;
    }

    /// <summary>Equity (top) and drawdown (bottom) of each backtest over the same days.</summary>
    /// <param name="dates">The days.</param>
    /// <param name="results">Backtests aligned with <paramref name="dates"/>.</param>
    public static PlotlyChart EquityAndDrawdown(DateOnly[] dates, IReadOnlyList<BacktestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var equity = Chart.Combine(results.Select((r, i) => Plot.Scatter(dates, r.Equity, r.Strategy, color: Theme.Default.ColorAt(i)))).WithAxes(yTitle: "equity (start 1)");
        var drawdown = Chart.Combine(results.Select((r, i) => Plot.Scatter(dates, r.Drawdown, r.Strategy, color: Theme.Default.ColorAt(i), showLegend: false))).WithAxes(yTitle: "drawdown");
        return PlotlyChart.Create(Subplots.Grid(2, 1, [equity, drawdown], sharedX: true), "Equity and drawdown, net of costs", height: 560);
    }
}
