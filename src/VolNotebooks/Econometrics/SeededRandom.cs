using MathNet.Numerics.Random;

namespace VolNotebooks.Econometrics;

/// <summary>The generator behind every seeded simulation in this namespace.</summary>
/// <remarks>
/// A Mersenne Twister (Matsumoto and Nishimura 1998), not <c>new Random(seed)</c>: the seeded <see cref="Random"/> keeps
/// .NET's legacy subtractive generator, and GARCH series simulated from it with small seeds gave ARCH estimates biased
/// by about 0.4 standard errors (robust z-score spread 1.3 over 80 seeds); with this generator the spread is 1.0.
/// </remarks>
public static class SeededRandom
{
    /// <summary>A reproducible, non-thread-safe generator for <paramref name="seed"/>.</summary>
    public static Random Create(int seed) => new MersenneTwister(seed, threadSafe: false);
}
