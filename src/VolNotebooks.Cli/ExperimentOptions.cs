using System.CommandLine;
using VolNotebooks.Datasets;
using VolNotebooks.Features;
using VolNotebooks.Models;
using VolNotebooks.Training;

namespace VolNotebooks.Cli;

/// <summary>The options that describe one experiment (<c>--model</c>, <c>--ticker</c>, <c>--features</c>, <c>--target</c>,
/// <c>--lookback</c>, <c>--epochs</c>, ...) and the <see cref="ExperimentSpec"/> they build: shared by <c>volnb train</c>
/// and <c>volnb study create</c>.</summary>
internal sealed class ExperimentOptions
{
    /// <summary>Model class name.</summary>
    public Option<string?> Model { get; } = new("--model") { Description = "Model class name (volnb train --list)" };

    /// <summary>Every experiment option, in help order.</summary>
    public IReadOnlyList<Option> All { get; }

    private readonly Option<string> _ticker = new("--ticker", "--symbol") { Description = "Symbol in the data folder", DefaultValueFactory = _ => "SPY" };
    private readonly Option<string?> _features = new("--features") { Description = "Feature recipe (volnb features --list); default: volatility for rv, feat for return, vix for vix" };
    private readonly Option<string> _target = new("--target") { Description = "rv (next-h-day realized volatility, %), return (return h days ahead, %) or vix", DefaultValueFactory = _ => "rv" };
    private readonly Option<int> _horizon = new("--horizon") { Description = "Days ahead", DefaultValueFactory = _ => 1 };
    private readonly Option<int?> _lookback = new("--lookback") { Description = "Time steps per sample; default: 60 for rv, 20 for return, 30 for vix (the research's)" };
    private readonly Option<int> _epochs = new("--epochs") { Description = "Most epochs (early stopping may end sooner)", DefaultValueFactory = _ => 30 };
    private readonly Option<int> _batch = new("--batch-size") { Description = "Samples per mini-batch", DefaultValueFactory = _ => 32 };
    private readonly Option<double> _rate = new("--learning-rate") { Description = "Adam's learning rate", DefaultValueFactory = _ => 1e-3 };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Seed of initialization and shuffling", DefaultValueFactory = _ => 42 };
    private readonly Option<string> _loss = new("--loss") { Description = "mse, mae, huber or qlike (QLIKE trains on squared forecasts of volatility)", DefaultValueFactory = _ => "mse" };
    private readonly Option<DateOnly?> _from = new("--from") { Description = "Use data from this day on (shorter runs)" };
    private readonly Option<DateOnly?> _to = new("--to") { Description = "Use data up to this day" };
    private readonly Option<double?> _threshold = new("--correlation-threshold") { Description = "Drop features correlated above this on training rows; default: the recipe's" };

    /// <summary>Creates the options.</summary>
    public ExperimentOptions() =>
        All = [Model, _ticker, _features, _target, _horizon, _lookback, _epochs, _batch, _rate, _seed, _loss, _from, _to, _threshold];

    /// <summary>The first experiment option given explicitly on the command line, if any.</summary>
    public Option? FirstGiven(ParseResult parse) => All.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });

    /// <summary>The experiment the options describe (<c>--model</c> required).</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="alternatives">What else the command accepts instead of <c>--model</c>, for the error message.</param>
    public ExperimentSpec Build(ParseResult parse, string alternatives)
    {
        var name = parse.GetValue(Model) ?? throw new UsageException($"--model is required{alternatives}");
        var kind = ParseTarget(parse.GetValue(_target)!);
        var recipe = Lookup(() => FeatureRecipes.Get(parse.GetValue(_features) ?? TrainCommand.DefaultRecipe(kind)));
        Lookup(() => ModelCatalog.Get(name));
        return new ExperimentSpec
        {
            Data = new DatasetSpec
            {
                Symbol = parse.GetValue(_ticker)!,
                From = parse.GetValue(_from),
                To = parse.GetValue(_to),
                Features = recipe.Name,
                Target = new TargetSpec(kind, parse.GetValue(_horizon)),
                Lookback = parse.GetValue(_lookback) ?? TrainCommand.DefaultLookback(kind),
                CorrelationThreshold = parse.GetResult(_threshold) is { Implicit: false } ? parse.GetValue(_threshold) : recipe.DefaultCorrelationThreshold,
            },
            Model = ModelCatalog.Get(name).Defaults,
            Training = new TrainerOptions
            {
                Epochs = parse.GetValue(_epochs), BatchSize = parse.GetValue(_batch), LearningRate = parse.GetValue(_rate), Loss = ParseLoss(parse.GetValue(_loss)!),
            },
            Seed = parse.GetValue(_seed),
        };
    }

    private static TargetKind ParseTarget(string text) => text.ToLowerInvariant() switch
    {
        "rv" => TargetKind.RealizedVolatility,
        "return" => TargetKind.Return,
        "vix" => TargetKind.Vix,
        _ => throw new UsageException($"--target '{text}': expected rv, return or vix"),
    };

    private static LossKind ParseLoss(string text) => text.ToLowerInvariant() switch
    {
        "mse" => LossKind.Mse,
        "mae" => LossKind.Mae,
        "huber" => LossKind.Huber,
        "qlike" => LossKind.Qlike,
        _ => throw new UsageException($"--loss '{text}': expected mse, mae, huber or qlike"),
    };

    /// <summary>A catalog lookup whose unknown name is a usage error (exit 2), its message listing the known names.</summary>
    private static T Lookup<T>(Func<T> lookup)
    {
        try
        {
            return lookup();
        }
        catch (KeyNotFoundException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
