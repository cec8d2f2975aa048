using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

/// <summary>Finite-difference gradient checks in double for every layer and loss, including those without golden vectors.</summary>
public class GradientCheckTests
{
    private static IEnumerable<Tensor<double>> Params(Module<double> m) => m.Parameters().Select(p => p.Value);

    [Fact]
    public void Gru_gradients_match_finite_differences()
    {
        var rng = new RandomSource(1);
        var gru = new Gru<double>(3, 4, rng, numLayers: 2, bidirectional: true);
        var x = GradientCheck.Random(rng, 2, 3, 3);
        var h0 = GradientCheck.Random(rng, 4, 2, 4);
        GradientCheck.Check(
            () =>
            {
                var (o, hn) = gru.Forward(x, h0);
                return Ops.Add(GradientCheck.Project(o, 1), GradientCheck.Project(hn, 2));
            },
            Params(gru).Append(x).Append(h0));
    }

    [Fact]
    public void Lstm_with_initial_state_gradients_match_finite_differences()
    {
        var rng = new RandomSource(2);
        var lstm = new Lstm<double>(3, 4, rng, numLayers: 2, bidirectional: true);
        var x = GradientCheck.Random(rng, 2, 3, 3);
        var h0 = GradientCheck.Random(rng, 4, 2, 4);
        var c0 = GradientCheck.Random(rng, 4, 2, 4);
        GradientCheck.Check(
            () =>
            {
                var (o, (hn, cn)) = lstm.Forward(x, (h0, c0));
                return Ops.Add(Ops.Add(GradientCheck.Project(o, 1), GradientCheck.Project(hn, 2)), GradientCheck.Project(cn, 3));
            },
            new[] { x, h0, c0 }.Concat(Params(lstm)));
    }

    [Theory]
    [InlineData(1, Padding.Valid, 1)]
    [InlineData(2, Padding.Valid, 2)]
    [InlineData(1, Padding.Same, 2)]
    [InlineData(1, Padding.Same, 3)]
    public void Conv1d_gradients_match_finite_differences(int stride, Padding padding, int dilation)
    {
        var rng = new RandomSource(3);
        var conv = new Conv1d<double>(3, 4, 3, rng, stride, padding, dilation);
        var x = GradientCheck.Random(rng, 2, 3, 11);
        var y = conv.Forward(x);
        if (padding == Padding.Same)
        {
            Assert.Equal(11, y.Dim(2));
        }

        GradientCheck.Check(() => GradientCheck.Project(conv.Forward(x), 4), Params(conv).Append(x));
    }

    [Fact]
    public void Pooling_gradients_match_finite_differences()
    {
        var rng = new RandomSource(4);
        var x = GradientCheck.Random(rng, 2, 3, 9);
        GradientCheck.Check(() => GradientCheck.Project(new MaxPool1d<double>(3, 2).Forward(x), 5), [x]);
        GradientCheck.Check(() => GradientCheck.Project(new AvgPool1d<double>(2).Forward(x), 6), [x]);
        GradientCheck.Check(() => GradientCheck.Project(new GlobalPool1d<double>(max: true).Forward(x), 7), [x]);
        GradientCheck.Check(() => GradientCheck.Project(new GlobalPool1d<double>(max: false).Forward(x), 8), [x]);
    }

    [Fact]
    public void Dropout_with_a_fixed_mask_and_noise_pass_gradients_through()
    {
        var rng = new RandomSource(5);
        var x = GradientCheck.Random(rng, 3, 4);
        var mask = Enumerable.Range(0, 12).Select(i => i % 3 == 0 ? 0.0 : 1.25).ToArray();
        var noise = Enumerable.Range(0, 12).Select(i => 0.1 * i).ToArray();
        GradientCheck.Check(() => GradientCheck.Project(Ops.AddConstant(Ops.MultiplyConstant(x, mask), noise), 9), [x]);
    }

    [Fact]
    public void Transformer_encoder_layer_gradients_match_finite_differences()
    {
        var rng = new RandomSource(6);
        foreach (bool normFirst in new[] { false, true })
        {
            var layer = new TransformerEncoderLayer<double>(4, 2, rng, dimFeedforward: 6, dropout: 0.0, normFirst: normFirst);
            var pe = new PositionalEncoding<double>(4, 16);
            var x = GradientCheck.Random(rng, 2, 3, 4);
            GradientCheck.Check(() => GradientCheck.Project(layer.Forward(pe.Forward(x)), 10), Params(layer).Append(x));
        }
    }

    [Fact]
    public void Normalization_layers_gradients_match_finite_differences()
    {
        var rng = new RandomSource(7);
        var ln = new LayerNorm<double>(5);
        Init.Uniform(ln.Weight, 1.0, rng);
        Init.Uniform(ln.Bias, 1.0, rng);
        var x = GradientCheck.Random(rng, 2, 3, 5);
        GradientCheck.Check(() => GradientCheck.Project(ln.Forward(x), 11), Params(ln).Append(x));

        var bn = new BatchNorm1d<double>(3);
        Init.Uniform(bn.Weight, 1.0, rng);
        var xb = GradientCheck.Random(rng, 4, 3, 2);
        GradientCheck.Check(() => GradientCheck.Project(bn.Forward(xb), 12), Params(bn).Append(xb));
        bn.Eval();
        GradientCheck.Check(() => GradientCheck.Project(bn.Forward(xb), 13), Params(bn).Append(xb));
    }

    [Fact]
    public void Activations_gradients_match_finite_differences()
    {
        var rng = new RandomSource(8);
        var x = GradientCheck.Random(rng, 4, 5);
        foreach (ActivationKind kind in Enum.GetValues<ActivationKind>())
        {
            var act = new Activation<double>(kind);
            GradientCheck.Check(() => GradientCheck.Project(act.Forward(x), 14), [x]);
        }

        GradientCheck.Check(() => GradientCheck.Project(Ops.Softmax(x), 15), [x]);
    }

    [Fact]
    public void Attention_and_shape_operations_gradients_match_finite_differences()
    {
        var rng = new RandomSource(9);
        var mha = new MultiheadAttention<double>(4, 2, rng);
        var q = GradientCheck.Random(rng, 2, 3, 4);
        var kv = GradientCheck.Random(rng, 2, 5, 4);
        GradientCheck.Check(
            () =>
            {
                var (o, w) = mha.Forward(q, kv, kv);
                return Ops.Add(GradientCheck.Project(o, 16), GradientCheck.Project(w, 17));
            },
            Params(mha).Append(q).Append(kv));

        // Keras-style heads that do not divide the width: 3 heads of 1 feature each over E = 4.
        var narrow = new MultiheadAttention<double>(4, 3, rng, headDim: 1);
        GradientCheck.Check(
            () =>
            {
                var (o, w) = narrow.Forward(q, kv, kv);
                return Ops.Add(GradientCheck.Project(o, 20), GradientCheck.Project(w, 21));
            },
            Params(narrow).Append(q).Append(kv));

        var a = GradientCheck.Random(rng, 2, 3, 4);
        var b = GradientCheck.Random(rng, 2, 3, 2);
        GradientCheck.Check(
            () => GradientCheck.Project(Ops.LastStep(Ops.Concat(-1, a, Ops.Slice(b, 2, 1, 1), Ops.Permute(Ops.Transpose(a, 0, 1), 1, 0, 2))), 18),
            [a, b]);
        var residual = new Residual<double>(new Sequential<double>(new Linear<double>(4, 4, rng), new Activation<double>(ActivationKind.Tanh)));
        GradientCheck.Check(() => GradientCheck.Project(residual.Forward(a), 19), Params(residual).Append(a));
    }

    [Fact]
    public void Losses_gradients_match_finite_differences()
    {
        var rng = new RandomSource(10);
        var p = GradientCheck.Random(rng, 6, 1);
        var y = GradientCheck.Random(rng, 6, 1);
        y.RequiresGrad = false;
        var v = GradientCheck.Random(rng, 6, 1);
        for (int i = 0; i < v.Length; i++)
        {
            v.Data[i] = 0.5 + Math.Abs(v.Data[i]);
        }

        var vy = new Tensor<double>(v.Data.Select(d => d * 1.3 + 0.1).ToArray(), 6, 1);
        GradientCheck.Check(() => Losses.Mse(p, y), [p]);
        GradientCheck.Check(() => Losses.Mae(p, y), [p]);
        GradientCheck.Check(() => Losses.Huber(p, y, 0.7), [p]);
        GradientCheck.Check(() => Losses.Pinball(p, y, 0.05), [p]);
        GradientCheck.Check(() => Losses.Qlike(v, vy), [v]);
        GradientCheck.Check(() => Losses.GaussianNll(p, v, y), [p, v]);
        GradientCheck.Check(() => Losses.WeightedSum((0.7, Losses.Mse(p, y)), (0.3, Losses.Pinball(p, y, 0.01))), [p]);
    }
}
