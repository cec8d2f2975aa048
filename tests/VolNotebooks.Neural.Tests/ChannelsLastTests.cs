using System.Runtime.InteropServices;
using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

/// <summary>The channels-last convolution, pooling and batch normalization against the channels-first layers between two
/// transposes (the layout the models used before): the same output bits and the same gradient bits, so switching a model
/// to them changes no trained weight.</summary>
public class ChannelsLastTests
{
    public static TheoryData<int, int, int, int, int, int, Padding, int> Convolutions => new()
    {
        // B, L, C_in, C_out, K, stride, padding, dilation
        { 2, 11, 3, 4, 3, 1, Padding.Same, 1 },
        { 3, 12, 5, 2, 3, 2, Padding.Valid, 1 },
        { 2, 17, 4, 6, 5, 1, Padding.Same, 2 },
        { 1, 9, 2, 3, 2, 1, Padding.Valid, 3 },
        { 2, 10, 3, 5, 4, 1, Padding.Same, 1 },     // an even kernel: one zero on the left, two on the right
        { 32, 30, 8, 64, 3, 1, Padding.Same, 1 },   // cnn_lstm_basic's first layer: split over threads, packed GEMM panels
        { 32, 15, 64, 32, 3, 1, Padding.Same, 1 },  // and its second
    };

    [Theory]
    [MemberData(nameof(Convolutions))]
    public void Convolution_matches_the_channels_first_layer_between_transposes_bit_for_bit(
        int b, int len, int cin, int cout, int k, int stride, Padding padding, int dilation)
    {
        var rng = new RandomSource(11);
        var conv = new Conv1d<float>(cin, cout, k, rng, stride, padding, dilation);
        var x = Random(rng, b, len, cin);
        AssertSameBits(
            () => Ops.Transpose(conv.Forward(Ops.Transpose(x, 1, 2)), 1, 2),
            () => conv.ForwardChannelsLast(x),
            [x, conv.Weight, conv.Bias!]);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(3, 1)]
    [InlineData(2, 3)]
    public void Max_pooling_matches_the_channels_first_layer_between_transposes_bit_for_bit(int kernel, int stride)
    {
        var rng = new RandomSource(12);
        var x = Random(rng, 3, 13, 21);
        // Ties (values rounded to halves) and overlapping windows: the first maximum wins, shared inputs sum in one order;
        // 21 channels run whole vectors and a scalar tail.
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = MathF.Round(x.Data[i] * 2) / 2;
        }

        var pool = new MaxPool1d<float>(kernel, stride);
        AssertSameBits(() => Ops.Transpose(pool.Forward(Ops.Transpose(x, 1, 2)), 1, 2), () => pool.ForwardChannelsLast(x), [x]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batch_normalization_matches_the_channels_first_layer_between_transposes_bit_for_bit(bool training)
    {
        var rng = new RandomSource(13);
        var first = new BatchNorm1d<float>(6);
        var last = new BatchNorm1d<float>(6);
        foreach (var norm in new[] { first, last })
        {
            Init.Uniform(norm.Weight, 1.0, new RandomSource(14));
            Init.Uniform(norm.Bias, 1.0, new RandomSource(15));
            if (!training)
            {
                norm.RunningMean.Data.AsSpan().Fill(0.25f);
                norm.RunningVar.Data.AsSpan().Fill(2.5f);
                norm.Eval();
            }
        }

        var x = Random(rng, 4, 9, 6);
        AssertSameBits(
            () => Ops.Transpose(first.Forward(Ops.Transpose(x, 1, 2)), 1, 2),
            () => last.ForwardChannelsLast(x),
            [x]);
        AssertBits(first.RunningMean.Data, last.RunningMean.Data);
        AssertBits(first.RunningVar.Data, last.RunningVar.Data);
        AssertBits(first.Weight.Grad!, last.Weight.Grad!);   // the affine gradients' per-channel sums, strided channels last
        AssertBits(first.Bias.Grad!, last.Bias.Grad!);
    }

    [Fact]
    public void A_convolution_without_bias_matches_too()
    {
        var rng = new RandomSource(17);
        var conv = new Conv1d<float>(4, 6, 3, rng, padding: Padding.Same, bias: false);
        var x = Random(rng, 3, 12, 4);
        AssertSameBits(() => Ops.Transpose(conv.Forward(Ops.Transpose(x, 1, 2)), 1, 2), () => conv.ForwardChannelsLast(x), [x, conv.Weight]);
    }

    [Fact]
    public void A_channels_first_input_to_the_channels_last_layers_is_refused_with_its_shape()
    {
        var rng = new RandomSource(16);
        var conv = new Conv1d<float>(3, 4, 3, rng);
        var error = Assert.Throws<ArgumentException>(() => conv.ForwardChannelsLast(new Tensor<float>(2, 3, 10)));
        Assert.Contains("[B, L, C_in]", error.Message);
        Assert.Contains("[2, 3, 10]", error.Message);
        Assert.Throws<ArgumentException>(() => new MaxPool1d<float>(4).ForwardChannelsLast(new Tensor<float>(2, 3, 10)));
    }

    // Runs both forms once each with the same output gradient (a fixed random projection) and compares the outputs and
    // every tensor's gradient bit for bit.
    private static void AssertSameBits(Func<Tensor<float>> reference, Func<Tensor<float>> channelsLast, Tensor<float>[] tensors)
    {
        (float[] Output, float[][] Grads) Run(Func<Tensor<float>> forward)
        {
            foreach (var t in tensors)
            {
                t.Grad = null;
            }

            using var tape = new Tape();
            var y = forward();
            tape.Backward(Ops.DotConstant(y, Random(new RandomSource(99), y.Length).Data));
            return ((float[])y.Data.Clone(), tensors.Select(t => (float[])t.Grad!.Clone()).ToArray());
        }

        var expected = Run(reference);
        var actual = Run(channelsLast);
        AssertBits(expected.Output, actual.Output);
        for (int i = 0; i < tensors.Length; i++)
        {
            AssertBits(expected.Grads[i], actual.Grads[i]);
        }
    }

    private static void AssertBits(float[] expected, float[] actual) =>
        Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())));

    private static Tensor<float> Random(RandomSource rng, params int[] shape)
    {
        var t = new Tensor<float>(shape);
        for (int i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)rng.NextGaussian();
        }

        t.RequiresGrad = true;
        return t;
    }
}
