using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

/// <summary>Same seed, same weights bit for bit, whatever the thread count.</summary>
[Collection("Engine threads")]
public class DeterminismTests
{
    [Fact]
    public void Same_seed_gives_bit_identical_weights_with_one_and_with_two_threads()
    {
        float[] a1 = Train(seed: 5, threads: 1), b1 = Train(seed: 5, threads: 1);
        float[] a2 = Train(seed: 5, threads: 2), b2 = Train(seed: 5, threads: 2);
        Assert.Equal(a1, b1);
        Assert.Equal(a2, b2);
        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, Train(seed: 6, threads: 2));
    }

    [Fact]
    public void Lstm_gradients_do_not_depend_on_the_thread_count_for_an_odd_batch()
    {
        float[] Run(int threads)
        {
            int saved = Engine.Threads;
            Engine.Threads = threads;
            try
            {
                var rng = new RandomSource(21);
                var lstm = new Lstm<float>(5, 32, rng, bidirectional: true);
                var x = new Tensor<float>(Enumerable.Range(0, 13 * 40 * 5).Select(_ => (float)rng.NextGaussian()).ToArray(), 13, 40, 5) { RequiresGrad = true };
                using var tape = new Tape();
                var (o, (h, c)) = lstm.Forward(x);
                tape.Backward(Ops.Add(Ops.Sum(Ops.Tanh(o)), Ops.Sum(c)));
                return o.Data.Concat(h.Data).Concat(x.Grad!).Concat(lstm.Parameters().SelectMany(p => p.Value.Grad!)).ToArray();
            }
            finally
            {
                Engine.Threads = saved;
            }
        }

        Assert.Equal(Run(1), Run(2));
    }

    // A small CNN-BiLSTM-attention model with dropout, three Adam steps on a fixed batch; returns every weight.
    private static float[] Train(ulong seed, int threads)
    {
        int saved = Engine.Threads;
        Engine.Threads = threads;
        try
        {
            var rng = new RandomSource(seed);
            var conv = new Conv1d<float>(3, 8, 3, rng, padding: Padding.Same);
            var lstm = new Lstm<float>(8, 12, rng, numLayers: 2, bidirectional: true, dropout: 0.3);
            var att = new AdditiveAttention<float>(24, 6, rng);
            var head = new Linear<float>(24, 1, rng);
            var parts = new Module<float>[] { conv, lstm, att, head };
            var parameters = parts.SelectMany(m => m.Parameters()).ToList();
            var optimizer = new Adam<float>(parameters, 1e-2);
            var data = new RandomSource(99);
            var x = new Tensor<float>(Enumerable.Range(0, 16 * 10 * 3).Select(_ => (float)data.NextGaussian()).ToArray(), 16, 10, 3);
            var y = new Tensor<float>(Enumerable.Range(0, 16).Select(_ => (float)data.NextGaussian()).ToArray(), 16, 1);
            for (int step = 0; step < 3; step++)
            {
                optimizer.ZeroGrad();
                using var tape = new Tape();
                var z = Ops.Relu(conv.Forward(Ops.Transpose(x, 1, 2)));
                var (o, _) = lstm.Forward(Ops.Transpose(z, 1, 2));
                var loss = Losses.Mse(head.Forward(att.Forward(o).Context), y);
                tape.Backward(loss);
                GradientClipping.ClipByGlobalNorm(parameters, 1.0);
                optimizer.Step();
            }

            return parameters.SelectMany(p => p.Value.Data).ToArray();
        }
        finally
        {
            Engine.Threads = saved;
        }
    }
}
