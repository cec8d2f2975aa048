using System.Text.Json;
using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>The <c>volnb garch</c> output and its argument validation.</summary>
public class GarchFitReportTests
{
    [Fact]
    public void Json_has_exactly_the_issue_fields_with_textbook_names()
    {
        var (dates, returns) = SpyReturns.ReferenceSample();
        var fit = ArchModelSpecification.Create("gjr", "t").Fit(returns);
        string json = new GarchFitReport(fit, "SPY", dates[0], dates[^1]).ToJson();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["params", "std_err", "loglik", "nobs", "converged", "iterations", "fit_ms"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["mu", "omega", "alpha[1]", "gamma[1]", "beta[1]", "nu"], root.GetProperty("params").EnumerateObject().Select(p => p.Name));
        Assert.Equal(fit.Parameter("nu"), root.GetProperty("params").GetProperty("nu").GetDouble());
        Assert.Equal(fit.RobustStandardError("nu"), root.GetProperty("std_err").GetProperty("nu").GetDouble());
        Assert.Equal(fit.LogLikelihood, root.GetProperty("loglik").GetDouble());
        Assert.Equal(4028, root.GetProperty("nobs").GetInt32());
        Assert.True(root.GetProperty("converged").GetBoolean());
        Assert.True(root.GetProperty("iterations").GetInt32() > 0);
        Assert.True(root.GetProperty("fit_ms").GetDouble() > 0);
    }

    [Fact]
    public void Summary_names_the_sample()
    {
        var (dates, returns) = SpyReturns.ReferenceSample();
        var fit = ArchModelSpecification.Create("garch", "normal").Fit(returns);
        string table = new GarchFitReport(fit, "SPY", dates[0], dates[^1]).ToSummaryTable();
        Assert.StartsWith("SPY percent log returns of the adjusted close, 2005-01-03 to 2020-12-31", table);
        Assert.Contains("GARCH Model Results", table);
    }

    [Theory]
    [InlineData("garch", "Garch")]
    [InlineData("GJR", "Garch")]
    [InlineData("egarch", "Egarch")]
    [InlineData("ewma", "Ewma")]
    [InlineData("riskmetrics", "Ewma")]
    [InlineData("constant", "ConstantVariance")]
    public void Specification_maps_model_names_to_processes(string name, string typeName) =>
        Assert.Equal(typeName, ArchModelSpecification.CreateVolatility(name).GetType().Name);

    [Theory]
    [InlineData("figarch", "normal", "constant", "Unknown --model 'figarch'. Expected one of: garch, gjr, egarch, ewma, riskmetrics, constant.")]
    [InlineData("garch", "cauchy", "constant", "Unknown --dist 'cauchy'. Expected one of: normal, t, skewt.")]
    [InlineData("garch", "t", "ar2", "Unknown --mean 'ar2'. Expected one of: zero, constant, ar1.")]
    public void Bad_names_get_a_clear_error(string model, string distribution, string mean, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ArchModelSpecification.Create(model, distribution, mean));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Ar1_mean_drops_the_first_return_from_the_likelihood()
    {
        var (_, returns) = SpyReturns.ReferenceSample();
        var fit = ArchModelSpecification.Create("garch", "normal", "ar1").Fit(returns);
        Assert.Equal(4027, fit.Observations);
        Assert.Equal(["mu", "phi[1]", "omega", "alpha[1]", "beta[1]"], fit.ParameterNames);
        Assert.True(fit.Converged);
    }
}
