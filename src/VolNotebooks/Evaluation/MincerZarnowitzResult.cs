namespace VolNotebooks.Evaluation;

/// <summary>A Mincer-Zarnowitz regression <c>actual = alpha + beta * forecast + e</c> with its HAC inference.</summary>
/// <param name="Alpha">OLS intercept; 0 for an unbiased forecast.</param>
/// <param name="Beta">OLS slope; 1 for an unbiased forecast.</param>
/// <param name="RSquared">R2 of the regression.</param>
/// <param name="VarianceAlpha">Newey-West variance of alpha.</param>
/// <param name="CovarianceAlphaBeta">Newey-West covariance of alpha and beta.</param>
/// <param name="VarianceBeta">Newey-West variance of beta.</param>
/// <param name="Wald">Wald statistic of the joint hypothesis alpha = 0, beta = 1; NaN when the HAC covariance is singular (a perfect fit).</param>
/// <param name="WaldPValue">Its p-value from chi-square with 2 degrees of freedom.</param>
/// <param name="Lags">Newey-West lags L (Bartlett weights <c>1 - l/(L+1)</c>).</param>
/// <param name="Observations">n, the number of pairs.</param>
public sealed record MincerZarnowitzResult(
    double Alpha, double Beta, double RSquared, double VarianceAlpha, double CovarianceAlphaBeta, double VarianceBeta, double Wald, double WaldPValue, int Lags, int Observations)
{
    /// <summary>HAC standard error of alpha.</summary>
    public double AlphaStandardError => Math.Sqrt(VarianceAlpha);

    /// <summary>HAC standard error of beta.</summary>
    public double BetaStandardError => Math.Sqrt(VarianceBeta);
}
