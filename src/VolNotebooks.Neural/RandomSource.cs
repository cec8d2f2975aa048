namespace VolNotebooks.Neural;

/// <summary>A seeded, platform-independent pseudo-random generator (xoshiro256**) for initialization, dropout and shuffling.</summary>
/// <remarks>Seeded through SplitMix64 as its authors recommend; the sequence depends only on the seed.</remarks>
public sealed class RandomSource
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a generator whose whole sequence is determined by <paramref name="seed"/>.</summary>
    public RandomSource(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Returns the next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Returns a standard normal variate (Marsaglia polar method).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);

        double factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Returns a uniform integer in [0, <paramref name="exclusiveMax"/>) without modulo bias.</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        ulong bound = (ulong)exclusiveMax;
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);

        return (int)(r % bound);
    }

    /// <summary>Returns a random permutation of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    /// <summary>Fills an inverted-dropout mask: element i is zero where the i-th <see cref="NextDouble"/> is below
    /// <paramref name="p"/>, else <paramref name="keep"/> - the same draws, in the same order, as calling it per element.</summary>
    /// <remarks>Keeps the generator state in locals for the whole span (the per-call form reads and writes it every draw).</remarks>
    internal void FillDropoutMask<T>(Span<T> mask, double p, T keep)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // NextDouble() < p compares u · 2^-53 with p for the integer u = NextUInt64() >> 11 < 2^53; both sides scale by
        // 2^53 exactly, and for an integer u, u < p · 2^53 exactly when u < ⌈p · 2^53⌉: the same decisions without
        // converting u to a double.
        ulong threshold = (ulong)Math.Ceiling(p * (1UL << 53));
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        // float masks are written as bits without a branch (a dropped element is a coin flip the predictor misses):
        // keep's bits or +0's. The type test is a constant in each compiled instantiation.
        var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<T, uint>(mask);
        uint keepBits = typeof(T) == typeof(float) ? BitConverter.SingleToUInt32Bits(float.CreateTruncating(keep)) : 0;
        for (int i = 0; i < mask.Length; i++)
        {
            ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            bool kept = (result >> 11) >= threshold;
            if (typeof(T) == typeof(float))
            {
                bits[i] = keepBits * (uint)(kept ? 1 : 0);
            }
            else
            {
                mask[i] = kept ? keep : T.Zero;
            }
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
