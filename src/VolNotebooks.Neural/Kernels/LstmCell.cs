using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolNotebooks.Neural.Kernels;

/// <summary>Elementwise LSTM cell kernels for one batch row (gate order i, f, g, o), each with a scalar reference.</summary>
/// <remarks>
/// Forward: i, f, o = σ(z), g = tanh(z); c = f ⊙ c_prev + i ⊙ g; h = o ⊙ tanh(c).
/// Backward, given dh and the incoming dc: dc += dh ⊙ o ⊙ (1 - tanh²c); dz_i = dc ⊙ g ⊙ i(1-i); dz_f = dc ⊙ c_prev ⊙ f(1-f);
/// dz_g = dc ⊙ i ⊙ (1-g²); dz_o = dh ⊙ tanh(c) ⊙ o(1-o); dc_prev = dc ⊙ f.
/// </remarks>
internal static class LstmCell
{
    /// <summary>Activates gates [4H] in place and writes c, tanh(c) and h [H].</summary>
    /// <remarks>
    /// float with AVX2: one fused pass with <see cref="FastMath"/> (about 1e-7 absolute error in the activations);
    /// otherwise (double, or no SIMD) the exact scalar reference, so double results keep full precision.
    /// </remarks>
    public static void Forward<T>(Span<T> gates, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> tanhC, Span<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            ForwardSingle(
                MemoryMarshal.Cast<T, float>(gates), MemoryMarshal.Cast<T, float>(cPrev), MemoryMarshal.Cast<T, float>(c),
                MemoryMarshal.Cast<T, float>(tanhC), MemoryMarshal.Cast<T, float>(h));
            return;
        }

        ForwardReference(gates, cPrev, c, tanhC, h);
    }

    /// <summary>The fused single-precision forward: 8 hidden units per iteration, a scalar tail with the same formulas.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardSingle(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h)
    {
        int hs = c.Length;
        int j = 0;
        ref float gr = ref MemoryMarshal.GetReference(gates);
        for (; j + 8 <= hs; j += 8)
        {
            var i = FastMath.Sigmoid(Vector256.LoadUnsafe(ref gr, (nuint)j));
            var f = FastMath.Sigmoid(Vector256.LoadUnsafe(ref gr, (nuint)(hs + j)));
            var g = FastMath.Tanh(Vector256.LoadUnsafe(ref gr, (nuint)(2 * hs + j)));
            var o = FastMath.Sigmoid(Vector256.LoadUnsafe(ref gr, (nuint)(3 * hs + j)));
            i.StoreUnsafe(ref gr, (nuint)j);
            f.StoreUnsafe(ref gr, (nuint)(hs + j));
            g.StoreUnsafe(ref gr, (nuint)(2 * hs + j));
            o.StoreUnsafe(ref gr, (nuint)(3 * hs + j));
            var cv = Vector256.FusedMultiplyAdd(i, g, f * Vector256.Create(cPrev.Slice(j, 8)));
            var tc = FastMath.Tanh(cv);
            cv.CopyTo(c.Slice(j, 8));
            tc.CopyTo(tanhC.Slice(j, 8));
            (o * tc).CopyTo(h.Slice(j, 8));
        }

        for (; j < hs; j++)
        {
            float i = FastMath.SigmoidReference(gates[j]), f = FastMath.SigmoidReference(gates[hs + j]);
            float g = FastMath.TanhReference(gates[2 * hs + j]), o = FastMath.SigmoidReference(gates[3 * hs + j]);
            gates[j] = i;
            gates[hs + j] = f;
            gates[2 * hs + j] = g;
            gates[3 * hs + j] = o;
            c[j] = MathF.FusedMultiplyAdd(i, g, f * cPrev[j]);
            tanhC[j] = FastMath.TanhReference(c[j]);
            h[j] = o * tanhC[j];
        }
    }

    /// <summary>Scalar reference of <see cref="Forward{T}"/>.</summary>
    public static void ForwardReference<T>(Span<T> gates, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> tanhC, Span<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hs = c.Length;
        for (int j = 0; j < hs; j++)
        {
            T i = Sigmoid(gates[j]), f = Sigmoid(gates[hs + j]), g = T.Tanh(gates[2 * hs + j]), o = Sigmoid(gates[3 * hs + j]);
            gates[j] = i;
            gates[hs + j] = f;
            gates[2 * hs + j] = g;
            gates[3 * hs + j] = o;
            c[j] = T.FusedMultiplyAdd(i, g, f * cPrev[j]);
            tanhC[j] = T.Tanh(c[j]);
            h[j] = o * tanhC[j];
        }
    }

    /// <summary>Writes dz [4H] from activated gates, c_prev, tanh(c) and dh; dc holds dL/dc_t on entry and dL/dc_(t-1) on exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<T>(ReadOnlySpan<T> gates, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> tanhC, ReadOnlySpan<T> dh, Span<T> dc, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hs = dc.Length;
        int w = Vector<T>.Count;
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<T>.One;
            for (; j + w <= hs; j += w)
            {
                var i = new Vector<T>(gates[j..]);
                var f = new Vector<T>(gates[(hs + j)..]);
                var g = new Vector<T>(gates[(2 * hs + j)..]);
                var o = new Vector<T>(gates[(3 * hs + j)..]);
                var tc = new Vector<T>(tanhC[j..]);
                var dhv = new Vector<T>(dh[j..]);
                var dcv = new Vector<T>(dc[j..]) + dhv * o * (one - tc * tc);
                (dcv * g * i * (one - i)).CopyTo(dz[j..]);
                (dcv * new Vector<T>(cPrev[j..]) * f * (one - f)).CopyTo(dz[(hs + j)..]);
                (dcv * i * (one - g * g)).CopyTo(dz[(2 * hs + j)..]);
                (dhv * tc * o * (one - o)).CopyTo(dz[(3 * hs + j)..]);
                (dcv * f).CopyTo(dc[j..]);
            }
        }

        BackwardScalar(gates, cPrev, tanhC, dh, dc, dz, j, hs);
    }

    /// <summary>Scalar reference of <see cref="Backward{T}"/>.</summary>
    public static void BackwardReference<T>(ReadOnlySpan<T> gates, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> tanhC, ReadOnlySpan<T> dh, Span<T> dc, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
        => BackwardScalar(gates, cPrev, tanhC, dh, dc, dz, 0, dc.Length);

    private static void BackwardScalar<T>(
        ReadOnlySpan<T> gates, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> tanhC, ReadOnlySpan<T> dh, Span<T> dc, Span<T> dz, int from, int hs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = from; j < hs; j++)
        {
            T i = gates[j], f = gates[hs + j], g = gates[2 * hs + j], o = gates[3 * hs + j], tc = tanhC[j];
            T dcj = dc[j] + dh[j] * o * (T.One - tc * tc);
            dz[j] = dcj * g * i * (T.One - i);
            dz[hs + j] = dcj * cPrev[j] * f * (T.One - f);
            dz[2 * hs + j] = dcj * i * (T.One - g * g);
            dz[3 * hs + j] = dh[j] * tc * o * (T.One - o);
            dc[j] = dcj * f;
        }
    }

    private static T Sigmoid<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.One / (T.One + T.Exp(-x));
}
