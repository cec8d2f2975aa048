using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VolNotebooks.Evaluation;

/// <summary>Every comparison of a <see cref="ForecastTable"/>'s models at once: mean losses, pairwise Diebold-Mariano
/// tests, the model confidence set and a Mincer-Zarnowitz regression per model - what <c>volnb compare</c> prints.</summary>
/// <param name="Table">The realized values and forecasts compared.</param>
/// <param name="Loss">The loss behind the mean losses, the tests and the confidence set.</param>
/// <param name="Horizon">Forecast horizon h in rows (steps).</param>
/// <param name="Level">The confidence set's level alpha (the set is the 1 - alpha one).</param>
/// <param name="MeanLosses">[M]: each model's mean loss.</param>
/// <param name="Pairs">Diebold-Mariano tests of every pair (a before b in file order), two-sided; negative favours a.</param>
/// <param name="HolmPValues">[pairs]: the pairs' p-values adjusted together by Holm's method.</param>
/// <param name="ConfidenceSet">The model confidence set (T_max statistic).</param>
/// <param name="MincerZarnowitz">[M]: each model's regression of the realized values on its forecasts; null for a
/// constant forecast, whose slope is undefined.</param>
public sealed record ForecastEvaluation(
    ForecastTable Table, LossFunction Loss, int Horizon, double Level, double[] MeanLosses,
    (string A, string B, DieboldMarianoResult Test)[] Pairs, double[] HolmPValues, ModelConfidenceSetResult ConfidenceSet,
    MincerZarnowitzResult?[] MincerZarnowitz)
{
    /// <summary>Bootstrap replications of the confidence set.</summary>
    public const int Replications = 1000;

    /// <summary>Compares every model of <paramref name="table"/>.</summary>
    /// <param name="table">Realized values and forecasts, at least two models.</param>
    /// <param name="loss">The loss function.</param>
    /// <param name="horizon">Forecast horizon h in rows: the Diebold-Mariano variance uses lags up to h-1, the
    /// Newey-West lags are <see cref="Evaluation.MincerZarnowitz.DefaultLags"/>, and the stationary bootstrap's mean
    /// block length is <c>max(h, round(T^(1/3)))</c>.</param>
    /// <param name="level">The confidence set's alpha in (0, 1).</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <exception cref="Data.DataFormatException">A value is outside the loss's domain (located).</exception>
    public static ForecastEvaluation Run(ForecastTable table, LossFunction loss, int horizon = 1, double level = 0.1, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "--level lies in (0, 1)");
        var models = table.ModelNames.Length;
        if (models < 2) throw new ArgumentException($"a comparison needs at least two forecast columns; {table.Source} has {models} ({string.Join(", ", table.ModelNames)})");
        var losses = table.Losses(loss);
        int n = table.Count;
        var series = Enumerable.Range(0, models).Select(m => Enumerable.Range(0, n).Select(t => losses[t, m]).ToArray()).ToArray();

        var pairs = new List<(string, string, DieboldMarianoResult)>();
        for (var a = 0; a < models; a++)
        {
            for (var b = a + 1; b < models; b++) pairs.Add((table.ModelNames[a], table.ModelNames[b], DieboldMariano.Test(series[a], series[b], horizon)));
        }

        var blockLength = Math.Max(horizon, Math.Round(Math.Cbrt(n)));
        var set = ModelConfidenceSet.Compute(losses, BlockBootstrap.Stationary(blockLength), seed, ModelConfidenceSetStatistic.Max, Replications);
        var lags = Evaluation.MincerZarnowitz.DefaultLags(n, horizon);
        var regressions = table.Forecasts.Select(f => f.Min() == f.Max() ? null : Evaluation.MincerZarnowitz.Fit(table.Actual, f, lags)).ToArray();
        return new ForecastEvaluation(
            table, loss, horizon, level, [.. series.Select(s => s.Average())], [.. pairs],
            MultipleTesting.Holm([.. pairs.Select(p => p.Item3.PValue)]), set, regressions);
    }

    /// <summary>One JSON object: <c>n</c>, <c>loss</c>, <c>models</c> {name: {mean_loss}}, <c>dm</c> [{a, b, stat,
    /// p_value}], <c>mcs</c> {level, included, p_values}, <c>mincer_zarnowitz</c> {name: {alpha, beta, r2, wald_p}};
    /// an undefined number (the regression of a constant forecast, the Wald test of a perfect fit) is null.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("n", Table.Count);
            json.WriteString("loss", Loss.Name);
            json.WriteStartObject("models");
            for (var m = 0; m < MeanLosses.Length; m++)
            {
                json.WriteStartObject(Table.ModelNames[m]);
                WriteNumberOrNull(json, "mean_loss", MeanLosses[m]);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartArray("dm");
            foreach (var (a, b, test) in Pairs)
            {
                json.WriteStartObject();
                json.WriteString("a", a);
                json.WriteString("b", b);
                WriteNumberOrNull(json, "stat", test.Statistic);
                WriteNumberOrNull(json, "p_value", test.PValue);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("mcs");
            json.WriteNumber("level", Level);
            json.WriteStartArray("included");
            foreach (var i in ConfidenceSet.Included(Level)) json.WriteStringValue(Table.ModelNames[i]);
            json.WriteEndArray();
            json.WriteStartObject("p_values");
            for (var m = 0; m < MeanLosses.Length; m++) json.WriteNumber(Table.ModelNames[m], ConfidenceSet.PValues[m]);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("mincer_zarnowitz");
            for (var m = 0; m < MeanLosses.Length; m++)
            {
                var r = MincerZarnowitz[m];
                json.WriteStartObject(Table.ModelNames[m]);
                WriteNumberOrNull(json, "alpha", r?.Alpha ?? double.NaN);
                WriteNumberOrNull(json, "beta", r?.Beta ?? double.NaN);
                WriteNumberOrNull(json, "r2", r?.RSquared ?? double.NaN);
                WriteNumberOrNull(json, "wald_p", r?.WaldPValue ?? double.NaN);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The comparison as readable tables: per model, then per pair.</summary>
    public string ToSummaryTable()
    {
        var included = ConfidenceSet.Included(Level).ToHashSet();
        var width = Math.Max(8, Table.ModelNames.Max(m => m.Length));
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{Table.Source}: {Table.Count} rows, {Table.Dates[0]:yyyy-MM-dd} to {Table.Dates[^1]:yyyy-MM-dd}; realized: {Table.ActualName}; loss: {Loss.Name}; horizon {Horizon}");
        text.AppendLine();
        text.AppendLine(c, $"{"model".PadRight(width)}  {"mean loss",12}  {"MCS p",7}  {$"in {(1 - Level) * 100:0.#}% MCS",10}  {"MZ alpha",9}  {"MZ beta",8}  {"MZ R2",6}  {"Wald p",8}");
        for (var m = 0; m < MeanLosses.Length; m++)
        {
            var r = MincerZarnowitz[m];
            text.AppendLine(c, $"{Table.ModelNames[m].PadRight(width)}  {MeanLosses[m],12:G6}  {ConfidenceSet.PValues[m],7:0.000}  {(included.Contains(m) ? "yes" : "no"),10}  {Format(r?.Alpha, "0.0000"),9}  {Format(r?.Beta, "0.0000"),8}  {Format(r?.RSquared, "0.000"),6}  {Format(r?.WaldPValue, "0.0000"),8}");
        }

        text.AppendLine();
        text.AppendLine(c, $"Diebold-Mariano (h = {Horizon}, HLN-corrected, two-sided; negative favours a)");
        text.AppendLine(c, $"{"a".PadRight(width)}  {"b".PadRight(width)}  {"DM",8}  {"p",8}  {"Holm p",8}");
        for (var i = 0; i < Pairs.Length; i++)
        {
            var (a, b, test) = Pairs[i];
            text.AppendLine(c, $"{a.PadRight(width)}  {b.PadRight(width)}  {test.Statistic,8:0.000}  {test.PValue,8:0.0000}  {HolmPValues[i],8:0.0000}");
        }

        return text.ToString();
    }

    // "-" marks a number that is undefined (a constant forecast's regression, a perfect fit's Wald test).
    private static string Format(double? value, string format) =>
        value is double v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
