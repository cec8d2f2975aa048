using VolNotebooks.Neural;
using VolNotebooks.Training;

namespace VolNotebooks.Models;

/// <summary>One trainable architecture: its name, where it comes from, its search space, and how to build it.</summary>
/// <param name="Name">Class name, as <c>volnb train --model</c> takes it.</param>
/// <param name="Source">The research document it reproduces.</param>
/// <param name="Space">Hyperparameters searched for it (the VIX study's ranges for the CNN-LSTMs).</param>
/// <param name="Create">Builds an instance for F features from a seeded source and hyperparameters (defaults where absent).</param>
public sealed record ModelDefinition(string Name, string Source, SearchSpace Space, Func<int, RandomSource, Hyperparameters, ForecastModel> Create);

/// <summary>Every research model the workbook can train, by name.</summary>
public static class ModelCatalog
{
    /// <summary>All definitions, in the order <c>volnb train --list</c> prints them.</summary>
    public static IReadOnlyList<ModelDefinition> All { get; } =
    [
        new("LSTMVol", "research 001 (LSTM volatility notebook)",
            new SearchSpace().Int("hidden", 32, 128, 32).Int("layers", 1, 3).Float("dropout_rate", 0.0, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new LstmVol(f, rng, h.Int("hidden", 64), h.Int("layers", 2), h.Float("dropout_rate", 0.2))),
        new("LSTMForecaster", "research 003 (ablation study)",
            new SearchSpace().Int("hidden", 32, 128, 32).Int("layers", 1, 3).Float("dropout_rate", 0.0, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new LstmForecaster(f, rng, h.Int("hidden", 64), h.Int("layers", 2), h.Float("dropout_rate", 0.2))),
        new("CnnBiLstmAttention", "research 000 (architectural blueprint)",
            new SearchSpace().Int("filters", 32, 128, 32).Int("hidden", 32, 128, 32).Int("attention_units", 32, 128, 32).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnBiLstmAttention(f, rng, h)),
        new("CnnLstmBasic", "research 002 (VIX study), Basic",
            new SearchSpace().Int("cnn_filters_1", 32, 128, 32).Int("cnn_filters_2", 16, 64, 16).Int("lstm_units_1", 32, 128, 32).Int("lstm_units_2", 16, 64, 16)
                .Int("dense_units", 8, 32, 8).Float("dropout_rate", 0.1, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmBasic(f, rng, h)),
        new("CnnLstmDeep", "research 002 (VIX study), Deep",
            new SearchSpace().Int("cnn_filters_1", 64, 256, 64).Int("cnn_filters_2", 32, 128, 32).Int("cnn_filters_3", 16, 64, 16)
                .Int("lstm_units_1", 64, 256, 64).Int("lstm_units_2", 32, 128, 32).Int("lstm_units_3", 16, 64, 16)
                .Int("dense_units_1", 16, 64, 16).Int("dense_units_2", 8, 32, 8).Float("dropout_rate", 0.2, 0.6).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmDeep(f, rng, h)),
        new("CnnLstmBidirectional", "research 002 (VIX study), Bidirectional",
            new SearchSpace().Int("cnn_filters_1", 32, 128, 32).Int("cnn_filters_2", 16, 64, 16).Int("lstm_units_1", 32, 128, 32).Int("lstm_units_2", 16, 64, 16)
                .Int("dense_units", 16, 64, 16).Float("dropout_rate", 0.1, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmBidirectional(f, rng, h)),
        new("CnnLstmAttention", "research 002 (VIX study), Attention",
            new SearchSpace().Int("cnn_filters_1", 32, 128, 32).Int("cnn_filters_2", 16, 64, 16).Int("lstm_units", 32, 128, 32).Int("attention_heads", 2, 8, 2)
                .Int("dense_units", 16, 64, 16).Float("dropout_rate", 0.1, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmAttention(f, rng, h)),
        new("CnnLstmMultiscale", "research 002 (VIX study), Multiscale",
            new SearchSpace().Int("filters_small", 16, 64, 16).Int("filters_medium", 16, 64, 16).Int("filters_large", 16, 64, 16).Int("lstm_units", 32, 128, 32)
                .Int("dense_units", 16, 64, 16).Float("dropout_rate", 0.1, 0.5).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new CnnLstmMultiscale(f, rng, h)),
        new("LSTMAttentionDual", "research 004 (explainable study: volatility and VaR heads)",
            new SearchSpace().Int("hidden1", 64, 192, 64).Int("hidden2", 32, 96, 32).Int("attention_units", 32, 96, 32).Float("learning_rate", 1e-4, 1e-2, log: true),
            (f, rng, h) => new LstmAttentionDual(f, rng, h.Int("hidden1", 128), h.Int("hidden2", 64), h.Int("attention_units", 64))),
        new("TransformerForecaster", "research 001 (Transformer variant)",
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
