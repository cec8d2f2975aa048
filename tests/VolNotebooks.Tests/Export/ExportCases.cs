using VolNotebooks.Datasets;
using VolNotebooks.Features;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Tests.Export;

/// <summary>The networks and real inputs both export round trips (ONNX Runtime, PyTorch) check: every catalog
/// architecture, sized to keep the tests fast, with normalization and attention biases moved away from their initial
/// values so an export that dropped or misplaced them would show.</summary>
internal static class ExportCases
{
    /// <summary>T of the windows.</summary>
    public const int TimeSteps = 60;

    private static readonly Lazy<(float[] Inputs, int Features)> Windows = new(() =>
    {
        // Notebook 01's samples: SPY 2019-2021, four columns, 60-step windows, standardized.
        var bars = TestFiles.Data.Load("SPY").Between(new DateOnly(2019, 1, 1), new DateOnly(2021, 12, 31));
        var features = FeatureSets.Blueprint(bars);
        string[] columns = ["log_return", "volatility_5d", "volatility_10d", "volatility_20d"];
        var target = Targets.ForwardRealizedVolatility(features["log_return"].ToArray(), horizon: 5);
        var samples = SequenceDataset.Create(features, columns, target, TimeSteps);
        var scaled = samples.Scale(samples.FitScaler(new IndexRange(0, samples.Count)));
        return (scaled.InputsAsSingle(), columns.Length);
    });

    /// <summary>Real SPY windows [N, T, F] (row-major), scaled as in training, and F.</summary>
    public static (float[] Inputs, int Features) SpyWindows => Windows.Value;

    /// <summary>One case per architecture of <see cref="ModelCatalog"/>, plus LSTMVol without its softplus.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "LSTMVol", "LSTMVol linear output", "LSTMForecaster", "CnnBiLstmAttention", "CnnLstmBasic", "CnnLstmDeep", "CnnLstmBidirectional",
        "CnnLstmAttention", "CnnLstmMultiscale", "LSTMAttentionDual", "LSTMAttentionMultiHorizon", "TransformerForecaster",
    ];

    /// <summary>The network of case <paramref name="name"/> for <paramref name="features"/> inputs, and its hyperparameters.</summary>
    public static (ForecastModel Model, ModelHyperparameters Hyperparameters) Create(string name, int features)
    {
        (ModelHyperparameters H, ulong Seed) chosen = name switch
        {
            "LSTMVol" => (new LstmVolHyperparameters(Hidden: 32, Layers: 2), 11),
            "LSTMVol linear output" => (new LstmVolHyperparameters(Hidden: 16, Layers: 1), 12),
            "LSTMForecaster" => (new LstmForecasterHyperparameters(), 13),
            "CnnBiLstmAttention" => (new CnnBiLstmAttentionHyperparameters(), 19),
            "CnnLstmBasic" => (new CnnLstmBasicHyperparameters(), 14),
            "CnnLstmDeep" => (new CnnLstmDeepHyperparameters(), 15),
            "CnnLstmBidirectional" => (new CnnLstmBidirectionalHyperparameters(), 16),
            "CnnLstmAttention" => (new CnnLstmAttentionHyperparameters(CnnFilters1: 16, CnnFilters2: 16, LstmUnits: 16, AttentionHeads: 4, DenseUnits: 8), 20),
            "CnnLstmMultiscale" => (new CnnLstmMultiscaleHyperparameters(), 17),
            "LSTMAttentionDual" => (new LstmAttentionDualHyperparameters(32, 16, 16), 18),
            "LSTMAttentionMultiHorizon" => (new LstmAttentionMultiHorizonHyperparameters(Hidden1: 32, Hidden2: 16, AttentionUnits: 16), 21),
            "TransformerForecaster" => (new TransformerForecasterHyperparameters(DModel: 16, Heads: 4, Layers: 2, Feedforward: 32), 22),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such export case"),
        };
        var (h, seed) = chosen;
        var model = name == "LSTMVol linear output"
            ? new LstmVol(features, new RandomSource(seed), (LstmVolHyperparameters)h, positiveOutput: false)
            : ModelCatalog.Get(h.Architecture).Create(features, new RandomSource(seed), h);
        return (WithTrainedLookingState(model), h);
    }

    /// <summary>Normalization weights, biases and running statistics, and the attention projections' biases (zero at
    /// initialization), set to values like those after training: scales in [0.5, 1.5], shifts in [-0.3, 0.3].</summary>
    private static ForecastModel WithTrainedLookingState(ForecastModel model)
    {
        var random = new Random(5);
        foreach (var (name, tensor) in model.StateEntries())
        {
            var segments = name.Split('.');
            var isNorm = segments.Length >= 2 && segments[^2].StartsWith("norm", StringComparison.Ordinal);
            var isAttentionBias = name.EndsWith("in_proj_bias", StringComparison.Ordinal) || name.EndsWith("out_proj.bias", StringComparison.Ordinal);
            if (!isNorm && !isAttentionBias) continue;
            var (low, high) = isNorm && segments[^1] is "running_var" or "weight" ? (0.5, 1.5) : (-0.3, 0.3);
            for (var i = 0; i < tensor.Length; i++) tensor.Data[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        return model;
    }
}
