using Microsoft.ML.OnnxRuntime;
using VolNotebooks.Datasets;
using VolNotebooks.Export;
using VolNotebooks.Features;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using Xunit.Abstractions;

namespace VolNotebooks.Tests.Export;

public sealed class OnnxExportTests(ITestOutputHelper log)
{
    private const int TimeSteps = 60;

    private static readonly Lazy<(float[] Inputs, int Features)> SpyWindows = new(() =>
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

    public static TheoryData<string> Architectures => new(
        "LSTMVol", "LSTMVol linear output", "LSTMForecaster", "LSTMAttentionDual", "CnnBiLstmAttention", "CnnLstmBasic", "CnnLstmDeep", "CnnLstmBidirectional", "CnnLstmMultiscale");

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Onnx_runtime_forecasts_of_an_export_match_the_engine_on_real_spy_windows_within_1e_5_of_the_largest_forecast(string name)
    {
        var (inputs, features) = SpyWindows.Value;
        ForecastModel model = name switch
        {
            "LSTMVol" => new LstmVol(features, new RandomSource(11), new LstmVolHyperparameters(Hidden: 32, Layers: 2)),
            "LSTMVol linear output" => new LstmVol(features, new RandomSource(12), new LstmVolHyperparameters(Hidden: 16, Layers: 1), positiveOutput: false),
            "LSTMForecaster" => new LstmForecaster(features, new RandomSource(13)),
            "LSTMAttentionDual" => new LstmAttentionDual(features, new RandomSource(18), new LstmAttentionDualHyperparameters(32, 16, 16)),
            "CnnBiLstmAttention" => new CnnBiLstmAttention(features, new RandomSource(19)),
            "CnnLstmBasic" => new CnnLstmBasic(features, new RandomSource(14)),
            "CnnLstmDeep" => WithTrainedLookingStatistics(new CnnLstmDeep(features, new RandomSource(15))),
            "CnnLstmBidirectional" => new CnnLstmBidirectional(features, new RandomSource(16)),
            "CnnLstmMultiscale" => new CnnLstmMultiscale(features, new RandomSource(17)),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var expected = model.Predict(inputs, TimeSteps);

        using var session = new InferenceSession(OnnxExport.ToOnnx(model));
        var count = inputs.Length / (TimeSteps * features);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [count, TimeSteps, features]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["forecast"]);
        Assert.Equal([count, model.Outputs], outputs[0].GetTensorTypeAndShape().Shape);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        var spread = expected.Max() - expected.Min();
        Assert.True(spread > 1e-4, $"{name}: forecasts barely vary ({spread}); the comparison would prove little");
        // Relative to the largest forecast: float32 rounding scales with the terms summed, so a forecast that happens to
        // land near zero (a linear head's output can) has no meaningful relative error of its own.
        var scale = expected.Max(MathF.Abs);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var relative = Math.Abs(actual[i] - expected[i]) / scale;
            worst = Math.Max(worst, relative);
            Assert.True(relative <= 1e-5, $"{name}, sample {i}: ONNX Runtime {actual[i]:R}, engine {expected[i]:R}, largest forecast {scale:R}");
        }

        log.WriteLine($"{name}: {count} windows, largest difference {worst:E2} of the largest forecast {scale:G4}");
    }

    /// <summary>Batch normalization as after training: running statistics and affine weights away from 0 and 1, so an
    /// export that ignored or misplaced any of them would show.</summary>
    private static ForecastModel WithTrainedLookingStatistics(ForecastModel model)
    {
        var random = new Random(5);
        foreach (var (name, tensor) in model.StateEntries().Where(e => e.Name.StartsWith("norm", StringComparison.Ordinal)))
        {
            var (low, high) = name.EndsWith("running_var", StringComparison.Ordinal) || name.EndsWith("weight", StringComparison.Ordinal) ? (0.5, 1.5) : (-0.3, 0.3);
            for (var i = 0; i < tensor.Length; i++) tensor.Data[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        return model;
    }

    [Fact]
    public void Gate_blocks_move_from_pytorchs_i_f_g_o_to_onnxs_i_o_f_c()
    {
        // H = 1, one column: the rows are the gates themselves.
        Assert.Equal([1f, 4f, 2f, 3f], OnnxExport.ToOnnxGateOrder([1f, 2f, 3f, 4f], hidden: 1, columns: 1));
    }

    [Fact]
    public void An_architecture_without_a_graph_is_refused_with_the_list_of_those_exported()
    {
        var model = new TransformerForecaster(3, new RandomSource(1));
        var e = Assert.Throws<NotSupportedException>(() => OnnxExport.ToOnnx(model));
        Assert.Contains("LSTMForecaster", e.Message);
    }
}
