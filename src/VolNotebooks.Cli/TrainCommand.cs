using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Features;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Runs;
using VolNotebooks.Training;

namespace VolNotebooks.Cli;

/// <summary><c>volnb train</c>: builds an experiment spec from its options (or reads one with <c>--spec</c>), trains it and
/// prints its test metrics.</summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var experiment = new ExperimentOptions();
        var list = new Option<bool>("--list") { Description = "List the models with their parameter counts" };
        var spec = new Option<string?>("--spec") { Description = "Run the experiment in this spec file (JSON, as --json prints under 'spec'); excludes the experiment options", HelpName = "FILE" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Write the trained model, its spec, scaler, features and metrics to this file", HelpName = "PATH" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: spec, model, metrics, epochs_run, best_epoch, seconds" };
        var data = CliApp.DataOption();
        var storage = CliApp.StorageOption();
        var noRecord = CliApp.NoRecordOption();
        var command = new Command("train", "Train a research network on an experiment spec (chronological 70/10/20 split) and print its test metrics");
        foreach (var option in experiment.All.Prepend(list).Concat([spec, checkpoint, json, data, storage, noRecord])) command.Options.Add(option);
        command.SetAction((parse, cancel) => Task.FromResult(CommandErrors.Guarded(error, () =>
        {
            if (parse.GetValue(list)) return List(output);
            ExperimentSpec run;
            if (parse.GetValue(spec) is string specPath)
            {
                if (experiment.FirstGiven(parse) is Option given)
                    throw new UsageException($"--spec takes the whole experiment from {specPath}; drop {given.Name}");
                if (!File.Exists(specPath)) throw new FileNotFoundException($"{specPath}: spec file not found");
                run = ExperimentSpec.FromJson(File.ReadAllText(specPath), specPath);
            }
            else
            {
                run = experiment.Build(parse, " (or --spec, or --list)");
            }

            var recorder = parse.GetValue(noRecord) ? null : parse.GetValue(storage) ?? RunStore.DefaultPath;
            return Run(MarketData.Open(parse.GetValue(data)), run, parse.GetValue(checkpoint), parse.GetValue(json), output, error, cancel, recorder);
        })));
        return command;
    }

    /// <summary>The research's lookback for a target: 60 days for volatility (blueprint), 20 for returns (ablation), 30 for VIX (VIX study).</summary>
    internal static int DefaultLookback(TargetKind target) => target switch
    {
        TargetKind.Return => 20,
        TargetKind.Vix => 30,
        _ => 60,
    };

    /// <summary>The recipe the research pairs with a target.</summary>
    internal static string DefaultRecipe(TargetKind target) => target switch
    {
        TargetKind.Return => FeatureRecipes.Feat.Name,
        TargetKind.Vix => FeatureRecipes.Vix.Name,
        _ => FeatureRecipes.Volatility.Name,
    };

    internal static int List(TextWriter output)
    {
        output.WriteLine($"{"model",-22} {"parameters (F = 8)",18}  source");
        foreach (var d in ModelCatalog.All)
            output.WriteLine($"{d.Name,-22} {d.Create(8, new RandomSource(1)).ParameterCount,18:N0}  {d.Source}");
        return 0;
    }

    internal static int Run(
        MarketData data, ExperimentSpec spec, string? checkpointPath, bool json, TextWriter output, TextWriter error, CancellationToken cancel,
        string? storage = null)
    {
        spec.Validate();
        var started = DateTimeOffset.UtcNow;
        var prepared = TrainingPipeline.Prepare(data, spec);
        if (!json)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{spec.Model.Architecture} on {prepared.Spec}: {prepared.Train.Count} train / {prepared.Validation.Count} validation / {prepared.Test.Count} test samples, {prepared.Train.Features} features"));
        var epochs = spec.Training.Epochs;
        TrainedModel trained;
        using (var progress = CommandProgress.Create(error, "epoch", epochs))
            trained = TrainingPipeline.Train(spec, prepared, onEpoch: e => progress.Report(e.Epoch, Losses(e)), cancellationToken: cancel);
        if (checkpointPath is not null) trained.ToCheckpoint(prepared).Save(checkpointPath);
        long? runId = null;
        if (storage is not null)
        {
            using var store = RunStore.Open(storage);
            runId = store.Record(trained.ToRun(started, checkpointPath is null ? [] : [checkpointPath]));
        }

        if (json)
        {
            var metrics = trained.Metrics.ToDictionary(p => p.Key, p => double.IsFinite(p.Value) ? (double?)p.Value : null);
            output.WriteLine(new JsonObject
            {
                ["spec"] = JsonNode.Parse(spec.ToJson()),
                ["model"] = spec.Model.Architecture,
                ["metrics"] = JsonSerializer.SerializeToNode(metrics),
                ["epochs_run"] = trained.Training.History.Count,
                ["best_epoch"] = trained.Training.BestEpoch,
                ["seconds"] = Math.Round(trained.Seconds, 3),
                ["run_id"] = runId,
            }.ToJsonString());
        }
        else
        {
            output.WriteLine($"{trained.Training.StopReason}; best epoch {trained.Training.BestEpoch} of {trained.Training.History.Count}, in {trained.Seconds:0.0} s");
            foreach (var (name, value) in trained.Metrics) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  test {name,-21} {value:0.000000}"));
            if (checkpointPath is not null) output.WriteLine($"checkpoint: {Path.GetFullPath(checkpointPath)}");
            if (runId is not null) output.WriteLine($"run {runId} recorded in {Path.GetFullPath(storage!)}");
        }

        return 0;
    }

    private static string Losses(EpochRecord e) =>
        string.Create(CultureInfo.InvariantCulture, $"train {e.TrainLoss:0.00000} validation {e.ValidationLoss:0.00000} lr {e.LearningRate:0.0e0}");
}
