namespace VolNotebooks.Evaluation.Backtest;

/// <summary>A bootstrap confidence interval for an annualized Sharpe ratio.</summary>
/// <param name="Estimate">Sharpe ratio of the original series (annualized).</param>
/// <param name="Lower">Lower percentile bound.</param>
/// <param name="Upper">Upper percentile bound.</param>
/// <param name="Confidence">Coverage, e.g. 0.95.</param>
/// <param name="Replications">Bootstrap resamples drawn.</param>
/// <param name="MeanBlockLength">Mean block length of the stationary bootstrap.</param>
/// <param name="Seed">Seed of the resampling.</param>
public sealed record SharpeInterval(double Estimate, double Lower, double Upper, double Confidence, int Replications, double MeanBlockLength, int Seed);
