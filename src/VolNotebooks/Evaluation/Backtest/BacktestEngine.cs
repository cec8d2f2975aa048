namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Runs a <see cref="TradingStrategy"/> over daily returns with costs charged on turnover.</summary>
/// <remarks>
/// For every day t the strategy sees returns 0 .. t-1 only (and day t's volatility forecast, made at t-1, when a forecast
/// series is given), so the exposure w_t held over day t is decided at the previous close; the engine, not the strategy,
/// enforces that shift. Day t's net return is <c>w_t r_t - c |w_t - w_{t-1}|</c> with <c>w_{-1} = 0</c> and c the
/// cost per unit of turnover (<see cref="TradingCosts.PerUnitTurnover"/>), i.e. trades happen at the close at which
/// they are decided and pay commission plus slippage on the notional traded. Returns are simple returns in decimal.
/// </remarks>
public static class BacktestEngine
{
    /// <summary>Trading days per year used to annualize.</summary>
    public const int TradingDaysPerYear = 252;

    /// <summary>Backtests <paramref name="strategy"/> on <paramref name="returns"/>.</summary>
    /// <param name="strategy">The rule setting each day's exposure.</param>
    /// <param name="returns">Daily simple returns of the traded asset (decimal), finite, at least 2.</param>
    /// <param name="costs">Costs per unit of turnover; none when null.</param>
    /// <param name="forecastVolatility">Optional [t]: forecast of day t's daily volatility (decimal) made with information up to t-1 (the
    /// alignment of every forecast series in this library); NaN entries mean no forecast.</param>
    public static BacktestResult Run(TradingStrategy strategy, ReadOnlySpan<double> returns, TradingCosts? costs = null, ReadOnlySpan<double> forecastVolatility = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        costs ??= TradingCosts.None;
        if (!forecastVolatility.IsEmpty && forecastVolatility.Length != returns.Length)
            throw new ArgumentException("forecastVolatility must align with returns.", nameof(forecastVolatility));
        for (int t = 0; t < returns.Length; t++)
            if (!double.IsFinite(returns[t])) throw new ArgumentException($"Return {t} is not finite.", nameof(returns));

        int n = returns.Length;
        var exposure = new double[n];
        var turnover = new double[n];
        var gross = new double[n];
        var net = new double[n];
        var equity = new double[n];
        var drawdown = new double[n];
        double cost = costs.PerUnitTurnover, previous = 0, value = 1, peak = 1;
        for (int t = 0; t < n; t++)
        {
            double w = strategy.Exposure(new StrategyContext(returns[..t], forecastVolatility.IsEmpty ? double.NaN : forecastVolatility[t]));
            if (!double.IsFinite(w)) throw new InvalidOperationException($"{strategy.Name} returned a non-finite exposure on day {t}.");
            exposure[t] = w;
            turnover[t] = Math.Abs(w - previous);
            gross[t] = w * returns[t];
            net[t] = gross[t] - (cost * turnover[t]);
            value *= 1 + net[t];
            peak = Math.Max(peak, value);
            equity[t] = value;
            drawdown[t] = (value / peak) - 1;
            previous = w;
        }

        return new BacktestResult(strategy.Name, exposure, turnover, gross, net, equity, drawdown, PerformanceMetrics.Compute(net, turnover));
    }
}
