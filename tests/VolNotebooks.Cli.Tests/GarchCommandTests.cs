using System.Text.Json.Nodes;

namespace VolNotebooks.Cli.Tests;

public sealed class GarchCommandTests
{
    [Fact]
    public async Task Garch_json_reports_the_fit_with_textbook_names_and_reaches_the_reference_likelihood()
    {
        var (code, output, error) = await CliRunner.RunAsync(
            "garch", "--ticker", "SPY", "--start", "2005-01-03", "--end", "2020-12-31", "--model", "garch", "--dist", "normal", "--json");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["params", "std_err", "loglik", "nobs", "converged", "iterations", "fit_ms"], json.Select(p => p.Key));
        Assert.Equal(["mu", "omega", "alpha[1]", "beta[1]"], json["params"]!.AsObject().Select(p => p.Key));
        Assert.Equal(4028, json["nobs"]!.GetValue<int>());
        Assert.True(json["converged"]!.GetValue<bool>());
        // Issue 4: an independent fit under the same conventions reached -5282.4643; ours must be at least -5282.465.
        Assert.True(json["loglik"]!.GetValue<double>() >= -5282.465, output);
        Assert.Equal(0.1465, json["params"]!["alpha[1]"]!.GetValue<double>(), 3);
    }

    [Fact]
    public async Task Garch_summary_table_names_the_sample_and_the_model()
    {
        var (code, output, _) = await CliRunner.RunAsync("garch", "--model", "gjr", "--dist", "t", "--start", "2015-01-02", "--end", "2019-12-31");
        Assert.Equal(0, code);
        Assert.Contains("SPY percent log returns of the adjusted close, 2015-01-02 to 2019-12-31", output);
        Assert.Contains("gamma[1]", output);
        Assert.Contains("nu", output);
    }

    [Theory]
    [InlineData("--model", "figarch", "Unknown --model 'figarch'")]
    [InlineData("--dist", "cauchy", "Unknown --dist 'cauchy'")]
    [InlineData("--ticker", "TSLA", "no data for symbol 'TSLA'")]
    public async Task Bad_arguments_get_a_clear_error_and_exit_code_1(string option, string value, string message)
    {
        var (code, _, error) = await CliRunner.RunAsync("garch", option, value);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task An_end_before_the_start_is_a_usage_error_with_exit_code_2()
    {
        var (code, _, error) = await CliRunner.RunAsync("garch", "--end", "2004-01-01");
        Assert.Equal(2, code);
        Assert.Contains("is before --start", error);
    }
}
