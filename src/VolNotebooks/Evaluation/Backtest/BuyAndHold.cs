namespace VolNotebooks.Evaluation.Backtest;

/// <summary>A constant exposure every day: the benchmark the other strategies are compared with.</summary>
/// <param name="exposure">Fraction of equity held, 1 by default.</param>
public sealed class BuyAndHold(double exposure = 1.0) : TradingStrategy
{
    /// <summary>The constant exposure.</summary>
    public double ConstantExposure { get; } = exposure;

    /// <inheritdoc />
    public override string Name => ConstantExposure == 1.0 ? "buy and hold" : $"constant {ConstantExposure:0.##}";

    /// <inheritdoc />
    public override double Exposure(StrategyContext context) => ConstantExposure;
}
