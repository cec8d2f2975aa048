namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Proportional trading costs in basis points of the traded notional, charged on turnover <c>|w_t - w_{t-1}|</c>.</summary>
/// <param name="CommissionBps">Commissions and fees, basis points (1 bp = 0.0001) of the notional traded.</param>
/// <param name="SlippageBps">Slippage against the close (half-spread and market impact), basis points of the notional traded.</param>
public sealed record TradingCosts(double CommissionBps = 0.0, double SlippageBps = 0.0)
{
    /// <summary>No costs.</summary>
    public static TradingCosts None { get; } = new();

    /// <summary>Cost per unit of turnover as a fraction of equity, <c>(CommissionBps + SlippageBps) / 10000</c>.</summary>
    public double PerUnitTurnover => (CommissionBps + SlippageBps) / 10_000.0;
}
