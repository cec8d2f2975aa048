namespace VolNotebooks.Neural.Tests;

/// <summary>The engine's fast paths against plain per-element references, bit for bit.</summary>
[Collection("Engine threads")]
public class FastPathTests
{
    [Theory]
    [InlineData(64, 20, 5, 64, false, false, false, 1)]
    [InlineData(13, 7, 3, 12, true, true, true, 2)]
    [InlineData(32, 15, 32, 64, false, true, false, 2)]
    [InlineData(5, 9, 4, 10, true, false, true, 1)]
    public void Lstm_layer_without_a_tape_gives_the_recorded_forward_bit_for_bit(
        int b, int steps, int f, int h, bool reverse, bool initialState, bool masked, int threads)
    {
        int saved = Engine.Threads;
        Engine.Threads = threads;
        try
        {
            var rng = new RandomSource((ulong)(b * 100 + h));
            Tensor<float> Random(params int[] shape)
            {
                var t = new Tensor<float>(shape);
                for (int i = 0; i < t.Length; i++)
                {
                    t.Data[i] = (float)rng.NextGaussian() * 0.5f;
                }

                return t;
            }

            var x = Random(b, steps, f);
            var wIh = Random(4 * h, f);
            var wHh = Random(4 * h, h);
            var bIh = Random(4 * h);
            var bHh = Random(4 * h);
            var h0 = initialState ? Random(b, h) : null;
            var c0 = initialState ? Random(b, h) : null;
            Tensor<float>? mask = null;
            if (masked)
            {
                mask = new Tensor<float>(b, h);
                rng.FillDropoutMask<float>(mask.Data, 0.3, 1f / 0.7f);
            }

            // Without a tape: the inference path.
            var (o1, hn1, cn1) = Ops.LstmLayer(x, wIh, wHh, bIh, bHh, h0, c0, reverse, mask);

            // Recorded: the training path (time-major, with the saved state for the backward).
            x.RequiresGrad = true;
            using var tape = new Tape();
            var (o2, hn2, cn2) = Ops.LstmLayer(x, wIh, wHh, bIh, bHh, h0, c0, reverse, mask);
            Assert.Equal(1, tape.Count);
            Assert.Equal(o2.Data, o1.Data);
            Assert.Equal(hn2.Data, hn1.Data);
            Assert.Equal(cn2.Data, cn1.Data);
        }
        finally
        {
            Engine.Threads = saved;
        }
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.5, 1000)]
    [InlineData(0.2, 81920)]
    public void Bulk_dropout_mask_draws_the_same_sequence_as_per_element_NextDouble(double p, int length)
    {
        var bulk = new RandomSource(17);
        var single = new RandomSource(17);
        float keep = (float)(1.0 / (1.0 - p));
        var mask = new float[length];
        bulk.FillDropoutMask<float>(mask, p, keep);
        var expected = new float[length];
        for (int i = 0; i < length; i++)
        {
            expected[i] = single.NextDouble() < p ? 0f : keep;
        }

        Assert.Equal(expected, mask);
        Assert.Equal(single.NextUInt64(), bulk.NextUInt64());   // the generator state advanced alike
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(1037)]
    public void Vectorized_adam_step_equals_the_scalar_update_bit_for_bit(int length)
    {
        var rng = new RandomSource(3);
        var weights = new Tensor<float>(length) { RequiresGrad = true };
        for (int i = 0; i < length; i++)
        {
            weights.Data[i] = (float)rng.NextGaussian();
        }

        float[] p = (float[])weights.Data.Clone(), m = new float[length], v = new float[length];
        var adam = new Adam<float>([new NamedTensor<float>("w", weights)], learningRate: 1e-2);
        for (int step = 1; step <= 4; step++)
        {
            weights.Grad = new float[length];
            for (int i = 0; i < length; i++)
            {
                weights.Grad[i] = (float)rng.NextGaussian();
            }

            adam.Step();

            // The reference: the documented update in float, one element at a time.
            float b1 = 0.9f, b2 = 0.999f, oneMinusB1 = (float)(1 - 0.9), oneMinusB2 = (float)(1 - 0.999);
            float stepSize = (float)(1e-2 / (1 - Math.Pow(0.9, step)));
            float bc2Sqrt = (float)Math.Sqrt(1 - Math.Pow(0.999, step));
            for (int i = 0; i < length; i++)
            {
                float g = weights.Grad[i];
                m[i] = (m[i] * b1) + (oneMinusB1 * g);
                v[i] = (v[i] * b2) + (oneMinusB2 * g * g);
                p[i] -= stepSize * (m[i] / ((MathF.Sqrt(v[i]) / bc2Sqrt) + 1e-8f));
            }

            Assert.Equal(p, weights.Data);
            Assert.Equal(m, adam.FirstMoment(0).ToArray());
            Assert.Equal(v, adam.SecondMoment(0).ToArray());
        }
    }
}
