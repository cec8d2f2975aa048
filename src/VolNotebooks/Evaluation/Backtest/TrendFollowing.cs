namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Time-series momentum: long when the trailing N-day return is positive, short (or flat) when it is negative.</summary>
/// <remarks>
/// <c>w_t = sign(sum_{s=t-N}^{t-1} r_s)</c> (Moskowitz, Ooi and Pedersen 2012 use N = 12 months); with
/// <see cref="AllowShort"/> false a negative trend means flat. Flat until N returns exist. Simple returns are summed, a
/// first-order approximation of the compounded N-day return that has the same sign in all but knife-edge cases.
/// </remarks>
/// <param name="lookbackDays">Trailing window N in trading days (126 is about six months).</param>
/// <param name="allowShort">Whether a negative trend is shorted (-1) rather than left flat (0).</param>
public sealed class TrendFollowing(int lookbackDays = 126, bool allowShort = false) : TradingStrategy
{
    /// <summary>Trailing window N in trading days.</summary>
    public int LookbackDays { get; } = lookbackDays > 0 ? lookbackDays : throw new ArgumentOutOfRangeException(nameof(lookbackDays));

    /// <summary>Whether a negative trend is shorted.</summary>
    public bool AllowShort { get; } = allowShort;

    /// <inheritdoc />
    public override string Name => $"trend {LookbackDays}d{(AllowShort ? " long/short" : " long/flat")}";

    /// <inheritdoc />
    public override double Exposure(StrategyContext context)
    {
        if (context.Day < LookbackDays) return 0.0;
        double sum = 0;
        foreach (double r in context.PastReturns[^LookbackDays..]) sum += r;
        return sum > 0 ? 1.0 : sum < 0 && AllowShort ? -1.0 : 0.0;
    }
}
