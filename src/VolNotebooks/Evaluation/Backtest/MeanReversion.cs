namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Short-horizon mean reversion: exposure against the z-score of the trailing N-day return.</summary>
/// <remarks>
/// <c>z_t = (sum_{s=t-N}^{t-1} r_s) / (sigmahat_t sqrt(N))</c>, with <c>sigmahat_t</c> the sample standard deviation of the
/// last <see cref="VolatilityDays"/> daily returns, and <c>w_t = clamp(-z_t, -MaxExposure, MaxExposure)</c> (or
/// <c>[0, MaxExposure]</c> long-only): buy after falls, sell after rises (Lehmann 1990's short-term reversal in time series).
/// Flat until <c>max(N, VolatilityDays)</c> returns exist.
/// </remarks>
public sealed class MeanReversion : TradingStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="lookbackDays">Window N of the trailing return, in trading days.</param>
    /// <param name="volatilityDays">Days in the volatility that scales the z-score, at least 2.</param>
    /// <param name="maxExposure">Cap on the absolute exposure.</param>
    /// <param name="allowShort">Whether a positive z-score is shorted rather than left flat.</param>
    public MeanReversion(int lookbackDays = 5, int volatilityDays = 60, double maxExposure = 1.0, bool allowShort = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lookbackDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(volatilityDays, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExposure);
        LookbackDays = lookbackDays;
        VolatilityDays = volatilityDays;
        MaxExposure = maxExposure;
        AllowShort = allowShort;
    }

    /// <summary>Window N of the trailing return.</summary>
    public int LookbackDays { get; }

    /// <summary>Days in the scaling volatility.</summary>
    public int VolatilityDays { get; }

    /// <summary>Cap on the absolute exposure.</summary>
    public double MaxExposure { get; }

    /// <summary>Whether positive z-scores are shorted.</summary>
    public bool AllowShort { get; }

    /// <inheritdoc />
    public override string Name => $"mean reversion {LookbackDays}d/{VolatilityDays}d{(AllowShort ? " long/short" : " long/flat")}";

    /// <inheritdoc />
    public override double Exposure(StrategyContext context)
    {
        if (context.Day < Math.Max(LookbackDays, VolatilityDays)) return 0.0;
        double sum = 0;
        foreach (double r in context.PastReturns[^LookbackDays..]) sum += r;
        double sigma = StandardDeviation(context.PastReturns[^VolatilityDays..]);
        if (!(sigma > 0)) return 0.0;
        double z = sum / (sigma * Math.Sqrt(LookbackDays));
        return Math.Clamp(-z, AllowShort ? -MaxExposure : 0.0, MaxExposure);
    }
}
