using VolNotebooks.IO;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Export;

/// <summary>Writes the workbook's networks as standard ONNX models (opset 17) that any ONNX Runtime can serve.</summary>
/// <remarks>
/// The graph takes <c>input</c> [batch, time, F] - the scaled features, as <see cref="ForecastModel.Predict(Datasets.SequenceData, int)"/> takes
/// them - and gives <c>forecast</c> [batch, outputs]; batch and time are free. Weights are read from the model's named
/// parameters and buffers (<c>lstm.l0.w_ih</c>, <c>front.conv1.weight</c>, <c>norm1.running_mean</c>) and converted to
/// ONNX layouts: ONNX's LSTM wants time-major input and gates ordered i, o, f, c where PyTorch (and our engine) orders
/// i, f, g, o, so the gate blocks of every weight and bias are reordered, the two biases are concatenated as
/// <c>B = [W_b, R_b]</c>, and a reverse direction goes second. Convolutions and pooling run channels-first
/// [B, C, T], as Conv1d does; <c>padding='same'</c> puts the smaller half on the left, as PyTorch does. Attention is
/// written in standard ops: additive attention as MatMul, Tanh, Softmax over time and ReduceSum; multi-head attention
/// (nn.MultiheadAttention's in_proj/out_proj) as one MatMul to q, k, v, a Split, per-head Reshape/Transpose, MatMul,
/// scaling by 1/√d, Softmax and MatMul; layer normalization as LayerNormalization (opset 17); the Transformer's sinusoidal
/// encoding as the engine's own table sliced to the input's length. Dropout (recurrent dropout included) is left out and
/// batch normalization uses its running statistics: a forecast runs in evaluation mode.
/// </remarks>
public static class OnnxExport
{
    /// <summary>The default-domain opset the graphs use.</summary>
    public const long Opset = 17;

    /// <summary>The architectures <see cref="ToOnnx"/> can write.</summary>
    public static IReadOnlyList<string> Architectures { get; } =
    [
        "LSTMVol", "LSTMForecaster", "CnnBiLstmAttention", "CnnLstmBasic", "CnnLstmDeep", "CnnLstmBidirectional", "CnnLstmAttention",
        "CnnLstmMultiscale", "LSTMAttentionDual", "LSTMAttentionMultiHorizon", "TransformerForecaster",
    ];

    /// <summary>The ONNX model bytes of <paramref name="model"/>.</summary>
    /// <param name="model">A network of one of the <see cref="Architectures"/>.</param>
    /// <exception cref="NotSupportedException">The model is not one of the catalog's architectures.</exception>
    public static byte[] ToOnnx(ForecastModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var g = new GraphWriter(model);
        var input = g.Graph.Input("input", OnnxDimension.Free("batch"), OnnxDimension.Free("time"), OnnxDimension.Fixed(model.InputFeatures));
        var forecast = model switch
        {
            LstmVol m => g.Linear("head", g.LastStep(g.Lstm("lstm", g.TimeMajor(input))), m.PositiveOutput ? "Softplus" : null),
            LstmForecaster => g.Linear("head.2", g.Linear("head.0", g.LastStep(g.Lstm("lstm", g.TimeMajor(input))), "Relu")),
            LstmAttentionDual or LstmAttentionMultiHorizon =>
                DualHeads(g, g.AdditiveAttention("attention", g.Lstm("lstm2", g.Lstm("lstm1", g.TimeMajor(input))))),
            CnnBiLstmAttention => g.Linear("head", g.AdditiveAttention("attention", g.Lstm("lstm", g.SingleConvolutionFront("conv", input)))),
            CnnLstmBasic or CnnLstmBidirectional =>
                g.Linear("output", g.Linear("dense", g.LastStep(g.Lstm("lstm2", g.Lstm("lstm1", g.ConvolutionFront("front", input)))), "Relu")),
            CnnLstmMultiscale =>
                g.Linear("output", g.Linear("dense", g.LastStep(g.Lstm("lstm2", g.Lstm("lstm1", g.MultiscaleFront(input)))), "Relu")),
            CnnLstmAttention m => g.Linear("output", g.Linear("dense", SelfAttentionPooling(g, g.Lstm("lstm", g.ConvolutionFront("front", input)), m), "Relu")),
            TransformerForecaster m => g.Linear("head", g.LastStep(TransformerEncoder(g, input, m))),
            CnnLstmDeep => g.Linear("output", g.Linear("dense2", g.Linear("dense1",
                g.LastStep(g.Lstm("lstm3", g.Lstm("lstm2", g.Lstm("lstm1", g.DeepFront(input))))), "Relu"), "Relu")),
            _ => throw new NotSupportedException(
                $"{model.Architecture} has no ONNX export; exported architectures: {string.Join(", ", Architectures)}"),
        };
        g.Graph.Node("Identity", [forecast], ["forecast"]);
        g.Graph.Output("forecast", OnnxDimension.Free("batch"), OnnxDimension.Fixed(model.Outputs));
        return g.Graph.ToModel(Opset);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as an ONNX file.</summary>
    /// <param name="model">A network of one of the <see cref="Architectures"/>.</param>
    /// <param name="path">The <c>.onnx</c> file to write, atomically (its folder is created if needed).</param>
    public static void Save(ForecastModel model, string path)
    {
        var bytes = ToOnnx(model);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>CnnLstmAttention after its LSTM, h [T, B, U]: h + layer_norm(self_attention(h)), averaged over time -> [B, U].</summary>
    private static string SelfAttentionPooling(GraphWriter g, string h, CnnLstmAttention model)
    {
        var attended = g.MultiheadAttention("attention", h, model.Hyperparameters.AttentionHeads);
        var combined = g.Graph.Node("Add", [h, g.LayerNorm("norm", attended)], ["residual"])[0];
        return g.Graph.Node("ReduceMean", [combined], ["pooled"], OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0))[0];
    }

    /// <summary>TransformerForecaster up to its head: embed -> + positional encoding -> post-norm encoder layers, from
    /// [B, T, F] to [T, B, d]. Each layer: x = norm1(x + self_attn(x)); x = norm2(x + linear2(relu(linear1(x)))).</summary>
    private static string TransformerEncoder(GraphWriter g, string input, TransformerForecaster model)
    {
        var h = model.Hyperparameters;
        var x = g.TimeMajor(input);
        var z = g.Graph.Node("Add", [g.SequenceLinear("embed", x), g.PositionalEncoding(x, model.Position)], ["embed.encoded"])[0];
        for (var i = 0; i < h.Layers; i++)
        {
            var layer = $"encoder{i}";
            var attended = g.MultiheadAttention($"{layer}.self_attn", z, h.Heads);
            z = g.LayerNorm($"{layer}.norm1", g.Graph.Node("Add", [z, attended], [$"{layer}.attention_residual"])[0]);
            var fed = g.SequenceLinear($"{layer}.linear2", g.SequenceLinear($"{layer}.linear1", z, "Relu"));
            z = g.LayerNorm($"{layer}.norm2", g.Graph.Node("Add", [z, fed], [$"{layer}.feedforward_residual"])[0]);
        }

        return z;
    }

    /// <summary>The two heads (volatility, VaR) on the context [B, H]: softplus(vol_head) and var_head, each [B, K] for K
    /// horizons (1 for LSTMAttentionDual), concatenated -> [B, 2K].</summary>
    private static string DualHeads(GraphWriter g, string context) => g.Graph.Node("Concat",
        [g.Linear("vol_head", context, "Softplus"), g.Linear("var_head", context)], ["heads.concat"], OnnxAttribute.Int("axis", 1))[0];

    /// <summary>Rows [4H, K] in PyTorch's gate blocks i, f, g, o rearranged into ONNX's i, o, f, c.</summary>
    internal static float[] ToOnnxGateOrder(ReadOnlySpan<float> rows, int hidden, int columns)
    {
        ReadOnlySpan<int> pytorchBlockOf = [0, 3, 1, 2]; // ONNX block k comes from PyTorch block pytorchBlockOf[k]
        var block = hidden * columns;
        var result = new float[4 * block];
        for (var k = 0; k < 4; k++) rows.Slice(pytorchBlockOf[k] * block, block).CopyTo(result.AsSpan(k * block));
        return result;
    }

    /// <summary>The layers of the exported graphs, each reading its weights by the module's parameter names.</summary>
    /// <remarks>Shapes: B = batch, T = time, F = features, C = channels, H = hidden units.</remarks>
    private sealed class GraphWriter(ForecastModel model)
    {
        private readonly Dictionary<string, Tensor<float>> _state =
            model.StateEntries().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        private readonly HashSet<string> _constants = new(StringComparer.Ordinal);
        private string? _lastIndex;
        private string? _mergeDirections;

        public OnnxGraph Graph { get; } = new(model.Architecture);

        /// <summary>[B, T, F] -> [T, B, F], the layout ONNX's LSTM reads.</summary>
        public string TimeMajor(string x) => Graph.Node("Transpose", [x], ["input.time_major"], OnnxAttribute.Ints("perm", 1, 0, 2))[0];

        /// <summary>Stacked LSTM <paramref name="prefix"/> over x [T, B, C]: output [T, B, directions·H].</summary>
        public string Lstm(string prefix, string x)
        {
            var layers = 0;
            for (; _state.ContainsKey($"{prefix}.l{layers}.w_ih"); layers++)
            {
                var layer = $"{prefix}.l{layers}";
                var reverse = _state.ContainsKey($"{layer}_reverse.w_ih");
                var (w, r, b, h) = LstmWeights(layer, reverse);
                var y = Graph.Node("LSTM", [x, w, r, b], [$"{layer}.Y"],
                    OnnxAttribute.Int("hidden_size", h), OnnxAttribute.String("direction", reverse ? "bidirectional" : "forward"))[0];
                // Y [T, directions, B, H] -> [T, B, directions, H] -> [T, B, directions·H]: forward half first, as the engine concatenates.
                var directionsLast = Graph.Node("Transpose", [y], [$"{layer}.Y.directions_last"], OnnxAttribute.Ints("perm", 0, 2, 1, 3))[0];
                _mergeDirections ??= Graph.Int64Initializer("const.merge_directions", [0L, 0L, -1L], 3);
                x = Graph.Node("Reshape", [directionsLast, _mergeDirections], [$"{layer}.output"])[0];
            }

            if (layers == 0) throw new ArgumentException($"{model.Architecture} has no LSTM parameters under '{prefix}'");
            return x;
        }

        /// <summary>x [T, B, C] -> its last time step [B, C] (Gather at index -1 of axis 0).</summary>
        public string LastStep(string x)
        {
            _lastIndex ??= Graph.Int64Initializer("const.last_step", [-1L]);
            return Graph.Node("Gather", [x, _lastIndex], [$"{x}.last"], OnnxAttribute.Int("axis", 0))[0];
        }

        /// <summary>y = x·Wᵀ + b as Gemm (transB = 1) over x [B, in], then an optional activation op.</summary>
        public string Linear(string prefix, string x, string? activation = null)
        {
            var weight = _state[$"{prefix}.weight"];                                           // [out, in]
            var inputs = new List<string> { x, Graph.Initializer($"{prefix}.weight", weight.Data, weight.Dim(0), weight.Dim(1)) };
            if (_state.TryGetValue($"{prefix}.bias", out var bias)) inputs.Add(Graph.Initializer($"{prefix}.bias", bias.Data, bias.Dim(0)));
            var y = Graph.Node("Gemm", [.. inputs], [$"{prefix}.output"], OnnxAttribute.Int("transB", 1))[0];   // [B, out]
            return Activation(y, activation);
        }

        /// <summary>y = x·Wᵀ + b over a sequence x [T, B, in] as MatMul and Add, then an optional activation -> [T, B, out].</summary>
        public string SequenceLinear(string prefix, string x, string? activation = null)
        {
            var weight = _state[$"{prefix}.weight"];                                                          // [out, in]
            var weightT = Graph.Initializer($"{prefix}.weight_t", Transposed(weight), weight.Dim(1), weight.Dim(0)); // [in, out]
            var y = Graph.Node("MatMul", [x, weightT], [$"{prefix}.product"])[0];
            var bias = _state[$"{prefix}.bias"];
            y = Graph.Node("Add", [y, Graph.Initializer($"{prefix}.bias", bias.Data, bias.Dim(0))], [$"{prefix}.output"])[0];
            return Activation(y, activation);
        }

        /// <summary>Multi-head scaled dot-product self-attention (nn.MultiheadAttention, in_proj/out_proj) over x [T, B, E]
        /// -> [T, B, E]: per head softmax(q·kᵀ / √d)·v with d = (rows of in_proj_weight / 3) / heads (E / heads unless the
        /// layer was built with its own head width), heads merged, then out_proj.</summary>
        public string MultiheadAttention(string prefix, string x, int heads)
        {
            var inWeight = _state[$"{prefix}.in_proj_weight"];                                              // [3I, E], I = heads * d
            var e = inWeight.Dim(1);
            var inner = inWeight.Dim(0) / 3;
            var d = inner / heads;
            var inWeightT = Graph.Initializer($"{prefix}.in_proj_weight_t", Transposed(inWeight), e, 3 * inner);  // [E, 3I]
            var inBias = Graph.Initializer($"{prefix}.in_proj_bias", _state[$"{prefix}.in_proj_bias"].Data, 3 * inner);
            var projected = Graph.Node("MatMul", [x, inWeightT], [$"{prefix}.qkv_product"])[0];
            var qkv = Graph.Node("Add", [projected, inBias], [$"{prefix}.qkv"])[0];                            // [T, B, 3E]
            var parts = Graph.Node("Split", [qkv], [$"{prefix}.q", $"{prefix}.k", $"{prefix}.v"], OnnxAttribute.Int("axis", 2));
            var splitHeads = Int64Constant($"const.split_heads_{heads}_{d}", 0L, 0L, heads, d);               // [T, B, heads, d]
            string Heads(string part, params long[] perm) =>
                Graph.Node("Transpose", [Graph.Node("Reshape", [part, splitHeads], [$"{part}.heads"])[0]], [$"{part}.by_head"], OnnxAttribute.Ints("perm", perm))[0];
            var q = Heads(parts[0], 1, 2, 0, 3);                                                               // [B, heads, T, d]
            var kT = Heads(parts[1], 1, 2, 3, 0);                                                              // [B, heads, d, T]
            var v = Heads(parts[2], 1, 2, 0, 3);                                                               // [B, heads, T, d]
            var scale = Graph.Initializer($"{prefix}.scale", [1f / MathF.Sqrt(d)]);                           // scalar, as the engine scales
            var scores = Graph.Node("Mul", [Graph.Node("MatMul", [q, kT], [$"{prefix}.dot"])[0], scale], [$"{prefix}.scores"])[0];
            var weights = Graph.Node("Softmax", [scores], [$"{prefix}.weights"], OnnxAttribute.Int("axis", -1))[0];  // [B, heads, T, T]
            var perHead = Graph.Node("MatMul", [weights, v], [$"{prefix}.per_head"])[0];                       // [B, heads, T, d]
            var timeMajor = Graph.Node("Transpose", [perHead], [$"{prefix}.per_head.time_major"], OnnxAttribute.Ints("perm", 2, 0, 1, 3));
            var merged = Graph.Node("Reshape", [timeMajor[0], Int64Constant("const.merge_last_two", 0L, 0L, -1L)], [$"{prefix}.merged"])[0];  // [T, B, I]
            return SequenceLinear($"{prefix}.out_proj", merged);
        }

        /// <summary>nn.LayerNorm over the last axis of x [..., D] (LayerNormalization, epsilon 1e-5 as every model here keeps).</summary>
        public string LayerNorm(string prefix, string x)
        {
            var weight = _state[$"{prefix}.weight"];
            var bias = _state[$"{prefix}.bias"];
            return Graph.Node("LayerNormalization",
                [x, Graph.Initializer($"{prefix}.weight", weight.Data, weight.Dim(0)), Graph.Initializer($"{prefix}.bias", bias.Data, bias.Dim(0))],
                [$"{prefix}.output"], OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f))[0];
        }

        /// <summary>The first T rows of the engine's own encoding table [maxLength, 1, D] for x [T, B, F]: [T, 1, D], which
        /// broadcasts over the batch.</summary>
        public string PositionalEncoding(string x, PositionalEncoding<float> encoding)
        {
            // The table is what the module adds to zeros: the engine's exact float32 values, not a second formula.
            var table = encoding.Forward(new Tensor<float>(1, encoding.MaxLength, encoding.Dim)).Data;
            var pe = Graph.Initializer("position.table", table, encoding.MaxLength, 1, encoding.Dim);
            var length = Graph.Node("Shape", [x], ["position.length"], OnnxAttribute.Int("start", 0), OnnxAttribute.Int("end", 1))[0];   // [1]: T
            var zero = Int64Constant("const.zero", 0L);
            return Graph.Node("Slice", [pe, zero, length, zero], ["position.encoding"])[0];
        }

        /// <summary>CNN-LSTM front: [B, T, F] -> relu(conv1) -> maxpool(2) -> relu(conv2) -> [T/2, B, C2].</summary>
        public string ConvolutionFront(string prefix, string input)
        {
            var z = Activation(Conv($"{prefix}.conv1", ChannelsFirst(input)), "Relu");
            z = Activation(Conv($"{prefix}.conv2", MaxPool(z, $"{prefix}.pool")), "Relu");
            return ChannelsFirstToTimeMajor(z);
        }

        /// <summary>One convolution: [B, T, F] -> relu(conv) -> [T, B, C].</summary>
        public string SingleConvolutionFront(string prefix, string input) =>
            ChannelsFirstToTimeMajor(Activation(Conv(prefix, ChannelsFirst(input)), "Relu"));

        /// <summary>Additive (Bahdanau) attention over x [T, B, C]: score_t = v·tanh(W h_t + b), weights = softmax over
        /// time, context = Σ_t weight_t h_t -> [B, C].</summary>
        public string AdditiveAttention(string prefix, string x)
        {
            var w = _state[$"{prefix}.W.weight"];                                                 // [U, C]
            var v = _state[$"{prefix}.v.weight"];                                                 // [1, U]
            var wT = Graph.Initializer($"{prefix}.W.weight_t", Transposed(w), w.Dim(1), w.Dim(0)); // [C, U]
            var vT = Graph.Initializer($"{prefix}.v.weight_t", v.Data, v.Dim(1), 1);             // [U, 1]
            var bias = Graph.Initializer($"{prefix}.W.bias", _state[$"{prefix}.W.bias"].Data, w.Dim(0));
            var projected = Graph.Node("MatMul", [x, wT], [$"{prefix}.projected"])[0];            // [T, B, U]
            var shifted = Graph.Node("Add", [projected, bias], [$"{prefix}.shifted"])[0];
            var squashed = Graph.Node("Tanh", [shifted], [$"{prefix}.tanh"])[0];
            var scores = Graph.Node("MatMul", [squashed, vT], [$"{prefix}.scores"])[0];           // [T, B, 1]
            var weights = Graph.Node("Softmax", [scores], [$"{prefix}.weights"], OnnxAttribute.Int("axis", 0))[0];
            var weighted = Graph.Node("Mul", [weights, x], [$"{prefix}.weighted"])[0];            // [T, B, C]
            var time = Graph.Int64Initializer($"{prefix}.time_axis", [0L], 1);
            return Graph.Node("ReduceSum", [weighted, time], [$"{prefix}.context"], OnnxAttribute.Int("keepdims", 0))[0];   // [B, C]
        }

        /// <summary>Multiscale front: branches relu(conv_k) -> maxpool(2), concatenated along channels -> [T/2, B, ΣC].</summary>
        public string MultiscaleFront(string input)
        {
            var x = ChannelsFirst(input);
            var branches = new List<string>();
            for (var i = 1; _state.ContainsKey($"branch{i}.weight"); i++)
                branches.Add(MaxPool(Activation(Conv($"branch{i}", x), "Relu"), $"branch{i}.pool"));
            var combined = Graph.Node("Concat", [.. branches], ["branches.concat"], OnnxAttribute.Int("axis", 1))[0];
            return ChannelsFirstToTimeMajor(combined);
        }

        /// <summary>Deep front: three blocks batchnorm(relu(conv)), max-pooled after the first two -> [T/4, B, C3].</summary>
        public string DeepFront(string input)
        {
            var z = ChannelsFirst(input);
            for (var i = 1; _state.ContainsKey($"conv{i}.weight"); i++)
            {
                z = BatchNorm($"norm{i}", Activation(Conv($"conv{i}", z), "Relu"));
                if (i < 3) z = MaxPool(z, $"pool{i}");
            }

            return ChannelsFirstToTimeMajor(z);
        }

        /// <summary>A shared int64 vector constant (shapes, axes), added to the graph once under <paramref name="name"/>.</summary>
        private string Int64Constant(string name, params long[] values)
        {
            if (_constants.Add(name)) Graph.Int64Initializer(name, values, values.Length);
            return name;
        }

        private static float[] Transposed(Tensor<float> m)
        {
            int rows = m.Dim(0), columns = m.Dim(1);
            var t = new float[m.Length];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++) t[(c * rows) + r] = m.Data[(r * columns) + c];
            }

            return t;
        }

        private string ChannelsFirst(string x) =>
            Graph.Node("Transpose", [x], ["input.channels_first"], OnnxAttribute.Ints("perm", 0, 2, 1))[0];          // [B, F, T]

        private string ChannelsFirstToTimeMajor(string x) =>
            Graph.Node("Transpose", [x], [$"{x}.time_major"], OnnxAttribute.Ints("perm", 2, 0, 1))[0];               // [T, B, C]

        /// <summary>Conv1d with padding 'same' (stride 1, dilation 1) over x [B, C_in, T] -> [B, C_out, T].</summary>
        private string Conv(string prefix, string x)
        {
            var weight = _state[$"{prefix}.weight"];                                           // [C_out, C_in, K]
            var k = weight.Dim(2);
            var left = (k - 1) / 2;
            var inputs = new List<string> { x, Graph.Initializer($"{prefix}.weight", weight.Data, weight.Dim(0), weight.Dim(1), k) };
            if (_state.TryGetValue($"{prefix}.bias", out var bias)) inputs.Add(Graph.Initializer($"{prefix}.bias", bias.Data, bias.Dim(0)));
            return Graph.Node("Conv", [.. inputs], [$"{prefix}.output"],
                OnnxAttribute.Ints("kernel_shape", k), OnnxAttribute.Ints("pads", left, k - 1 - left))[0];
        }

        /// <summary>MaxPool1d(2): kernel 2, stride 2, floor, over x [B, C, T] -> [B, C, ⌊T/2⌋].</summary>
        private string MaxPool(string x, string name) =>
            Graph.Node("MaxPool", [x], [$"{name}.output.{x}"], OnnxAttribute.Ints("kernel_shape", 2), OnnxAttribute.Ints("strides", 2))[0];

        /// <summary>BatchNorm1d in evaluation mode over x [B, C, T], with BatchNorm1d's default epsilon, 1e-5, which
        /// every model here keeps.</summary>
        private string BatchNorm(string prefix, string x)
        {
            string Statistic(string name)
            {
                var t = _state[$"{prefix}.{name}"];
                return Graph.Initializer($"{prefix}.{name}", t.Data, t.Dim(0));
            }

            return Graph.Node("BatchNormalization",
                [x, Statistic("weight"), Statistic("bias"), Statistic("running_mean"), Statistic("running_var")], [$"{prefix}.output"],
                OnnxAttribute.Float("epsilon", 1e-5f))[0];
        }

        private string Activation(string x, string? op) =>
            op is null ? x : Graph.Node(op, [x], [$"{x}.{op.ToLowerInvariant()}"])[0];

        /// <summary>ONNX W [D, 4H, C], R [D, 4H, H] and B [D, 8H] of one layer (D = 1, or 2 with its reverse direction).</summary>
        private (string W, string R, string B, int Hidden) LstmWeights(string layer, bool bidirectional)
        {
            string[] directions = bidirectional ? [layer, $"{layer}_reverse"] : [layer];
            var h = _state[$"{layer}.w_hh"].Dim(1);
            var c = _state[$"{layer}.w_ih"].Dim(1);
            var (w, r, b) = (new List<float>(), new List<float>(), new List<float>());
            foreach (var d in directions)
            {
                w.AddRange(ToOnnxGateOrder(_state[$"{d}.w_ih"].Data, h, c));               // [4H, C]
                r.AddRange(ToOnnxGateOrder(_state[$"{d}.w_hh"].Data, h, h));               // [4H, H]
                b.AddRange(ToOnnxGateOrder(_state[$"{d}.b_ih"].Data, h, 1));               // [4H]
                b.AddRange(ToOnnxGateOrder(_state[$"{d}.b_hh"].Data, h, 1));               // [4H]
            }

            var n = directions.Length;
            return (
                Graph.Initializer($"{layer}.W", w.ToArray(), n, 4 * h, c),
                Graph.Initializer($"{layer}.R", r.ToArray(), n, 4 * h, h),
                Graph.Initializer($"{layer}.B", b.ToArray(), n, 8 * h),
                h);
        }
    }
}
