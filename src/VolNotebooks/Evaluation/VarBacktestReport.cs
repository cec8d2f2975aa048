namespace VolNotebooks.Evaluation;

/// <summary>Every backtest of one VaR series against its returns, as <see cref="VarBacktest.Run"/> computes them.</summary>
/// <param name="Level">VaR level alpha, the nominal breach probability (0.01 for a 99% VaR).</param>
/// <param name="Observations">Number of days n.</param>
/// <param name="Breaches">Number of days whose return fell strictly below the VaR.</param>
/// <param name="Kupiec">Kupiec's proportion-of-failures test, chi2(1).</param>
/// <param name="Independence">Christoffersen's first-order Markov independence test, chi2(1).</param>
/// <param name="ConditionalCoverage">Christoffersen's conditional coverage, <c>LR_pof + LR_ind</c>, chi2(2).</param>
/// <param name="DynamicQuantile">Engle and Manganelli's dynamic quantile test.</param>
/// <param name="TrafficLight">Basel traffic-light zone of the breaches in the last 250 days (or all days, if fewer).</param>
/// <param name="MeanQuantileLoss">Mean of the quantile (pinball) loss series.</param>
public sealed record VarBacktestReport(
    double Level, int Observations, int Breaches, VarTestResult Kupiec, VarTestResult Independence,
    VarTestResult ConditionalCoverage, VarTestResult DynamicQuantile, VarTrafficLightZone TrafficLight, double MeanQuantileLoss)
{
    /// <summary>Observed breach rate, <c>Breaches / Observations</c>.</summary>
    public double BreachRate => (double)Breaches / Observations;
}
