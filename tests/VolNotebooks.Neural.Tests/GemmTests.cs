using VolNotebooks.Neural.Kernels;

namespace VolNotebooks.Neural.Tests;

public class GemmTests
{
    public static TheoryData<int, int, int, bool> Sizes => new()
    {
        { 1, 1, 1, false },
        { 3, 5, 7, false },
        { 4, 64, 64, false },
        { 13, 131, 37, true },
        { 64, 256, 64, false },
        { 33, 17, 300, true },
        { 9, 80, 513, false },
        { 960, 24, 64, false },   // a convolution's input gradient: 8 or 16 leftover columns, packed panels
        { 70, 64, 33, true },     // four vectors of 16: two 2-vector tiles
        { 66, 1, 16, false },     // a single output column (a regression head)
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_vector_path_is_bit_identical_to_the_scalar_reference_in_float(int m, int n, int k, bool transposeA)
        => CompareAllPaths<float>(m, n, k, transposeA);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_vector_path_is_bit_identical_to_the_scalar_reference_in_double(int m, int n, int k, bool transposeA)
        => CompareAllPaths<double>(m, n, k, transposeA);

    [Fact]
    public void A_transposed_A_copied_by_rows_first_gives_the_reference_bits()
    {
        // MatMul copies Aᵀ by rows when A's stored rows are a multiple of 32 elements long and K is large (a weight
        // gradient dyᵀ · x); the product must still be the reference's fma chains. A [K=300, lda=64] holds Aᵀ [20, 300].
        var rng = new RandomSource(9);
        int m = 20, n = 7, k = 300, lda = 64;
        float[] a = Random<float>(k * lda, rng), b = Random<float>(k * n, rng), c0 = Random<float>(m * n, rng);
        var reference = (float[])c0.Clone();
        var copied = (float[])c0.Clone();
        Gemm.MultiplyReference(m, n, k, a, new MatrixView(0, 1, lda), b, 0, n, reference, 0, n);
        Ops.MatMul(a, 0, true, b, 0, false, copied, 0, m, n, k, accumulate: true, lda: lda);
        Assert.Equal(reference, copied);
    }

    [Fact]
    public void Thread_count_does_not_change_a_single_bit()
    {
        var rng = new RandomSource(7);
        int m = 200, n = 96, k = 150;
        float[] a = Random<float>(m * k, rng), b = Random<float>(k * n, rng);
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        int saved = Engine.Threads;
        try
        {
            Engine.Threads = 1;
            Gemm.Multiply(m, n, k, a, new MatrixView(0, k, 1), b, 0, n, c1, 0, n, accumulate: false);
            Engine.Threads = 2;
            Gemm.Multiply(m, n, k, a, new MatrixView(0, k, 1), b, 0, n, c2, 0, n, accumulate: false);
        }
        finally
        {
            Engine.Threads = saved;
        }

        Assert.Equal(c1, c2);
    }

    [Theory]
    [InlineData(1, 256, 64)]
    [InlineData(5, 64, 256)]
    [InlineData(32, 256, 64)]
    [InlineData(64, 128, 32)]
    [InlineData(67, 531, 300)]
    [InlineData(13, 20, 7)]
    [InlineData(16, 70, 40)]
    public void A_prepacked_B_gives_the_reference_bits(int m, int n, int k)
    {
        var rng = new RandomSource((ulong)(m + n + k));
        float[] a = Random<float>(m * k, rng), b = Random<float>(k * n, rng), c0 = Random<float>(m * n, rng);
        var view = new MatrixView(0, k, 1);
        var reference = (float[])c0.Clone();
        Gemm.MultiplyReference(m, n, k, a, view, b, 0, n, reference, 0, n);
        var c = (float[])c0.Clone();
        Gemm.MultiplySerial(m, a, view, Gemm.Pack(k, n, b, 0, n), c, 0, n, accumulate: true);
        Assert.Equal(reference, c);
    }

    private static void CompareAllPaths<T>(int m, int n, int k, bool transposeA)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new RandomSource((ulong)(m * 1000 + n * 10 + k));
        T[] a = Random<T>(m * k, rng), b = Random<T>(k * n, rng), c0 = Random<T>(m * n, rng);
        var view = transposeA ? new MatrixView(0, 1, m) : new MatrixView(0, k, 1);
        var reference = (T[])c0.Clone();
        Gemm.MultiplyReference(m, n, k, a, view, b, 0, n, reference, 0, n);
        foreach (var path in new[] { GemmPath.Scalar, GemmPath.Vector256, GemmPath.Vector512, GemmPath.Auto })
        {
            var c = (T[])c0.Clone();
            Gemm.Multiply(m, n, k, a, view, b, 0, n, c, 0, n, accumulate: true, path);
            Assert.True(reference.AsSpan().SequenceEqual(c), $"path {path} differs from the reference");
        }

        double maxErr = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double exact = double.CreateTruncating(c0[i * n + j]);
                for (int p = 0; p < k; p++)
                {
                    exact += double.CreateTruncating(a[view.Offset + i * view.RowStride + p * view.ColStride]) * double.CreateTruncating(b[p * n + j]);
                }

                maxErr = Math.Max(maxErr, Math.Abs(exact - double.CreateTruncating(reference[i * n + j])));
            }
        }

        Assert.True(maxErr < (typeof(T) == typeof(float) ? 1e-3 : 1e-12), $"reference error {maxErr}");
    }

    private static T[] Random<T>(int length, RandomSource rng)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Enumerable.Range(0, length).Select(_ => T.CreateTruncating(rng.NextUniform(-1, 1))).ToArray();
}
