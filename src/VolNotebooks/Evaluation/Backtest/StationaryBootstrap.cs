namespace VolNotebooks.Evaluation.Backtest;

/// <summary>Politis and Romano's (1994) stationary bootstrap: resampled blocks of geometric length, wrapping around the end.</summary>
/// <remarks>Each resampled index continues the previous block (index + 1, modulo n) with probability <c>1 - 1/L</c> and
/// starts a new block at a uniform random index with probability <c>1/L</c>, so blocks have mean length L and the
/// resampled series is stationary, keeping the serial dependence of daily returns within blocks.</remarks>
public static class StationaryBootstrap
{
    /// <summary>Fills <paramref name="destination"/> with one resample's indexes into a series of <paramref name="length"/> values.</summary>
    /// <param name="length">Length n of the original series.</param>
    /// <param name="meanBlockLength">Mean block length L, at least 1 (1 is the iid bootstrap).</param>
    /// <param name="random">Source of randomness (seeded for reproducible intervals).</param>
    /// <param name="destination">Receives the indexes, each in 0 .. n-1.</param>
    public static void Indices(int length, double meanBlockLength, Random random, Span<int> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(meanBlockLength, 1.0);
        ArgumentNullException.ThrowIfNull(random);
        double newBlock = 1.0 / meanBlockLength;
        int index = random.Next(length);
        for (int i = 0; i < destination.Length; i++)
        {
            if (i > 0) index = random.NextDouble() < newBlock ? random.Next(length) : (index + 1) % length;
            destination[i] = index;
        }
    }
}
