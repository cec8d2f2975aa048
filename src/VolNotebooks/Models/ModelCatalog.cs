using System.Text.Json;
using System.Text.Json.Nodes;
using VolNotebooks.Neural;
using VolNotebooks.Search;

namespace VolNotebooks.Models;

/// <summary>One trainable architecture: its name, where it comes from, its typed defaults, its search space, and how to build it.</summary>
public sealed class ModelDefinition
{
    private static readonly JsonSerializerOptions Json = new();
    private readonly Func<int, RandomSource, ModelHyperparameters, ForecastModel> _create;

    private ModelDefinition(
        string name, string source, SearchSpace space, ModelHyperparameters defaults, Func<int, RandomSource, ModelHyperparameters, ForecastModel> create)
    {
        (Name, Source, Space, Defaults, _create) = (name, source, space, defaults, create);
    }

    /// <summary>Class name, as <c>volnb train --model</c> takes it.</summary>
    public string Name { get; }

    /// <summary>The research document it reproduces.</summary>
    public string Source { get; }

    /// <summary>Hyperparameters searched for it (the VIX study's ranges for the CNN-LSTMs); a <c>learning_rate</c> entry
    /// sets the optimizer's rate, every other entry one of <see cref="Defaults"/>' values.</summary>
    public SearchSpace Space { get; }

    /// <summary>The research's hyperparameters for it.</summary>
    public ModelHyperparameters Defaults { get; }

    /// <summary>Defines an architecture whose hyperparameters are <typeparamref name="THyperparameters"/>.</summary>
    /// <param name="defaults">The research's hyperparameters.</param>
    /// <param name="source">The research document it reproduces.</param>
    /// <param name="space">Its search space.</param>
    /// <param name="create">Builds it for F features from a seeded source and its hyperparameters.</param>
    public static ModelDefinition Define<THyperparameters>(
        THyperparameters defaults, string source, SearchSpace space, Func<int, RandomSource, THyperparameters, ForecastModel> create)
        where THyperparameters : ModelHyperparameters
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(create);
        return new ModelDefinition(defaults.Architecture, source, space, defaults, (f, rng, h) => create(f, rng, (THyperparameters)h));
    }

    /// <summary>Builds the model for <paramref name="features"/> inputs per step.</summary>
    /// <param name="features">F, input features per time step.</param>
    /// <param name="rng">Seeded initialization source.</param>
    /// <param name="hyperparameters">This architecture's hyperparameters, or <see cref="Defaults"/>.</param>
    /// <exception cref="ArgumentException">The hyperparameters belong to another architecture or are out of range.</exception>
    public ForecastModel Create(int features, RandomSource rng, ModelHyperparameters? hyperparameters = null)
    {
        hyperparameters ??= Defaults;
        if (hyperparameters.GetType() != Defaults.GetType())
            throw new ArgumentException($"spec.model: {hyperparameters.Architecture} hyperparameters cannot build {Name}", nameof(hyperparameters));
        hyperparameters.Validate();
        return _create(features, rng, hyperparameters);
    }

    /// <summary>The hyperparameters of a search trial's sample: <see cref="Defaults"/> with every sampled value of the same
    /// name replaced (entries that are not hyperparameters of the architecture, such as <c>learning_rate</c>, are skipped).</summary>
    /// <param name="sample">Values by search-space name.</param>
    public ModelHyperparameters FromSample(IReadOnlyDictionary<string, object> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var type = Defaults.GetType();
        var node = JsonSerializer.SerializeToNode(Defaults, type, Json)!.AsObject();
        foreach (var (name, value) in sample)
        {
            if (!node.ContainsKey(name)) continue;
            node[name] = value switch
            {
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                float f => JsonValue.Create(f),
                _ => throw new ArgumentException($"{Name}: sampled value of '{name}' is a {value.GetType().Name}, not a number", nameof(sample)),
            };
        }

        return (ModelHyperparameters)node.Deserialize(type, Json)!;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Every research model the workbook can train, by name.</summary>
public static class ModelCatalog
{
    /// <summary>All definitions, in the order <c>volnb train --list</c> prints them.</summary>
    public static IReadOnlyList<ModelDefinition> All { get; } =
    [
        ModelDefinition.Define(new LstmVolHyperparameters(), "research 001 (LSTM volatility notebook)",
            new SearchSpace().Int("hidden", 32, 128, 32).Int("layers", 1, 3).Float("dropout_rate", 0.0, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new LstmVol(f, rng, h)),
        ModelDefinition.Define(new LstmForecasterHyperparameters(), "research 003 (ablation study)",
            new SearchSpace().Int("hidden", 32, 128, 32).Int("layers", 1, 3).Float("dropout_rate", 0.0, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new LstmForecaster(f, rng, h)),
        ModelDefinition.Define(new CnnBiLstmAttentionHyperparameters(), "research 000 (architectural blueprint)",
            new SearchSpace().Int("filters", 32, 128, 32).Int("hidden", 32, 128, 32).Int("attention_units", 32, 128, 32).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnBiLstmAttention(f, rng, h)),
        ModelDefinition.Define(new CnnLstmBasicHyperparameters(), "research 002 (VIX study), Basic",
            new SearchSpace().Int("cnn_filters_1", 32, 128, 32).Int("cnn_filters_2", 16, 64, 16).Int("lstm_units_1", 32, 128, 32).Int("lstm_units_2", 16, 64, 16)
                .Int("dense_units", 8, 32, 8).Float("dropout_rate", 0.1, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmBasic(f, rng, h)),
        ModelDefinition.Define(new CnnLstmDeepHyperparameters(), "research 002 (VIX study), Deep",
            new SearchSpace().Int("cnn_filters_1", 64, 256, 64).Int("cnn_filters_2", 32, 128, 32).Int("cnn_filters_3", 16, 64, 16)
                .Int("lstm_units_1", 64, 256, 64).Int("lstm_units_2", 32, 128, 32).Int("lstm_units_3", 16, 64, 16)
                .Int("dense_units_1", 16, 64, 16).Int("dense_units_2", 8, 32, 8).Float("dropout_rate", 0.2, 0.6).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmDeep(f, rng, h)),
        ModelDefinition.Define(new CnnLstmBidirectionalHyperparameters(), "research 002 (VIX study), Bidirectional",
            new SearchSpace().Int("cnn_filters_1", 32, 128, 32).Int("cnn_filters_2", 16, 64, 16).Int("lstm_units_1", 32, 128, 32).Int("lstm_units_2", 16, 64, 16)
                .Int("dense_units", 16, 64, 16).Float("dropout_rate", 0.1, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmBidirectional(f, rng, h)),
        ModelDefinition.Define(new CnnLstmAttentionHyperparameters(), "research 002 (VIX study), Attention",
            new SearchSpace().Int("cnn_filters_1", 32, 128, 32).Int("cnn_filters_2", 16, 64, 16).Int("lstm_units", 32, 128, 32).Int("attention_heads", 2, 8, 2)
                .Int("dense_units", 16, 64, 16).Float("dropout_rate", 0.1, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmAttention(f, rng, h)),
        ModelDefinition.Define(new CnnLstmMultiscaleHyperparameters(), "research 002 (VIX study), Multiscale",
            new SearchSpace().Int("filters_small", 16, 64, 16).Int("filters_medium", 16, 64, 16).Int("filters_large", 16, 64, 16).Int("lstm_units", 32, 128, 32)
                .Int("dense_units", 16, 64, 16).Float("dropout_rate", 0.1, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmMultiscale(f, rng, h)),
        ModelDefinition.Define(new LstmAttentionDualHyperparameters(), "research 004 (explainable study: volatility and VaR heads)",
            new SearchSpace().Int("hidden1", 64, 192, 64).Int("hidden2", 32, 96, 32).Int("attention_units", 32, 96, 32).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new LstmAttentionDual(f, rng, h)),
        ModelDefinition.Define(new LstmAttentionMultiHorizonHyperparameters(), "research 004 (explainable study: volatility and 1% VaR at 1, 5 and 22 days, recurrent dropout)",
            new SearchSpace().Int("hidden1", 64, 192, 64).Int("hidden2", 32, 96, 32).Int("attention_units", 32, 96, 32).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new LstmAttentionMultiHorizon(f, rng, h)),
        ModelDefinition.Define(new TransformerForecasterHyperparameters(), "research 001 (Transformer variant)",
            new SearchSpace().Categorical("d_model", 16, 32, 64).Categorical("heads", 2, 4).Int("layers", 1, 3).Float("dropout_rate", 0.0, 0.3).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new TransformerForecaster(f, rng, h)),
    ];

    /// <summary>The definition called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">A model name.</param>
    /// <exception cref="KeyNotFoundException">No such model; the message lists them.</exception>
    public static ModelDefinition Get(string name) =>
        All.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"unknown model '{name}'; available: {string.Join(", ", All.Select(d => d.Name))}");
}
