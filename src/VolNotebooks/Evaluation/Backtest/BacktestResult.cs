namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Day-by-day outcome of a backtest: exposures, turnover, gross and net returns, equity and drawdown, with summary metrics.</summary>
/// <param name="Strategy">Name of the strategy.</param>
/// <param name="Exposure">[t]: exposure held over day t, decided from returns up to t-1.</param>
/// <param name="Turnover">[t]: <c>|w_t - w_{t-1}|</c>, with <c>w_{-1} = 0</c> (the first position is bought on day 0).</param>
/// <param name="GrossReturns">[t]: <c>w_t r_t</c>.</param>
/// <param name="NetReturns">[t]: <c>w_t r_t - c |w_t - w_{t-1}|</c>, c the cost per unit of turnover.</param>
/// <param name="Equity">[t]: <c>prod_{s &lt;= t} (1 + net_s)</c>, starting from 1 before day 0.</param>
/// <param name="Drawdown">[t]: <c>Equity_t / max(1, max_{s &lt;= t} Equity_s) - 1</c>, zero or negative.</param>
/// <param name="Metrics">Summary of the net returns.</param>
public sealed record BacktestResult(
    string Strategy, double[] Exposure, double[] Turnover, double[] GrossReturns, double[] NetReturns, double[] Equity, double[] Drawdown,
    PerformanceMetrics Metrics);
