namespace VolNotebooks.Evaluation;

/// <summary>A likelihood-ratio or Wald statistic of a VaR backtest with its chi-square reference distribution.</summary>
/// <param name="Statistic">The test statistic (non-negative).</param>
/// <param name="DegreesOfFreedom">Degrees of freedom of the asymptotic chi-square distribution under the null.</param>
/// <param name="PValue">Upper-tail probability <c>P(chi2(df) &gt;= Statistic)</c>; small values reject the null.</param>
public sealed record VarTestResult(double Statistic, int DegreesOfFreedom, double PValue)
{
    /// <summary>Builds the result from a statistic, reading the p-value off <c>chi2(degreesOfFreedom)</c>.</summary>
    /// <param name="statistic">The test statistic; tiny negative values from rounding are read as zero.</param>
    /// <param name="degreesOfFreedom">Degrees of freedom, at least 1.</param>
    public static VarTestResult FromChiSquare(double statistic, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        double value = Math.Max(statistic, 0.0);
        return new VarTestResult(value, degreesOfFreedom, 1.0 - MathNet.Numerics.Distributions.ChiSquared.CDF(degreesOfFreedom, value));
    }
}
