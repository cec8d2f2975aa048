namespace VolNotebooks.Evaluation.Backtest;

/// <summary>The Jobson-Korkie test with Memmel's correction of the difference of two Sharpe ratios on the same days.</summary>
/// <param name="SharpeA">Annualized Sharpe ratio of the first series.</param>
/// <param name="SharpeB">Annualized Sharpe ratio of the second series (the benchmark).</param>
/// <param name="Correlation">Correlation of the two return series.</param>
/// <param name="Statistic">z statistic of the per-period difference, asymptotically standard normal under equal Sharpe ratios.</param>
/// <param name="PValue">Two-sided p-value, <c>2 (1 - Phi(|z|))</c>.</param>
public sealed record SharpeDifferenceTest(double SharpeA, double SharpeB, double Correlation, double Statistic, double PValue)
{
    /// <summary>Difference of the annualized Sharpe ratios, A minus B.</summary>
    public double Difference => SharpeA - SharpeB;
}
