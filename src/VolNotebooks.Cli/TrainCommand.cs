using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Features;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Training;

namespace VolNotebooks.Cli;

/// <summary><c>volnb train</c>: builds an experiment spec from its options (or reads one with <c>--spec</c>), trains it and
/// prints its test metrics.</summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string?>("--model") { Description = "Model class name (see --list)" };
        var list = new Option<bool>("--list") { Description = "List the models with their parameter counts" };
        var ticker = new Option<string>("--ticker", "--symbol") { Description = "Symbol in the data folder", DefaultValueFactory = _ => "SPY" };
        var features = new Option<string?>("--features") { Description = "Feature recipe (volnb features --list); default: volatility for rv, feat for return, vix for vix" };
        var target = new Option<string>("--target") { Description = "rv (next-h-day realized volatility, %), return (return h days ahead, %) or vix", DefaultValueFactory = _ => "rv" };
        var horizon = new Option<int>("--horizon") { Description = "Days ahead", DefaultValueFactory = _ => 1 };
        var lookback = new Option<int?>("--lookback") { Description = "Time steps per sample; default: 60 for rv, 20 for return, 30 for vix (the research's)" };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping may end sooner)", DefaultValueFactory = _ => 30 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per mini-batch", DefaultValueFactory = _ => 32 };
        var rate = new Option<double>("--learning-rate") { Description = "Adam's learning rate", DefaultValueFactory = _ => 1e-3 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialization and shuffling", DefaultValueFactory = _ => 42 };
        var loss = new Option<string>("--loss") { Description = "mse, mae, huber or qlike (QLIKE trains on squared forecasts of volatility)", DefaultValueFactory = _ => "mse" };
        var from = new Option<DateOnly?>("--from") { Description = "Use data from this day on (shorter runs)" };
        var to = new Option<DateOnly?>("--to") { Description = "Use data up to this day" };
        var threshold = new Option<double?>("--correlation-threshold") { Description = "Drop features correlated above this on training rows; default: the recipe's" };
        var spec = new Option<string?>("--spec") { Description = "Run the experiment in this spec file (JSON, as --json prints under 'spec'); excludes the experiment options", HelpName = "FILE" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Write the trained model, its spec, scaler, features and metrics to this file", HelpName = "PATH" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: spec, model, metrics, epochs_run, best_epoch, seconds" };
        var data = CliApp.DataOption();
        Option[] experimentOptions = [model, ticker, features, target, horizon, lookback, epochs, batch, rate, seed, loss, from, to, threshold];
        var command = new Command("train", "Train a research network on an experiment spec (chronological 70/10/20 split) and print its test metrics")
        {
            model, list, ticker, features, target, horizon, lookback, epochs, batch, rate, seed, loss, from, to, threshold, spec, checkpoint, json, data,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CommandErrors.Guarded(error, () =>
        {
            if (parse.GetValue(list)) return List(output);
            ExperimentSpec experiment;
            if (parse.GetValue(spec) is string specPath)
            {
                if (experimentOptions.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is Option given)
                    throw new ArgumentException($"--spec takes the whole experiment from {specPath}; drop {given.Name}");
                if (!File.Exists(specPath)) throw new FileNotFoundException($"{specPath}: spec file not found");
                experiment = ExperimentSpec.FromJson(File.ReadAllText(specPath), specPath);
            }
            else
            {
                var name = parse.GetValue(model) ?? throw new ArgumentException("--model is required (or --spec, or --list)");
                var kind = ParseTarget(parse.GetValue(target)!);
                var recipe = FeatureRecipes.Get(parse.GetValue(features) ?? DefaultRecipe(kind));
                experiment = new ExperimentSpec
                {
                    Data = new DatasetSpec
                    {
                        Symbol = parse.GetValue(ticker)!,
                        From = parse.GetValue(from),
                        To = parse.GetValue(to),
                        Features = recipe.Name,
                        Target = new TargetSpec(kind, parse.GetValue(horizon)),
                        Lookback = parse.GetValue(lookback) ?? DefaultLookback(kind),
                        CorrelationThreshold = parse.GetResult(threshold) is { Implicit: false } ? parse.GetValue(threshold) : recipe.DefaultCorrelationThreshold,
                    },
                    Model = ModelCatalog.Get(name).Defaults,
                    Training = new TrainerOptions
                    {
                        Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(rate), Loss = ParseLoss(parse.GetValue(loss)!),
                    },
                    Seed = parse.GetValue(seed),
                };
            }

            return Run(MarketData.Open(parse.GetValue(data)), experiment, parse.GetValue(checkpoint), parse.GetValue(json), output, error, cancel);
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
        MarketData data, ExperimentSpec spec, string? checkpointPath, bool json, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        spec.Validate();
        var prepared = TrainingPipeline.Prepare(data, spec);
        if (!json)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{spec.Model.Architecture} on {prepared.Spec}: {prepared.Train.Count} train / {prepared.Validation.Count} validation / {prepared.Test.Count} test samples, {prepared.Train.Features} features"));
        var epochs = spec.Training.Epochs;
        var trained = TrainingPipeline.Train(spec, prepared, onEpoch: e => Progress(error, e, epochs), cancellationToken: cancel);
        error.WriteLine();
        if (checkpointPath is not null) trained.ToCheckpoint(prepared).Save(checkpointPath);

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
            }.ToJsonString());
        }
        else
        {
            output.WriteLine($"{trained.Training.StopReason}; best epoch {trained.Training.BestEpoch} of {trained.Training.History.Count}, in {trained.Seconds:0.0} s");
            foreach (var (name, value) in trained.Metrics) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  test {name,-21} {value:0.000000}"));
            if (checkpointPath is not null) output.WriteLine($"checkpoint: {Path.GetFullPath(checkpointPath)}");
        }

        return 0;
    }

    private static void Progress(TextWriter error, EpochRecord e, int epochs)
    {
        const int width = 24;
        var done = (int)Math.Round(width * (double)e.Epoch / epochs);
        error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {e.Epoch,3}/{epochs} [{new string('#', done)}{new string('.', width - done)}] train {e.TrainLoss:0.00000} validation {e.ValidationLoss:0.00000} lr {e.LearningRate:0.0e0} "));
    }

    private static TargetKind ParseTarget(string text) => text.ToLowerInvariant() switch
    {
        "rv" => TargetKind.RealizedVolatility,
        "return" => TargetKind.Return,
        "vix" => TargetKind.Vix,
        _ => throw new ArgumentException($"--target '{text}': expected rv, return or vix"),
    };

    private static LossKind ParseLoss(string text) => text.ToLowerInvariant() switch
    {
        "mse" => LossKind.Mse,
        "mae" => LossKind.Mae,
        "huber" => LossKind.Huber,
        "qlike" => LossKind.Qlike,
        _ => throw new ArgumentException($"--loss '{text}': expected mse, mae, huber or qlike"),
    };
}
