using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VolNotebooks.Econometrics;

/// <summary>What <c>volnb garch</c> prints: one fit on a ticker's returns, as JSON or as an arch-style summary table.</summary>
/// <param name="Fit">The fitted model.</param>
/// <param name="Ticker">Ticker whose adjusted-close returns were fitted.</param>
/// <param name="Start">First return date (inclusive).</param>
/// <param name="End">Last return date (inclusive).</param>
public sealed record GarchFitReport(ArchFitResult Fit, string Ticker, DateOnly Start, DateOnly End)
{
    /// <summary>One JSON object with exactly <c>params</c>, <c>std_err</c>, <c>loglik</c>, <c>nobs</c>, <c>converged</c>, <c>iterations</c>, <c>fit_ms</c>.</summary>
    /// <remarks>
    /// <c>params</c> and <c>std_err</c> map textbook names to values; <c>std_err</c> holds the robust (Bollerslev-Wooldridge)
    /// standard errors, arch's default, and null where one could not be computed. <c>iterations</c> counts the winning
    /// optimizer run; <c>fit_ms</c> includes starting-value search and standard errors.
    /// </remarks>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("params");
            for (int i = 0; i < Fit.Parameters.Length; i++) WriteNumberOrNull(json, Fit.ParameterNames[i], Fit.Parameters[i]);
            json.WriteEndObject();
            json.WriteStartObject("std_err");
            for (int i = 0; i < Fit.Parameters.Length; i++) WriteNumberOrNull(json, Fit.ParameterNames[i], Fit.RobustStandardErrors[i]);
            json.WriteEndObject();
            WriteNumberOrNull(json, "loglik", Fit.LogLikelihood);
            json.WriteNumber("nobs", Fit.Observations);
            json.WriteBoolean("converged", Fit.Converged);
            json.WriteNumber("iterations", Fit.Iterations);
            json.WriteNumber("fit_ms", Math.Round(Fit.FitMilliseconds, 3));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The sample line followed by <see cref="ArchFitResult.ToSummaryTable"/>.</summary>
    public string ToSummaryTable() =>
        string.Create(CultureInfo.InvariantCulture, $"{Ticker} percent log returns of the adjusted close, {Start:yyyy-MM-dd} to {End:yyyy-MM-dd}\n")
        + Fit.ToSummaryTable();

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
