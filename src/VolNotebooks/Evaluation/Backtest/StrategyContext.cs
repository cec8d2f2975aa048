namespace VolNotebooks.Evaluation.Backtest;

/// <summary>What a strategy may know when it sets day t's exposure: the returns of days 0 .. t-1 and a volatility forecast for day t made at t-1.</summary>
public readonly ref struct StrategyContext
{
    /// <summary>Creates the context of day <c>t = pastReturns.Length</c>.</summary>
    /// <param name="pastReturns">Daily simple returns (decimal, 0.01 = 1%) of days 0 .. t-1; day t's return is not in it.</param>
    /// <param name="forecastVolatility">Forecast of day t's daily return volatility (decimal) from information up to t-1, or NaN when none was given.</param>
    public StrategyContext(ReadOnlySpan<double> pastReturns, double forecastVolatility)
    {
        PastReturns = pastReturns;
        ForecastVolatility = forecastVolatility;
    }

    /// <summary>Daily simple returns of days 0 .. t-1.</summary>
    public ReadOnlySpan<double> PastReturns { get; }

    /// <summary>Forecast of day t's daily volatility from information up to t-1, or NaN.</summary>
    public double ForecastVolatility { get; }

    /// <summary>The day t being decided (the number of past returns).</summary>
    public int Day => PastReturns.Length;
}
