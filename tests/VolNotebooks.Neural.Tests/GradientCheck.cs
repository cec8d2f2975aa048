using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

/// <summary>Central finite differences in double against the tape's analytic gradients.</summary>
internal static class GradientCheck
{
    public static Tensor<double> Random(RandomSource rng, params int[] shape)
    {
        var t = new Tensor<double>(shape);
        for (int i = 0; i < t.Length; i++)
        {
            t.Data[i] = rng.NextGaussian();
        }

        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Projects an output onto a fixed random tensor so every element's gradient is exercised.</summary>
    public static Tensor<double> Project(Tensor<double> output, int seed)
    {
        var rng = new RandomSource((ulong)seed);
        var r = new double[output.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = rng.NextGaussian();
        }

        return Ops.DotConstant(output, r);
    }

    /// <summary>Asserts that d loss / d x matches (f(x + h) - f(x - h)) / 2h for every element of every tensor.</summary>
    public static void Check(Func<Tensor<double>> loss, IEnumerable<Tensor<double>> tensors, double h = 1e-6, double atol = 1e-6, double rtol = 1e-5)
    {
        var list = tensors.ToList();
        foreach (var t in list)
        {
            t.Grad = null;
        }

        using (var tape = new Tape())
        {
            tape.Backward(loss());
        }

        for (int k = 0; k < list.Count; k++)
        {
            var t = list[k];
            Assert.True(t.Grad is not null, $"tensor {k} {t.ShapeText} received no gradient");
            for (int i = 0; i < t.Length; i++)
            {
                double saved = t.Data[i];
                t.Data[i] = saved + h;
                double plus = loss().ToScalar();
                t.Data[i] = saved - h;
                double minus = loss().ToScalar();
                t.Data[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double analytic = t.Grad![i];
                double tol = atol + rtol * Math.Abs(numeric);
                Assert.True(
                    Math.Abs(numeric - analytic) <= tol,
                    $"tensor {k} {t.ShapeText} element {i}: analytic {analytic:R}, numeric {numeric:R}");
            }
        }
    }
}
