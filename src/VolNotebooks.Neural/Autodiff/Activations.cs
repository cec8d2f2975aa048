using System.Numerics;
using VolNotebooks.Neural.Kernels;

namespace VolNotebooks.Neural;

public static partial class Ops
{
    /// <summary>Runs an elementwise kernel body(start, count) over [0, length), split over threads on large tensors. Parts
    /// start at multiples of 64, so the kernels' vector blocks and their scalar tail cover the same elements as in one call
    /// (the same bits whatever the split).</summary>
    private static void Elementwise(int length, Action<int, int> body) =>
        Engine.ParallelRanges(length, Engine.PartsFor(CopyWork * length), 64, (i0, i1) => body(i0, i1 - i0));

    /// <summary>Elementwise max(x, 0).</summary>
    public static Tensor<T> Relu<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => LeakyRelu(x, T.Zero);

    /// <summary>Elementwise x if x &gt; 0 else slope · x.</summary>
    public static Tensor<T> LeakyRelu<T>(Tensor<T> x, T negativeSlope)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        Elementwise(x.Length, (i, n) => ActivationKernels.LeakyRelu<T>(x.Data.AsSpan(i, n), negativeSlope, y.Data.AsSpan(i, n)));
        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is not null)
                {
                    T[] dx = x.EnsureGrad();
                    Elementwise(x.Length, (i, n) =>
                        ActivationKernels.LeakyReluBackward<T>(x.Data.AsSpan(i, n), y.Grad.AsSpan(i, n), negativeSlope, dx.AsSpan(i, n)));
                }
            });
        }

        return y;
    }

    /// <summary>Elementwise tanh(x).</summary>
    public static Tensor<T> Tanh<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        Elementwise(x.Length, (i, n) => ActivationKernels.Tanh<T>(x.Data.AsSpan(i, n), y.Data.AsSpan(i, n)));
        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dx = x.EnsureGrad();
                Elementwise(x.Length, (i, n) => ActivationKernels.TanhBackward<T>(y.Data.AsSpan(i, n), y.Grad.AsSpan(i, n), dx.AsSpan(i, n)));
            });
        }

        return y;
    }

    /// <summary>Elementwise 1 / (1 + exp(-x)).</summary>
    public static Tensor<T> Sigmoid<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        Elementwise(x.Length, (i, n) => ActivationKernels.Sigmoid<T>(x.Data.AsSpan(i, n), y.Data.AsSpan(i, n)));
        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dx = x.EnsureGrad();
                Elementwise(x.Length, (i, n) => ActivationKernels.SigmoidBackward<T>(y.Data.AsSpan(i, n), y.Grad.AsSpan(i, n), dx.AsSpan(i, n)));
            });
        }

        return y;
    }

    /// <summary>Elementwise log(1 + exp(x)), linear above x = 20 as in PyTorch (beta = 1, threshold = 20).</summary>
    public static Tensor<T> Softplus<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        T threshold = T.CreateTruncating(20);
        T[] xd = x.Data, yd = y.Data;
        for (int i = 0; i < xd.Length; i++)
        {
            yd[i] = xd[i] > threshold ? xd[i] : T.LogP1(T.Exp(xd[i]));
        }

        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dx = x.EnsureGrad(), dy = y.Grad;
                for (int i = 0; i < xd.Length; i++)
                {
                    dx[i] += xd[i] > threshold ? dy[i] : dy[i] / (T.One + T.Exp(-xd[i]));
                }
            });
        }

        return y;
    }

    /// <summary>Elementwise GELU, tanh form: 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))) (PyTorch's approximate='tanh').</summary>
    public static Tensor<T> Gelu<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T k = T.CreateTruncating(Math.Sqrt(2.0 / Math.PI));
        T c = T.CreateTruncating(0.044715);
        T half = T.CreateTruncating(0.5);
        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        T[] xd = x.Data, yd = y.Data;
        var th = new T[xd.Length];
        for (int i = 0; i < xd.Length; i++)
        {
            T v = xd[i];
            th[i] = T.Tanh(k * (v + c * v * v * v));
            yd[i] = half * v * (T.One + th[i]);
        }

        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            T three = T.CreateTruncating(3);
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dx = x.EnsureGrad(), dy = y.Grad;
                for (int i = 0; i < xd.Length; i++)
                {
                    T v = xd[i];
                    T du = k * (T.One + three * c * v * v);
                    dx[i] += dy[i] * (half * (T.One + th[i]) + half * v * (T.One - th[i] * th[i]) * du);
                }
            });
        }

        return y;
    }

    /// <summary>Softmax over the last dimension: y = exp(x - max) / Σ exp(x - max).</summary>
    public static Tensor<T> Softmax<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Dim(-1);
        int rows = x.Length / Math.Max(1, n);
        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        for (int r = 0; r < rows; r++)
        {
            SoftmaxRow(x.Data.AsSpan(r * n, n), y.Data.AsSpan(r * n, n));
        }

        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dx = x.EnsureGrad(), dy = y.Grad, yd = y.Data;
                for (int r = 0; r < rows; r++)
                {
                    int o = r * n;
                    T dot = T.Zero;
                    for (int j = 0; j < n; j++)
                    {
                        dot += dy[o + j] * yd[o + j];
                    }

                    for (int j = 0; j < n; j++)
                    {
                        dx[o + j] += yd[o + j] * (dy[o + j] - dot);
                    }
                }
            });
        }

        return y;
    }

    /// <summary>Softmax of one row (numerically stable, sequential sum).</summary>
    internal static void SoftmaxRow<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.NegativeInfinity;
        foreach (T v in x)
        {
            max = T.Max(max, v);
        }

        T sum = T.Zero;
        for (int j = 0; j < x.Length; j++)
        {
            y[j] = T.Exp(x[j] - max);
            sum += y[j];
        }

        T inv = T.One / sum;
        for (int j = 0; j < x.Length; j++)
        {
            y[j] *= inv;
        }
    }
}
