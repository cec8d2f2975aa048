using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Fits on the shipped SPY data against the independent reference fits.</summary>
public class SpyFitTests
{
    [Fact]
    public void Reference_sample_has_4028_returns()
    {
        var (dates, returns) = SpyReturns.ReferenceSample();
        Assert.Equal(4028, returns.Length);
        Assert.Equal(new DateOnly(2005, 1, 3), dates[0]);
        Assert.Equal(new DateOnly(2020, 12, 31), dates[^1]);
    }

    [Fact]
    public void Garch11_normal_constant_mean_reaches_the_reference_log_likelihood()
    {
        // Expected values: the independent fit, -5282.4643 at mu 0.07770, omega 0.02841, alpha 0.14649, beta 0.83141.
        var (_, returns) = SpyReturns.ReferenceSample();
        var fit = new ArchModel(new ConstantMean(), new Garch(), new NormalDistribution()).Fit(returns);
        Assert.True(fit.Converged, fit.ExitReason.ToString());
        Assert.Equal(4028, fit.Observations);
        Assert.True(fit.LogLikelihood >= -5282.465, $"loglik {fit.LogLikelihood}");
        Assert.Equal(0.07770, fit.Parameter("mu"), 4e-4);
        Assert.Equal(0.02841, fit.Parameter("omega"), 4e-4);
        Assert.Equal(0.14649, fit.Parameter("alpha[1]"), 1e-3);
        Assert.Equal(0.83141, fit.Parameter("beta[1]"), 1e-3);
        Assert.All(fit.RobustStandardErrors, se => Assert.True(se > 0));
        Assert.All(fit.StandardErrors, se => Assert.True(se > 0));
    }

    [Fact]
    public void Gjr_student_t_reaches_the_reference_log_likelihood()
    {
        // Expected values: the independent fit, -5072.7321 with nu 5.507.
        var (_, returns) = SpyReturns.ReferenceSample();
        var fit = new ArchModel(new ConstantMean(), Garch.Gjr(), new StudentTDistribution()).Fit(returns);
        Assert.True(fit.Converged, fit.ExitReason.ToString());
        Assert.True(fit.LogLikelihood >= -5072.733, $"loglik {fit.LogLikelihood}");
        Assert.Equal(5.507, fit.Parameter("nu"), 0.02);
    }

    [Fact]
    public void Log_likelihood_at_the_reference_estimates_equals_a_direct_evaluation()
    {
        // Expected value: the Gaussian GARCH likelihood written out directly with the backcast convention.
        var (_, returns) = SpyReturns.ReferenceSample();
        double mu = 0.07770, omega = 0.02841, alpha = 0.14649, beta = 0.83141;
        double sampleMean = returns.Average();
        double weighted = 0, weights = 0;
        for (int i = 0; i < 75; i++)
        {
            double d = returns[i] - sampleMean;
            weighted += Math.Pow(0.94, i) * d * d;
            weights += Math.Pow(0.94, i);
        }
        double backcast = weighted / weights;
        double sigma2 = backcast, previousSquare = backcast, expected = 0;
        foreach (double y in returns)
        {
            sigma2 = omega + alpha * previousSquare + beta * sigma2;
            double e = y - mu;
            expected += -0.5 * (Math.Log(2 * Math.PI) + Math.Log(sigma2) + e * e / sigma2);
            previousSquare = e * e;
        }
        var model = new ArchModel(new ConstantMean(), new Garch(), new NormalDistribution());
        Assert.Equal(backcast, model.Backcast(returns), 1e-12);
        Assert.Equal(expected, model.LogLikelihood([mu, omega, alpha, beta], returns), 1e-8);
    }

    [Fact]
    public void Summary_table_names_every_parameter_and_the_convergence_status()
    {
        var (_, returns) = SpyReturns.ReferenceSample();
        var fit = new ArchModel(new ConstantMean(), new Garch(), new NormalDistribution()).Fit(returns);
        string table = fit.ToSummaryTable();
        foreach (string name in (string[])["mu", "omega", "alpha[1]", "beta[1]", "Log-Likelihood", "Converged", "robust"])
            Assert.Contains(name, table);
    }

    public static TheoryData<string, string> CommandLineModels()
    {
        var data = new TheoryData<string, string>();
        foreach (string model in ArchModelSpecification.VolatilityNames)
            foreach (string distribution in ArchModelSpecification.DistributionNames)
                data.Add(model, distribution);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandLineModels))]
    public void Every_command_line_model_converges_on_spy(string volatility, string distribution)
    {
        // Each fit must beat the constant-variance normal benchmark fitted on the same data, except that benchmark itself.
        var (_, returns) = SpyReturns.ReferenceSample();
        var fit = ArchModelSpecification.Create(volatility, distribution).Fit(returns, new ArchFitOptions { ComputeStandardErrors = false });
        Assert.True(fit.Converged, $"{volatility}/{distribution}: {fit.ExitReason}");
        double homoskedastic = ArchModelSpecification.Create("constant", "normal").Fit(returns, new ArchFitOptions { ComputeStandardErrors = false }).LogLikelihood;
        Assert.True(fit.LogLikelihood >= homoskedastic - 1e-6, $"{volatility}/{distribution}: {fit.LogLikelihood} < {homoskedastic}");
    }

    [Fact]
    public void Ewma_with_skewed_t_qualifies_the_clashing_lambda()
    {
        var model = ArchModelSpecification.Create("ewma", "skewt");
        Assert.Equal(["mu", "lambda", "eta", "dist.lambda"], model.ParameterNames);
    }
}
