using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Inverted dropout: in training each element is zeroed with probability p and the rest scaled by 1/(1-p); identity in eval.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Dropout<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RandomSource _rng;

    /// <summary>Creates the layer; masks are drawn from a generator seeded from <paramref name="rng"/>.</summary>
    public Dropout(double p, RandomSource rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (p < 0 || p >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");
        }

        P = p;
        _rng = new RandomSource(rng.NextUInt64());
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>x (any shape) → same shape.</summary>
    public Tensor<T> Forward(Tensor<T> x)
    {
        if (!IsTraining || P == 0)
        {
            return x;
        }

        // The mask is private to this call: it goes back to the pool once the backward step has read it.
        var mask = Kernels.BufferPool<T>.Rent(x.Length);
        _rng.FillDropoutMask<T>(mask, P, T.CreateTruncating(1.0 / (1.0 - P)));
        return Ops.MultiplyConstant(x, mask, returnMaskToPool: true);
    }
}

/// <summary>Adds N(0, σ²) noise in training (Keras <c>GaussianNoise</c>); identity in eval.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class GaussianNoise<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RandomSource _rng;

    /// <summary>Creates the layer with standard deviation <paramref name="stddev"/>.</summary>
    public GaussianNoise(double stddev, RandomSource rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(stddev);
        StdDev = stddev;
        _rng = new RandomSource(rng.NextUInt64());
    }

    /// <summary>The noise standard deviation σ.</summary>
    public double StdDev { get; }

    /// <summary>x (any shape) → same shape.</summary>
    public Tensor<T> Forward(Tensor<T> x)
    {
        if (!IsTraining || StdDev == 0)
        {
            return x;
        }

        var noise = new T[x.Length];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = T.CreateTruncating(StdDev * _rng.NextGaussian());
        }

        return Ops.AddConstant(x, noise);
    }
}
