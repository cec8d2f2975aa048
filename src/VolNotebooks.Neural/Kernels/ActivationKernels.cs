using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolNotebooks.Neural.Kernels;

/// <summary>Vectorized elementwise activation kernels (span in, span out) with their backward; each has a scalar form in its tail.</summary>
/// <remarks>
/// tanh and sigmoid: float with AVX2 uses <see cref="FastMath"/>; double uses the exact scalar functions so gradient
/// checks keep full precision. Backward kernels accumulate: dx += dy ⊙ f'(x).
/// </remarks>
internal static class ActivationKernels
{
    /// <summary>y = x if x &gt; 0 else slope · x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyRelu<T>(ReadOnlySpan<T> x, T slope, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<T>(slope);
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
            {
                var v = new Vector<T>(x[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), v, v * s).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] > T.Zero ? x[i] : slope * x[i];
        }
    }

    /// <summary>dx += dy where x &gt; 0, else slope · dy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, T slope, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<T>(slope);
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
            {
                var g = new Vector<T>(dy[i..]);
                var d = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<T>(x[i..]), Vector<T>.Zero), g, g * s);
                (new Vector<T>(dx[i..]) + d).CopyTo(dx[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] += x[i] > T.Zero ? dy[i] : slope * dy[i];
        }
    }

    /// <summary>y = tanh(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            var xs = MemoryMarshal.Cast<T, float>(x);
            var ys = MemoryMarshal.Cast<T, float>(y);
            int i = 0;
            for (; i + 8 <= xs.Length; i += 8)
            {
                FastMath.Tanh(Vector256.Create(xs.Slice(i, 8))).CopyTo(ys.Slice(i, 8));
            }

            for (; i < xs.Length; i++)
            {
                ys[i] = FastMath.TanhReference(xs[i]);
            }

            return;
        }

        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.Tanh(x[i]);
        }
    }

    /// <summary>y = 1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            var xs = MemoryMarshal.Cast<T, float>(x);
            var ys = MemoryMarshal.Cast<T, float>(y);
            int i = 0;
            for (; i + 8 <= xs.Length; i += 8)
            {
                FastMath.Sigmoid(Vector256.Create(xs.Slice(i, 8))).CopyTo(ys.Slice(i, 8));
            }

            for (; i < xs.Length; i++)
            {
                ys[i] = FastMath.SigmoidReference(xs[i]);
            }

            return;
        }

        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.One / (T.One + T.Exp(-x[i]));
        }
    }

    /// <summary>dx += dy ⊙ (1 - y²) given y = tanh(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= y.Length; i += Vector<T>.Count)
            {
                var v = new Vector<T>(y[i..]);
                (new Vector<T>(dx[i..]) + new Vector<T>(dy[i..]) * (Vector<T>.One - v * v)).CopyTo(dx[i..]);
            }
        }

        for (; i < y.Length; i++)
        {
            dx[i] += dy[i] * (T.One - y[i] * y[i]);
        }
    }

    /// <summary>dx += dy ⊙ y(1 - y) given y = sigmoid(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= y.Length; i += Vector<T>.Count)
            {
                var v = new Vector<T>(y[i..]);
                (new Vector<T>(dx[i..]) + new Vector<T>(dy[i..]) * v * (Vector<T>.One - v)).CopyTo(dx[i..]);
            }
        }

        for (; i < y.Length; i++)
        {
            dx[i] += dy[i] * y[i] * (T.One - y[i]);
        }
    }
}
