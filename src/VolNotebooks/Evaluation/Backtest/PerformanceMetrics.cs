namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Annualized performance of a daily return series (decimal simple returns), with a zero risk-free rate.</summary>
/// <param name="Days">Number of daily returns.</param>
/// <param name="AnnualReturn">Compound annual growth rate, <c>Equity_end^(252 / n) - 1</c>.</param>
/// <param name="AnnualVolatility">Sample standard deviation (n - 1) times <c>sqrt(252)</c>.</param>
/// <param name="Sharpe">Mean over sample standard deviation, times <c>sqrt(252)</c> (excess over a zero rate).</param>
/// <param name="Sortino">Mean over the downside deviation <c>sqrt(mean(min(r, 0)^2))</c> (all n days, target 0), times <c>sqrt(252)</c>.</param>
/// <param name="MaxDrawdown">Largest peak-to-trough loss of equity as a positive fraction (0.2 = 20%); the starting equity 1 counts as a peak.</param>
/// <param name="AnnualTurnover">Mean daily turnover <c>|w_t - w_{t-1}|</c> times 252: equity traded per year.</param>
public sealed record PerformanceMetrics(
    int Days, double AnnualReturn, double AnnualVolatility, double Sharpe, double Sortino, double MaxDrawdown, double AnnualTurnover)
{
    /// <summary>Computes the metrics of <paramref name="returns"/> and the turnover that produced them.</summary>
    /// <param name="returns">Daily simple returns (decimal), at least 2.</param>
    /// <param name="turnover">Daily turnover, same length; an empty span means none was recorded (turnover 0).</param>
    public static PerformanceMetrics Compute(ReadOnlySpan<double> returns, ReadOnlySpan<double> turnover)
    {
        if (returns.Length < 2) throw new ArgumentException("Performance metrics need at least 2 returns.", nameof(returns));
        if (!turnover.IsEmpty && turnover.Length != returns.Length) throw new ArgumentException("turnover must align with returns.", nameof(turnover));
        int n = returns.Length;
        double periods = BacktestEngine.TradingDaysPerYear;
        double equity = 1, peak = 1, maxDrawdown = 0, sum = 0, downside = 0;
        foreach (double r in returns)
        {
            equity *= 1 + r;
            peak = Math.Max(peak, equity);
            maxDrawdown = Math.Max(maxDrawdown, 1 - (equity / peak));
            sum += r;
            downside += Math.Min(r, 0) * Math.Min(r, 0);
        }

        double mean = sum / n;
        double sd = SharpeRatioInference.StandardDeviation(returns);
        double downsideDeviation = Math.Sqrt(downside / n);
        double turnoverSum = 0;
        foreach (double u in turnover) turnoverSum += u;
        return new PerformanceMetrics(
            n,
            Math.Pow(equity, periods / n) - 1,
            sd * Math.Sqrt(periods),
            mean / sd * Math.Sqrt(periods),
            downsideDeviation > 0 ? mean / downsideDeviation * Math.Sqrt(periods) : double.PositiveInfinity,
            maxDrawdown,
            turnoverSum / n * periods);
    }
}
