using FsCheck;
using FsCheck.Fluent;
using VolNotebooks.Neural.Kernels;

namespace VolNotebooks.Neural.Tests;

/// <summary>FsCheck properties of the matrix multiply: any shape, any layout, the same bits as the scalar reference.</summary>
public sealed class GemmProperties
{
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(150);

    [Fact]
    public void Gemm_equals_the_reference_bit_for_bit_for_any_shape_and_layout()
    {
        var cases =
            from m in Gen.Choose(1, 40)
            from n in Gen.Choose(1, 70)
            from k in Gen.Choose(1, 300)
            from transposeA in Gen.Elements(true, false)
            from padding in Gen.Choose(0, 5)
            from seed in Gen.Choose(0, 100_000)
            select (m, n, k, transposeA, padding, seed);

        Check.One(Checks, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var rng = new RandomSource((ulong)c.seed);
            int lda = (c.transposeA ? c.m : c.k) + c.padding;
            float[] a = Random(lda * (c.transposeA ? c.k : c.m), rng), b = Random(c.k * c.n, rng), c0 = Random(c.m * c.n, rng);
            var view = c.transposeA ? new MatrixView(0, 1, lda) : new MatrixView(0, lda, 1);
            var reference = (float[])c0.Clone();
            var fast = (float[])c0.Clone();
            Gemm.MultiplyReference(c.m, c.n, c.k, a, view, b, 0, c.n, reference, 0, c.n);
            Gemm.Multiply(c.m, c.n, c.k, a, view, b, 0, c.n, fast, 0, c.n, accumulate: true);
            return reference.AsSpan().SequenceEqual(fast);
        }));
    }

    [Fact]
    public void Ops_matmul_agrees_with_a_double_precision_product_in_every_transpose_combination()
    {
        var cases =
            from m in Gen.Choose(1, 30)
            from n in Gen.Choose(1, 30)
            from k in Gen.Choose(1, 60)
            from ta in Gen.Elements(true, false)
            from tb in Gen.Elements(true, false)
            from seed in Gen.Choose(0, 100_000)
            select (m, n, k, ta, tb, seed);

        Check.One(Checks, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var rng = new RandomSource((ulong)c.seed);
            float[] a = Random(c.m * c.k, rng), b = Random(c.k * c.n, rng);
            var y = new float[c.m * c.n];
            Ops.MatMul(a, 0, c.ta, b, 0, c.tb, y, 0, c.m, c.n, c.k, accumulate: false);
            for (int i = 0; i < c.m; i++)
            {
                for (int j = 0; j < c.n; j++)
                {
                    double exact = 0;
                    for (int p = 0; p < c.k; p++)
                    {
                        double av = c.ta ? a[p * c.m + i] : a[i * c.k + p];
                        double bv = c.tb ? b[j * c.k + p] : b[p * c.n + j];
                        exact += av * bv;
                    }

                    if (Math.Abs(exact - y[i * c.n + j]) > 1e-4 * (1 + Math.Abs(exact)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }));
    }

    private static float[] Random(int length, RandomSource rng)
        => Enumerable.Range(0, length).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
}
