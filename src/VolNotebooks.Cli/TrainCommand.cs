using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VolNotebooks.Data;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Training;

namespace VolNotebooks.Cli;

/// <summary><c>volnb train</c>: trains a research network on the shipped data with a chronological split and prints its test metrics.</summary>
internal static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string?>("--model") { Description = "Model class name (see --list)" };
        var list = new Option<bool>("--list") { Description = "List the models with their parameter counts" };
        var ticker = new Option<string>("--ticker") { Description = "Symbol in the data folder", DefaultValueFactory = _ => "SPY" };
        var target = new Option<string>("--target") { Description = "rv (next-h-day realized volatility, %), return (next-day return, %) or vix", DefaultValueFactory = _ => "rv" };
        var horizon = new Option<int>("--horizon") { Description = "Days ahead", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping may end sooner)", DefaultValueFactory = _ => 30 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialization and shuffling", DefaultValueFactory = _ => 42 };
        var loss = new Option<string>("--loss") { Description = "mse, mae, huber or qlike (QLIKE trains on squared forecasts of volatility)", DefaultValueFactory = _ => "mse" };
        var from = new Option<DateOnly?>("--from") { Description = "Use data from this day on (shorter runs)" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Write the trained model, scaler, features, configuration and metrics to this file", HelpName = "PATH" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: model, metrics, epochs_run, seconds" };
        var data = CliApp.DataOption();
        var command = new Command("train", "Train a research network with a chronological 70/10/20 split and print its test metrics")
        {
            model, list, ticker, target, horizon, epochs, seed, loss, from, checkpoint, json, data,
        };
        command.SetAction((parse, cancel) => Task.FromResult(CommandErrors.Guarded(error, () =>
        {
            if (parse.GetValue(list)) return List(output);
            var name = parse.GetValue(model) ?? throw new ArgumentException("--model is required (or --list)");
            return Run(
                MarketData.Open(parse.GetValue(data)), ModelCatalog.Get(name), parse.GetValue(ticker)!, ParseTarget(parse.GetValue(target)!),
                parse.GetValue(horizon), parse.GetValue(epochs), parse.GetValue(seed), ParseLoss(parse.GetValue(loss)!), parse.GetValue(from),
                parse.GetValue(checkpoint), parse.GetValue(json), output, error, cancel);
        })));
        return command;
    }

    internal static int List(TextWriter output)
    {
        output.WriteLine($"{"model",-22} {"parameters (F = 8)",18}  source");
        foreach (var d in ModelCatalog.All)
            output.WriteLine($"{d.Name,-22} {d.Create(8, new RandomSource(1), new Hyperparameters()).ParameterCount,18:N0}  {d.Source}");
        return 0;
    }

    internal static int Run(
        MarketData data, ModelDefinition definition, string ticker, TargetKind target, int horizon, int epochs, ulong seed, LossKind loss,
        DateOnly? from, string? checkpointPath, bool json, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1, "--epochs");
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1, "--horizon");
        var prepared = TrainingPipeline.Prepare(data, ticker, target, horizon, from: from);
        if (prepared.Train.Count < 100) throw new ArgumentException($"only {prepared.Train.Count} training samples for {ticker}; use an earlier --from");
        var options = new TrainerOptions { Epochs = epochs, Loss = loss, Seed = seed };
        if (!json)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{definition.Name} on {prepared.Ticker} ({prepared.Dataset.TargetName}): {prepared.Train.Count} train / {prepared.Validation.Count} validation / {prepared.Test.Count} test samples, {prepared.Train.Features} features, {prepared.Train.TimeSteps} steps"));
        var trained = TrainingPipeline.Train(definition, prepared, options, seed, onEpoch: e => Progress(error, e, epochs), cancellationToken: cancel);
        error.WriteLine();
        if (checkpointPath is not null) trained.ToCheckpoint(prepared, options).Save(checkpointPath);

        if (json)
        {
            var metrics = trained.Metrics.ToDictionary(p => p.Key, p => double.IsFinite(p.Value) ? (double?)p.Value : null);
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["model"] = definition.Name,
                ["metrics"] = metrics,
                ["epochs_run"] = trained.Training.History.Count,
                ["seconds"] = Math.Round(trained.Seconds, 3),
            }));
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
