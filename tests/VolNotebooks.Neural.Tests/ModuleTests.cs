using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

public class ModuleTests
{
    [Fact]
    public void Parameters_have_hierarchical_pytorch_style_names_and_counts()
    {
        var rng = new RandomSource(1);
        var net = new Sequential<float>(new Linear<float>(5, 4, rng), new Activation<float>(ActivationKind.Relu), new Linear<float>(4, 1, rng));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], net.Parameters().Select(p => p.Name));
        Assert.Equal(5 * 4 + 4 + 4 + 1, net.ParameterCount);

        var lstm = new Lstm<float>(5, 64, rng, numLayers: 2, bidirectional: true);
        Assert.Equal(
            ["l0.w_ih", "l0.w_hh", "l0.b_ih", "l0.b_hh", "l0_reverse.w_ih", "l0_reverse.w_hh", "l0_reverse.b_ih", "l0_reverse.b_hh",
             "l1.w_ih", "l1.w_hh", "l1.b_ih", "l1.b_hh", "l1_reverse.w_ih", "l1_reverse.w_hh", "l1_reverse.b_ih", "l1_reverse.b_hh"],
            lstm.Parameters().Select(p => p.Name));

        // PyTorch's sum(p.numel()) for nn.LSTM(5, 64, num_layers=2, bidirectional=True): two biases per layer and direction.
        Assert.Equal(2 * (4 * 64 * (5 + 64) + 2 * 4 * 64) + 2 * (4 * 64 * (128 + 64) + 2 * 4 * 64), lstm.ParameterCount);
    }

    [Fact]
    public void Default_initialization_follows_pytorch_bounds_and_is_seeded()
    {
        var a = new Lstm<float>(3, 16, new RandomSource(7));
        var b = new Lstm<float>(3, 16, new RandomSource(7));
        Assert.Equal(a.Parameters().SelectMany(p => p.Value.Data), b.Parameters().SelectMany(p => p.Value.Data));
        Assert.All(a.Parameters().SelectMany(p => p.Value.Data), v => Assert.InRange(v, -0.25f, 0.25f));
        var linear = new Linear<double>(100, 3, new RandomSource(7));
        Assert.All(linear.Weight.Data, v => Assert.InRange(v, -0.1, 0.1));
        Assert.True(linear.Weight.Data.Max() > 0.09 && linear.Weight.Data.Min() < -0.09);
    }

    [Fact]
    public void Eval_mode_disables_dropout_and_training_mode_scales_the_kept_units()
    {
        var rng = new RandomSource(3);
        var net = new Sequential<float>(new Dropout<float>(0.5, rng));
        var x = Tensor<float>.Full(1f, 1000);
        var train = net.Forward(x);
        Assert.All(train.Data, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(train.Data.Count(v => v == 0f), 400, 600);
        net.Eval();
        Assert.False(net.IsTraining);
        Assert.Same(x, net.Forward(x));
    }

    [Fact]
    public void Inference_without_a_tape_records_nothing_and_allocates_no_gradients()
    {
        var rng = new RandomSource(4);
        var lstm = new Lstm<float>(3, 5, rng);
        var x = new Tensor<float>(2, 4, 3) { RequiresGrad = true };
        var (o, _) = lstm.Forward(x);
        Assert.False(o.RequiresGrad);
        Assert.False(Tape.IsRecording);
        using var tape = new Tape();
        var (o2, _) = lstm.Forward(x);
        Assert.True(o2.RequiresGrad);
        Assert.True(tape.Count > 0);
        Assert.All(lstm.Parameters(), p => Assert.Null(p.Value.Grad));
    }

    [Fact]
    public void A_bias_of_the_wrong_length_is_refused_by_name()
    {
        var x = new Tensor<float>(4, 3);
        var weight = new Tensor<float>(2, 3);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Ops.Linear(x, weight, new Tensor<float>(3))).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Ops.Linear(x, weight, new Tensor<float>(1))).ParamName);
        var conv = new Tensor<float>(2, 3, 3);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Ops.Conv1d(new Tensor<float>(1, 3, 8), conv, new Tensor<float>(5))).ParamName);
    }

    [Fact]
    public void Gradients_accumulate_until_zeroed()
    {
        var rng = new RandomSource(5);
        var linear = new Linear<double>(3, 2, rng);
        var x = new Tensor<double>([1, 2, 3], 1, 3);
        for (int k = 0; k < 2; k++)
        {
            using var tape = new Tape();
            tape.Backward(Ops.Sum(linear.Forward(x)));
        }

        Assert.Equal([2, 4, 6, 2, 4, 6], linear.Weight.Grad!);
        linear.ZeroGrad();
        Assert.All(linear.Weight.Grad!, g => Assert.Equal(0, g));
    }

    [Fact]
    public void BatchNorm_in_eval_mode_normalises_with_the_running_statistics()
    {
        var bn = new BatchNorm1d<double>(2);
        var x = new Tensor<double>([1, 10, 3, 20, 5, 60], 3, 2);
        bn.Forward(x);
        Assert.Equal(0.1 * 3, bn.RunningMean.Data[0], 12);
        Assert.Equal(0.9 + 0.1 * 4.0, bn.RunningVar.Data[0], 12);
        bn.Eval();
        var y = bn.Forward(x);
        double expected = (1 - 0.3) / Math.Sqrt(1.3 + 1e-5);
        Assert.Equal(expected, y.Data[0], 12);
        Assert.Equal(0.3, bn.RunningMean.Data[0], 12);
    }
}

public sealed class MultiheadAttentionHeadWidthTests
{
    [Fact]
    public void Heads_of_a_given_width_attend_as_a_plain_loop_computes_keras_multi_head_attention()
    {
        // Keras' MultiHeadAttention(num_heads=6, key_dim=64 // 6 = 10) over 64 features: the reference below projects each
        // head by its own rows of the stacked weights, attends per head with scale 1/sqrt(10), concatenates the 60 head
        // features and maps them back to 64 - written out with loops over doubles, independent of the layer's tensor ops.
        const int e = 64, heads = 6, d = 10, b = 2, t = 5;
        var rng = new RandomSource(4);
        var layer = new MultiheadAttention<double>(e, heads, rng, headDim: d);
        Assert.Equal([3 * heads * d, e], layer.InProjWeight.Shape.ToArray());
        Assert.Equal([e, heads * d], layer.OutProj.Weight.Shape.ToArray());
        foreach (var bias in new[] { layer.InProjBias, layer.OutProj.Bias! })
        {
            for (int i = 0; i < bias.Length; i++) bias.Data[i] = 0.01 * ((i % 7) - 3);
        }

        var x = new Tensor<double>(b, t, e);
        for (int i = 0; i < x.Length; i++) x.Data[i] = Math.Sin(0.37 * i);
        var (output, weights) = layer.Forward(x);

        double[] W = layer.InProjWeight.Data, bIn = layer.InProjBias.Data, Wo = layer.OutProj.Weight.Data, bo = layer.OutProj.Bias!.Data;
        int inner = heads * d;
        double Proj(int part, int bi, int ti, int j) // row part*inner + j of the stacked projection applied to x[bi, ti]
        {
            double sum = bIn[(part * inner) + j];
            for (int k = 0; k < e; k++) sum += W[(((part * inner) + j) * e) + k] * x.Data[(((bi * t) + ti) * e) + k];
            return sum;
        }

        for (int bi = 0; bi < b; bi++)
        {
            var merged = new double[t, inner];
            var meanWeights = new double[t, t];
            for (int h = 0; h < heads; h++)
            {
                for (int i = 0; i < t; i++)
                {
                    var scores = new double[t];
                    for (int j = 0; j < t; j++)
                    {
                        for (int c = 0; c < d; c++) scores[j] += Proj(0, bi, i, (h * d) + c) * Proj(1, bi, j, (h * d) + c);
                        scores[j] /= Math.Sqrt(d);
                    }

                    double max = scores.Max(), total = scores.Sum(s => Math.Exp(s - max));
                    for (int j = 0; j < t; j++)
                    {
                        double p = Math.Exp(scores[j] - max) / total;
                        meanWeights[i, j] += p / heads;
                        for (int c = 0; c < d; c++) merged[i, (h * d) + c] += p * Proj(2, bi, j, (h * d) + c);
                    }
                }
            }

            for (int i = 0; i < t; i++)
            {
                for (int o = 0; o < e; o++)
                {
                    double expected = bo[o];
                    for (int c = 0; c < inner; c++) expected += Wo[(o * inner) + c] * merged[i, c];
                    Assert.Equal(expected, output.Data[(((bi * t) + i) * e) + o], 1e-12);
                }

                for (int j = 0; j < t; j++) Assert.Equal(meanWeights[i, j], weights.Data[(((bi * t) + i) * t) + j], 1e-12);
            }
        }
    }
}
