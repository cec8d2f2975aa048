using System.Runtime.Intrinsics;
using VolNotebooks.Neural.Kernels;

namespace VolNotebooks.Neural.Tests;

/// <summary>Each vectorized kernel against the scalar reference kept beside it.</summary>
public class KernelTests
{
    [Fact]
    public void Vector_exp_sigmoid_and_tanh_equal_their_scalar_references_and_are_accurate()
    {
        var rng = new RandomSource(11);
        var xs = Enumerable.Range(0, 4096).Select(i => (float)(i < 64 ? (i - 32) * 3.0 : rng.NextUniform(-20, 20))).ToArray();
        for (int i = 0; i + 8 <= xs.Length; i += 8)
        {
            var v = Vector256.Create(xs.AsSpan(i, 8));
            var e = FastMath.Exp(v);
            var s = FastMath.Sigmoid(v);
            var t = FastMath.Tanh(v);
            for (int j = 0; j < 8; j++)
            {
                float x = xs[i + j];
                Assert.Equal(FastMath.ExpReference(x), e[j]);
                Assert.Equal(FastMath.SigmoidReference(x), s[j]);
                Assert.Equal(FastMath.TanhReference(x), t[j]);
                if (Math.Abs(x) < 80)
                {
                    Assert.True(Math.Abs(e[j] / Math.Exp(x) - 1) < 5e-7, $"exp({x})");
                }

                Assert.True(Math.Abs(s[j] - 1 / (1 + Math.Exp(-x))) < 2e-7, $"sigmoid({x})");
                Assert.True(Math.Abs(t[j] - Math.Tanh(x)) < 3e-7, $"tanh({x})");
            }
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(13)]
    public void Lstm_cell_kernels_match_their_scalar_references(int hidden)
    {
        var rng = new RandomSource(12);
        float[] Rand(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)(scale * rng.NextGaussian())).ToArray();
        float[] gates = Rand(4 * hidden, 2), cPrev = Rand(hidden, 1);
        float[] g1 = (float[])gates.Clone(), g2 = (float[])gates.Clone();
        float[] c1 = new float[hidden], c2 = new float[hidden], t1 = new float[hidden], t2 = new float[hidden], h1 = new float[hidden], h2 = new float[hidden];
        LstmCell.Forward<float>(g1, cPrev, c1, t1, h1);
        LstmCell.ForwardReference<float>(g2, cPrev, c2, t2, h2);
        Close.All(g2.Select(v => (double)v).ToArray(), g1, 1e-6, 0, "gates");
        Close.All(c2.Select(v => (double)v).ToArray(), c1, 1e-6, 0, "c");
        Close.All(h2.Select(v => (double)v).ToArray(), h1, 1e-6, 0, "h");

        float[] dh = Rand(hidden, 1), dcIn = Rand(hidden, 1);
        float[] dc1 = (float[])dcIn.Clone(), dc2 = (float[])dcIn.Clone(), dz1 = new float[4 * hidden], dz2 = new float[4 * hidden];
        LstmCell.Backward<float>(g1, cPrev, t1, dh, dc1, dz1);
        LstmCell.BackwardReference<float>(g1, cPrev, t1, dh, dc2, dz2);
        Close.All(dz2.Select(v => (double)v).ToArray(), dz1, 1e-6, 0, "dz");
        Close.All(dc2.Select(v => (double)v).ToArray(), dc1, 1e-6, 0, "dc");
    }

    [Fact]
    public void Activation_kernels_match_scalar_formulas()
    {
        var rng = new RandomSource(13);
        var x = Enumerable.Range(0, 37).Select(_ => (float)rng.NextGaussian()).ToArray();
        var dy = Enumerable.Range(0, 37).Select(_ => (float)rng.NextGaussian()).ToArray();
        var y = new float[37];
        ActivationKernels.LeakyRelu<float>(x, 0.1f, y);
        Assert.Equal(x.Select(v => v > 0 ? v : 0.1f * v), y);
        var dx = new float[37];
        ActivationKernels.LeakyReluBackward<float>(x, dy, 0.1f, dx);
        Assert.Equal(x.Select((v, i) => v > 0 ? dy[i] : 0.1f * dy[i]), dx);
        ActivationKernels.Tanh<float>(x, y);
        Close.All(x.Select(v => Math.Tanh(v)).ToArray(), y, 3e-7, 0, "tanh");
        ActivationKernels.Sigmoid<float>(x, y);
        Close.All(x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), y, 2e-7, 0, "sigmoid");
    }
}
