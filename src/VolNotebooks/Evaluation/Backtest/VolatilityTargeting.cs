namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Volatility targeting: exposure = target volatility / forecast volatility, capped (Moreira and Muir 2017).</summary>
/// <remarks>
/// <c>w_t = min(sigma_target / sigmahat_t, MaxExposure)</c> with both volatilities daily: the target is
/// <c>TargetAnnualVolatility / sqrt(252)</c>; <c>sigmahat_t</c> is the context's forecast for day t when one is given, else
/// the sample standard deviation of the last <see cref="LookbackDays"/> returns (flat until there are that many).
/// </remarks>
public sealed class VolatilityTargeting : TradingStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="targetAnnualVolatility">Annualized volatility aimed at (decimal, 0.10 = 10%).</param>
    /// <param name="maxExposure">Cap on the exposure (leverage limit), positive.</param>
    /// <param name="lookbackDays">Returns in the trailing volatility estimate used when no forecast is given, at least 2.</param>
    public VolatilityTargeting(double targetAnnualVolatility = 0.10, double maxExposure = 2.0, int lookbackDays = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetAnnualVolatility);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExposure);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookbackDays, 2);
        TargetAnnualVolatility = targetAnnualVolatility;
        MaxExposure = maxExposure;
        LookbackDays = lookbackDays;
    }

    /// <summary>Annualized target volatility (decimal).</summary>
    public double TargetAnnualVolatility { get; }

    /// <summary>Largest exposure allowed.</summary>
    public double MaxExposure { get; }

    /// <summary>Days in the trailing volatility estimate.</summary>
    public int LookbackDays { get; }

    /// <inheritdoc />
    public override string Name => $"vol target {TargetAnnualVolatility:0.##} (cap {MaxExposure:0.##})";

    /// <inheritdoc />
    public override double Exposure(StrategyContext context)
    {
        double forecast = context.ForecastVolatility;
        if (!double.IsFinite(forecast))
        {
            if (context.Day < LookbackDays) return 0.0;
            forecast = StandardDeviation(context.PastReturns[^LookbackDays..]);
        }
        if (!(forecast > 0)) return MaxExposure;
        return Math.Min(TargetAnnualVolatility / Math.Sqrt(BacktestEngine.TradingDaysPerYear) / forecast, MaxExposure);
    }
}
