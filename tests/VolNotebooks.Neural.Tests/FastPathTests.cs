using System.Runtime.InteropServices;
using VolNotebooks.Neural.Kernels;

namespace VolNotebooks.Neural.Tests;

/// <summary>The engine's fast paths against plain per-element references, bit for bit.</summary>
public class FastPathTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 9)]          // narrower than a vector: the scalar tail only
    [InlineData(3840, 64, 64)]     // a convolution's bias gradient: split over threads
    [InlineData(1280, 256, 272)]   // an LSTM's padded gate gradients (ld > cols)
    [InlineData(200, 77, 80)]      // strips of four vectors, one vector and scalars
    public void Column_sums_equal_the_row_by_row_loop_bit_for_bit(int rows, int cols, int ld)
    {
        var rng = new RandomSource(21);
        var src = new float[3 + rows * ld];
        for (int i = 0; i < src.Length; i++)
        {
            src[i] = (float)rng.NextGaussian() * 1000f;
        }

        var start = Enumerable.Range(0, cols + 2).Select(i => (float)rng.NextGaussian()).ToArray();
        float[] fast = (float[])start.Clone(), reference = (float[])start.Clone();
        ColumnSums.AddTo(src, 3, rows, cols, ld, fast, 1);
        ColumnSums.AddToReference(src, 3, rows, cols, ld, reference, 1);
        Assert.True(MemoryMarshal.AsBytes(fast.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(reference.AsSpan())));
        Assert.Equal(start[0], fast[0]);           // outside [dstOffset, dstOffset + cols) nothing moves
        Assert.Equal(start[^1], fast[^1]);
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.0, 100)]    // nothing dropped
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
    [InlineData(0.1)]
    [InlineData(0.5)]     // the threshold exactly 2^52: u = 2^52 - 1 is dropped, u = 2^52 kept
    [InlineData(0.35)]
    public void Bulk_dropout_mask_in_double_draws_the_same_sequence_as_per_element_NextDouble(double p)
    {
        var bulk = new RandomSource(19);
        var single = new RandomSource(19);
        double keep = 1.0 / (1.0 - p);
        var mask = new double[5000];
        bulk.FillDropoutMask<double>(mask, p, keep);
        var expected = Enumerable.Range(0, mask.Length).Select(_ => single.NextDouble() < p ? 0.0 : keep).ToArray();
        Assert.Equal(expected, mask);
        Assert.Equal(single.NextUInt64(), bulk.NextUInt64());
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
