using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Export;

/// <summary>Writes the workbook's networks as standard ONNX models (opset 17) that any ONNX Runtime can serve.</summary>
/// <remarks>
/// The graph takes <c>input</c> [batch, time, F] - the scaled features, as <see cref="ForecastModel.Predict"/> takes
/// them - and gives <c>forecast</c> [batch, outputs]; both batch and time are free. Weights are read from the model's
/// named parameters (<c>lstm.l0.w_ih</c>, <c>head.weight</c>) and converted to ONNX layouts: ONNX's LSTM wants
/// time-major input and gates ordered i, o, f, c where PyTorch (and our engine) orders i, f, g, o, so the gate
/// blocks of every weight and bias are reordered, and the two biases are concatenated as <c>B = [W_b, R_b]</c>.
/// Dropout is left out: a forecast runs in evaluation mode. Exported so far: <c>LSTMVol</c> and <c>LSTMForecaster</c>.
/// </remarks>
public static class OnnxExport
{
    /// <summary>The default-domain opset the graphs use.</summary>
    public const long Opset = 17;

    /// <summary>The architectures <see cref="ToOnnx"/> can write.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["LSTMVol", "LSTMForecaster"];

    /// <summary>The ONNX model bytes of <paramref name="model"/>.</summary>
    /// <param name="model">A network of one of the <see cref="Architectures"/>.</param>
    /// <exception cref="NotSupportedException">The architecture has no ONNX graph yet.</exception>
    public static byte[] ToOnnx(ForecastModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.Parameters().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var graph = new OnnxGraph(model.Architecture);
        var input = graph.Input("input", OnnxDimension.Free("batch"), OnnxDimension.Free("time"), OnnxDimension.Fixed(model.InputFeatures));
        var timeMajor = graph.Node("Transpose", [input], ["input_time_major"], OnnxAttribute.Ints("perm", 1, 0, 2))[0]; // [T, B, F]
        var forecast = model switch
        {
            LstmVol m => Linear(graph, parameters, "head", LastHidden(graph, parameters, "lstm", timeMajor), m.PositiveOutput ? "Softplus" : null),
            LstmForecaster => Linear(graph, parameters, "head.2",
                Linear(graph, parameters, "head.0", LastHidden(graph, parameters, "lstm", timeMajor), "Relu"), null),
            _ => throw new NotSupportedException(
                $"{model.Architecture} has no ONNX export yet; exported architectures: {string.Join(", ", Architectures)}"),
        };
        graph.Node("Identity", [forecast], ["forecast"]);
        graph.Output("forecast", OnnxDimension.Free("batch"), OnnxDimension.Fixed(model.Outputs));
        return graph.ToModel(Opset);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as an ONNX file.</summary>
    /// <param name="model">A network of one of the <see cref="Architectures"/>.</param>
    /// <param name="path">The <c>.onnx</c> file to write.</param>
    public static void Save(ForecastModel model, string path) => File.WriteAllBytes(path, ToOnnx(model));

    /// <summary>Unidirectional stacked LSTM <paramref name="prefix"/> over x [T, B, F]; returns the last layer's
    /// final hidden state [B, H], which equals its output at the last time step.</summary>
    private static string LastHidden(OnnxGraph graph, Dictionary<string, Tensor<float>> parameters, string prefix, string x)
    {
        var axis0 = graph.Int64Initializer($"{prefix}.axis0", [0L], 1);
        var axis1 = graph.Int64Initializer($"{prefix}.axis1", [1L], 1);
        var hidden = "";
        for (var l = 0; parameters.ContainsKey($"{prefix}.l{l}.w_ih"); l++)
        {
            if (parameters.ContainsKey($"{prefix}.l{l}_reverse.w_ih"))
                throw new NotSupportedException($"{prefix}: bidirectional LSTMs have no ONNX export yet");
            var (w, r, b, h) = LstmWeights(graph, parameters, $"{prefix}.l{l}");
            var outputs = graph.Node("LSTM", [x, w, r, b], [$"{prefix}.l{l}.Y", $"{prefix}.l{l}.Y_h"],
                OnnxAttribute.Int("hidden_size", h), OnnxAttribute.String("direction", "forward"));
            x = graph.Node("Squeeze", [outputs[0], axis1], [$"{prefix}.l{l}.output"])[0];      // [T, 1, B, H] -> [T, B, H]
            hidden = outputs[1];                                                               // [1, B, H]
        }

        if (hidden.Length == 0) throw new ArgumentException($"the model has no LSTM parameters under '{prefix}'");
        return graph.Node("Squeeze", [hidden, axis0], [$"{prefix}.last"])[0];                 // [B, H]
    }

    /// <summary>ONNX W [1, 4H, F], R [1, 4H, H] and B [1, 8H] of one layer, gates reordered from i, f, g, o to i, o, f, c.</summary>
    private static (string W, string R, string B, int Hidden) LstmWeights(OnnxGraph graph, Dictionary<string, Tensor<float>> parameters, string layer)
    {
        var (wIh, wHh) = (parameters[$"{layer}.w_ih"], parameters[$"{layer}.w_hh"]);   // [4H, F], [4H, H]
        var (bIh, bHh) = (parameters[$"{layer}.b_ih"], parameters[$"{layer}.b_hh"]);   // [4H], [4H]
        var h = wHh.Dim(1);
        var bias = new float[8 * h];
        ToOnnxGateOrder(bIh.Data, h, 1).CopyTo(bias, 0);
        ToOnnxGateOrder(bHh.Data, h, 1).CopyTo(bias, 4 * h);
        return (
            graph.Initializer($"{layer}.W", ToOnnxGateOrder(wIh.Data, h, wIh.Dim(1)), 1, 4 * h, wIh.Dim(1)),
            graph.Initializer($"{layer}.R", ToOnnxGateOrder(wHh.Data, h, h), 1, 4 * h, h),
            graph.Initializer($"{layer}.B", bias, 1, 8 * h),
            h);
    }

    /// <summary>Rows [4H, K] in PyTorch's gate blocks i, f, g, o rearranged into ONNX's i, o, f, c.</summary>
    internal static float[] ToOnnxGateOrder(ReadOnlySpan<float> rows, int hidden, int columns)
    {
        ReadOnlySpan<int> pytorchBlockOf = [0, 3, 1, 2]; // ONNX block k comes from PyTorch block pytorchBlockOf[k]
        var block = hidden * columns;
        var result = new float[4 * block];
        for (var k = 0; k < 4; k++) rows.Slice(pytorchBlockOf[k] * block, block).CopyTo(result.AsSpan(k * block));
        return result;
    }

    /// <summary>y = x·Wᵀ + b as Gemm (transB = 1) over x [B, in], then an optional activation op.</summary>
    private static string Linear(OnnxGraph graph, Dictionary<string, Tensor<float>> parameters, string prefix, string x, string? activation)
    {
        var weight = parameters[$"{prefix}.weight"];                                          // [out, in]
        var inputs = new List<string> { x, graph.Initializer($"{prefix}.weight", weight.Data, weight.Dim(0), weight.Dim(1)) };
        if (parameters.TryGetValue($"{prefix}.bias", out var bias)) inputs.Add(graph.Initializer($"{prefix}.bias", bias.Data, bias.Dim(0)));
        var y = graph.Node("Gemm", [.. inputs], [$"{prefix}.output"], OnnxAttribute.Int("transB", 1))[0];   // [B, out]
        return activation is null ? y : graph.Node(activation, [y], [$"{prefix}.{activation.ToLowerInvariant()}"])[0];
    }
}
