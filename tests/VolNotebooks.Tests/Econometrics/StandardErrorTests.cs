using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Standard errors and information criteria against the closed forms of the homoskedastic normal model.</summary>
public class StandardErrorTests
{
    [Fact]
    public void Constant_mean_constant_variance_matches_the_closed_form_estimates_and_errors()
    {
        // Closed forms: mu = mean(y), sigma2 = mean((y - mu)^2); classic SEs sqrt(sigma2 / n) and sqrt(2 sigma2^2 / n);
        // robust SEs sqrt(sum e^2) / n and sqrt(sum (e^2 - sigma2)^2) / n (the sandwich with the analytic score and Hessian).
        var (_, returns) = SpyReturns.Between(new DateOnly(2010, 1, 1), new DateOnly(2019, 12, 31));
        int n = returns.Length;
        double mu = returns.Average();
        double sigma2 = returns.Select(y => (y - mu) * (y - mu)).Average();
        double robustSigma2 = Math.Sqrt(returns.Sum(y => Math.Pow((y - mu) * (y - mu) - sigma2, 2))) / n;

        var fit = new ArchModel(new ConstantMean(), new ConstantVariance(), new NormalDistribution()).Fit(returns);
        Assert.True(fit.Converged, fit.ExitReason.ToString());
        Assert.Equal(mu, fit.Parameter("mu"), 1e-6);
        Assert.Equal(sigma2, fit.Parameter("sigma2"), 1e-6);
        Assert.Equal(Math.Sqrt(sigma2 / n), fit.StandardErrors[0], 1e-3 * Math.Sqrt(sigma2 / n));
        Assert.Equal(Math.Sqrt(2 * sigma2 * sigma2 / n), fit.StandardErrors[1], 1e-3 * Math.Sqrt(2 * sigma2 * sigma2 / n));
        Assert.Equal(Math.Sqrt(sigma2 / n), fit.RobustStandardErrors[0], 1e-3 * Math.Sqrt(sigma2 / n));
        Assert.Equal(robustSigma2, fit.RobustStandardErrors[1], 1e-3 * robustSigma2);

        double logLikelihood = -0.5 * n * (Math.Log(2 * Math.PI * sigma2) + 1);
        Assert.Equal(logLikelihood, fit.LogLikelihood, 1e-6);
        Assert.Equal(-2 * logLikelihood + 4, fit.Aic, 1e-6);
        Assert.Equal(-2 * logLikelihood + 2 * Math.Log(n), fit.Bic, 1e-6);
        Assert.Equal(fit.Parameters[0] / fit.RobustStandardErrors[0], fit.TStatistics[0], 1e-12);
        var sigma2Row = fit.Estimates[1];
        Assert.Equal(("sigma2", fit.Parameters[1], fit.StandardErrors[1], fit.RobustStandardErrors[1]),
            (sigma2Row.Name, sigma2Row.Value, sigma2Row.StandardError, sigma2Row.RobustStandardError));
    }

    [Fact]
    public void Model_without_parameters_evaluates_instead_of_optimizing()
    {
        // RiskMetrics with zero mean and normal shocks has nothing to estimate; the fit is the likelihood at lambda 0.94.
        var (_, returns) = SpyReturns.ReferenceSample();
        var model = ArchModelSpecification.Create("riskmetrics", "normal", "zero");
        var fit = model.Fit(returns);
        Assert.Empty(fit.Parameters);
        Assert.True(fit.Converged);
        Assert.Equal(OptimizerExitReason.NoParameters, fit.ExitReason);
        Assert.Equal(model.LogLikelihood([], returns), fit.LogLikelihood, 1e-9);
        Assert.Contains("\"params\":{}", new GarchFitReport(fit, "SPY", new DateOnly(2005, 1, 3), new DateOnly(2020, 12, 31)).ToJson());
    }
}
