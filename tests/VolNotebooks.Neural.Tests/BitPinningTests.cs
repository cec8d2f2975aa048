using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace VolNotebooks.Neural.Tests;

/// <summary>
/// Pins the exact bits of short trainings of the five benchmark networks (the research models' shapes), so that a
/// speed-up of the engine that changes any forward value, gradient or optimizer step - and with it the committed results
/// of the notebooks - is caught.
/// </summary>
/// <remarks>
/// Expected hashes come from the engine as of commit ce6730b (before the fused small-network paths) on an AVX2 machine,
/// with 1 and 2 threads alike. Each case builds the network from Neural modules in the order the library's model class
/// builds it, trains three Adam steps (lr 1e-3) on one fixed batch of the benchmark's shape, then runs one eval-mode
/// forward without a tape; the hash covers every step's loss, every weight after the steps, and the eval outputs.
/// The attention networks' hashes changed once, deliberately: their attention backward summed a dot product with
/// TensorPrimitives.Dot, whose lane grouping follows the vector width (an AVX-512 machine would have given other bits
/// than an AVX2 one); it now adds left to right on every machine, and their hashes are those of that fixed order.
/// </remarks>
[Collection("Engine threads")]
public class BitPinningTests
{
    [Theory]
    [InlineData("lstm_ablation", 1, "61C87922F70B0B7D")]
    [InlineData("lstm_ablation", 2, "61C87922F70B0B7D")]
    [InlineData("lstm_vol", 1, "83568604E14F0898")]
    [InlineData("lstm_vol", 2, "83568604E14F0898")]
    [InlineData("cnn_bilstm_attn", 1, "394B66FC759560DC")]
    [InlineData("cnn_bilstm_attn", 2, "394B66FC759560DC")]
    [InlineData("cnn_lstm_basic", 1, "D58F684E2682338E")]
    [InlineData("cnn_lstm_basic", 2, "D58F684E2682338E")]
    [InlineData("lstm_attn_dual", 1, "E719CC6B7EB13644")]
    [InlineData("lstm_attn_dual", 2, "E719CC6B7EB13644")]
    public void Short_training_of_a_benchmark_network_keeps_its_exact_bits(string config, int threads, string expected)
    {
        int saved = Engine.Threads;
        Engine.Threads = threads;
        try
        {
            Assert.Equal(expected, Run(config));
        }
        finally
        {
            Engine.Threads = saved;
        }
    }

    private static string Run(string config)
    {
        var net = Build(config, new RandomSource(7));
        var data = new RandomSource(11);
        var x = new Tensor<float>(Gaussian(net.Batch * net.Steps * net.Features, data), net.Batch, net.Steps, net.Features);
        var y = new Tensor<float>(Gaussian(net.Batch * net.Targets, data), net.Batch, net.Targets);
        var parameters = net.Parts.SelectMany(m => m.Parameters()).ToList();
        var optimizer = new Adam<float>(parameters, 1e-3);
        var bits = new List<float>();
        foreach (var m in net.Parts)
        {
            m.Train();
        }

        for (int step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            using var tape = new Tape();
            var output = net.Forward(x);
            var loss = net.Targets == 1
                ? Losses.Mse(output, y)
                : Losses.WeightedSum(
                    (0.7, Losses.Mse(Ops.Slice(output, 1, 0, 1), Ops.Slice(y, 1, 0, 1))),
                    (0.3, Losses.Pinball(Ops.Slice(output, 1, 1, 1), Ops.Slice(y, 1, 1, 1), 0.01)));
            tape.Backward(loss);
            optimizer.Step();
            bits.Add(loss.ToScalar());
        }

        foreach (var p in parameters)
        {
            bits.AddRange(p.Value.Data);
        }

        foreach (var m in net.Parts)
        {
            m.Eval();
        }

        bits.AddRange(net.Forward(x).Data);
        return Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(bits))))[..16];
    }

    private sealed record Net(int Batch, int Steps, int Features, int Targets, Module<float>[] Parts, Func<Tensor<float>, Tensor<float>> Forward);

    // The benchmark's five configurations (benchmarks/ENGINE.md), built like the library's model classes.
    private static Net Build(string config, RandomSource rng)
    {
        switch (config)
        {
            case "lstm_ablation":
            {
                var lstm = new Lstm<float>(5, 64, rng, 2, dropout: 0.2);
                var hidden = new Linear<float>(64, 32, rng);
                var output = new Linear<float>(32, 1, rng);
                return new Net(64, 20, 5, 1, [lstm, hidden, output],
                    x => output.Forward(Ops.Relu(hidden.Forward(Ops.LastStep(lstm.Forward(x).Output)))));
            }

            case "lstm_vol":
            {
                var lstm = new Lstm<float>(4, 64, rng, 2, dropout: 0.2);
                var head = new Linear<float>(64, 1, rng);
                return new Net(64, 60, 4, 1, [lstm, head], x => Ops.Softplus(head.Forward(Ops.LastStep(lstm.Forward(x).Output))));
            }

            case "cnn_bilstm_attn":
            {
                var conv = new Conv1d<float>(4, 64, 3, rng, padding: Padding.Same);
                var lstm = new Lstm<float>(64, 64, rng, bidirectional: true);
                var attention = new AdditiveAttention<float>(128, 64, rng);
                var head = new Linear<float>(128, 1, rng);
                return new Net(64, 60, 4, 1, [conv, lstm, attention, head], x =>
                {
                    // Channels last, as the library's model (the pinned hash was taken channels first between transposes).
                    var (o, _) = lstm.Forward(Ops.Relu(conv.ForwardChannelsLast(x)));
                    return head.Forward(attention.Forward(o).Context);
                });
            }

            case "cnn_lstm_basic":
            {
                var conv1 = new Conv1d<float>(8, 64, 3, rng, padding: Padding.Same);
                var pool = new MaxPool1d<float>(2);
                var conv2 = new Conv1d<float>(64, 32, 3, rng, padding: Padding.Same);
                var lstm1 = new Lstm<float>(32, 64, rng);
                var drop1 = new Dropout<float>(0.2, rng);
                var lstm2 = new Lstm<float>(64, 32, rng);
                var drop2 = new Dropout<float>(0.2, rng);
                var dense = new Linear<float>(32, 16, rng);
                var output = new Linear<float>(16, 1, rng);
                return new Net(32, 30, 8, 1, [conv1, pool, conv2, lstm1, drop1, lstm2, drop2, dense, output], x =>
                {
                    var front = Ops.Relu(conv2.ForwardChannelsLast(pool.ForwardChannelsLast(Ops.Relu(conv1.ForwardChannelsLast(x)))));
                    var (o1, _) = lstm1.Forward(front);
                    var (o2, _) = lstm2.Forward(drop1.Forward(o1));
                    return output.Forward(Ops.Relu(dense.Forward(drop2.Forward(Ops.LastStep(o2)))));
                });
            }

            default:
            {
                var lstm1 = new Lstm<float>(15, 128, rng);
                var lstm2 = new Lstm<float>(128, 64, rng);
                var attention = new AdditiveAttention<float>(64, 64, rng);
                var vol = new Linear<float>(64, 1, rng);
                var valueAtRisk = new Linear<float>(64, 1, rng);
                return new Net(64, 30, 15, 2, [lstm1, lstm2, attention, vol, valueAtRisk], x =>
                {
                    var (h1, _) = lstm1.Forward(x);
                    var (h2, _) = lstm2.Forward(h1);
                    var context = attention.Forward(h2).Context;
                    return Ops.Concat(1, Ops.Softplus(vol.Forward(context)), valueAtRisk.Forward(context));
                });
            }
        }
    }

    private static float[] Gaussian(int length, RandomSource rng)
    {
        var data = new float[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)rng.NextGaussian();
        }

        return data;
    }
}
