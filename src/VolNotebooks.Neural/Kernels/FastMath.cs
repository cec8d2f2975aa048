using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolNotebooks.Neural.Kernels;

/// <summary>Vectorized single-precision exp, sigmoid and tanh for the LSTM cell, with scalar references beside them.</summary>
/// <remarks>
/// exp uses the Cephes expf scheme: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 polynomial for e^r, and 2^n built in the
/// exponent bits; relative error about 2e-7 over [-87, 88] (inputs are clamped to that range). sigmoid(x) = 1/(1 + e^-x); tanh(x) = 2·sigmoid(2x) - 1,
/// whose absolute error is about 1e-7 (relative error grows for |x| &lt; 1e-3, where tanh ≈ x).
/// </remarks>
internal static class FastMath
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float MaxInput = 88.0f;
    private const float MinInput = -87.3365447504019f;

    /// <summary>e^x lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(MinInput)), Vector256.Create(MaxInput));
        Vector256<float> n = Vector256.Round(x * Vector256.Create(Log2E));
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        Vector256<float> p = Vector256.Create(1.9875691500E-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894E-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459E-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201E-1f));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        Vector256<int> bits = (Vector256.ConvertToInt32Native(n) + Vector256.Create(127)) << 23; // n is within [-126, 127] after clamping
        return p * bits.AsSingle();
    }

    /// <summary>1 / (1 + e^-x) lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>tanh(x) = 2·sigmoid(2x) - 1 lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var two = Vector256.Create(2f);
        return two / (Vector256<float>.One + Exp(-two * x)) - Vector256<float>.One;
    }

    /// <summary>Scalar reference of <see cref="Exp(Vector256{float})"/> (the same steps, one value).</summary>
    public static float ExpReference(float x)
    {
        x = Math.Clamp(x, MinInput, MaxInput);
        float n = MathF.Round(x * Log2E);
        float r = MathF.FusedMultiplyAdd(n, -Ln2Hi, x);
        r = MathF.FusedMultiplyAdd(n, -Ln2Lo, r);
        float p = 1.9875691500E-4f;
        p = MathF.FusedMultiplyAdd(p, r, 1.3981999507E-3f);
        p = MathF.FusedMultiplyAdd(p, r, 8.3334519073E-3f);
        p = MathF.FusedMultiplyAdd(p, r, 4.1665795894E-2f);
        p = MathF.FusedMultiplyAdd(p, r, 1.6666665459E-1f);
        p = MathF.FusedMultiplyAdd(p, r, 5.0000001201E-1f);
        p = MathF.FusedMultiplyAdd(p, r * r, r + 1f);
        return p * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    }

    /// <summary>Scalar reference of <see cref="Sigmoid(Vector256{float})"/>.</summary>
    public static float SigmoidReference(float x) => 1f / (1f + ExpReference(-x));

    /// <summary>Scalar reference of <see cref="Tanh(Vector256{float})"/>.</summary>
    public static float TanhReference(float x) => 2f / (1f + ExpReference(-2f * x)) - 1f;
}
