namespace VolNotebooks.Evaluation.Backtest;

/// <summary>A rule that sets the exposure held over a day from what was known at the previous close.</summary>
/// <remarks>
/// The exposure is the position as a fraction of equity (1 = fully invested, -1 = fully short, 0 = flat). The
/// <see cref="BacktestEngine"/> asks for day t's exposure with a <see cref="StrategyContext"/> that holds only returns up to
/// t-1, so a strategy cannot use the return it is exposed to.
/// </remarks>
public abstract class TradingStrategy
{
    /// <summary>Short name with the parameters, for tables.</summary>
    public abstract string Name { get; }

    /// <summary>Day t's exposure, from the returns up to t-1 (and the forecast for day t, when given); 0 while history is too short.</summary>
    /// <param name="context">Returns of days 0 .. t-1 and day t's volatility forecast.</param>
    public abstract double Exposure(StrategyContext context);

    /// <summary>Sample standard deviation (n - 1) of <paramref name="values"/>.</summary>
    /// <param name="values">At least 2 values.</param>
    protected static double StandardDeviation(ReadOnlySpan<double> values) => SharpeRatioInference.StandardDeviation(values);
}
