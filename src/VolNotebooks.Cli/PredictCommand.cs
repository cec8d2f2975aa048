using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VolNotebooks.Data;
using VolNotebooks.Training;

namespace VolNotebooks.Cli;

/// <summary><c>volnb predict</c>: loads a checkpoint, rebuilds the data it was trained on, and forecasts its test period.</summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint written by volnb train --checkpoint", Required = true, HelpName = "PATH" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: model, test_samples, metrics, forecasts" };
        var data = CliApp.DataOption();
        var command = new Command("predict", "Forecast the test period of a checkpoint's data with its model (exactly what training scored)")
        {
            checkpoint, json, data,
        };
        command.SetAction(parse => CommandErrors.Guarded(error, () => Run(parse.GetValue(checkpoint)!, MarketData.Open(parse.GetValue(data)), parse.GetValue(json), output)));
        return command;
    }

    internal static int Run(string path, MarketData data, bool json, TextWriter output)
    {
        var checkpoint = Checkpoint.Load(path);
        var prepared = TrainingPipeline.Reproduce(checkpoint, data);
        var forecasts = prepared.Unscale(checkpoint.Model.Predict(prepared.Test));
        var metrics = TrainingPipeline.Score(prepared, forecasts);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["model"] = checkpoint.Model.Architecture,
                ["spec"] = System.Text.Json.Nodes.JsonNode.Parse(checkpoint.Spec.ToJson()),
                ["test_samples"] = forecasts.Length,
                ["metrics"] = metrics.ToDictionary(p => p.Key, p => double.IsFinite(p.Value) ? (double?)p.Value : null),
                ["forecasts"] = forecasts,
            }));
            return 0;
        }

        output.WriteLine($"{checkpoint.Model.Architecture} on {prepared.Spec} ({checkpoint.Target}): {forecasts.Length} test forecasts");
        foreach (var (name, value) in metrics) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  test {name,-21} {value:0.000000}"));
        return 0;
    }
}
