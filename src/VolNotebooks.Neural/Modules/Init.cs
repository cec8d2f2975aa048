using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Parameter initializers matching PyTorch's defaults, drawn from a seeded <see cref="RandomSource"/>.</summary>
public static class Init
{
    /// <summary>Fills <paramref name="tensor"/> with U(-bound, bound).</summary>
    public static void Uniform<T>(Tensor<T> tensor, double bound, RandomSource rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.Data[i] = T.CreateTruncating(rng.NextUniform(-bound, bound));
        }
    }

    /// <summary>PyTorch's Linear/Conv1d default: kaiming_uniform(a=√5), i.e. U(-1/√fanIn, 1/√fanIn).</summary>
    public static void KaimingUniform<T>(Tensor<T> tensor, int fanIn, RandomSource rng)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Uniform(tensor, fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0.0, rng);

    /// <summary>Xavier (Glorot) uniform: U(-a, a) with a = √(6 / (fanIn + fanOut)).</summary>
    public static void XavierUniform<T>(Tensor<T> tensor, int fanIn, int fanOut, RandomSource rng)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Uniform(tensor, Math.Sqrt(6.0 / (fanIn + fanOut)), rng);
}
