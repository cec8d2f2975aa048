namespace VolNotebooks.Evaluation;

/// <summary>A time-series bootstrap that resamples blocks of consecutive observations, keeping their serial dependence.</summary>
/// <remarks>
/// Stationary (Politis and Romano 1994): start at a uniform random index, then at each step either move to the next
/// observation (wrapping past the end) or, with probability <c>1/b</c>, jump to a new uniform start - blocks of
/// geometric length with mean b, and a resampled series that is stationary. Moving block (Künsch 1989): concatenate
/// blocks of exactly b observations starting at uniform indices in <c>0..n-b</c>, cut to n.
/// </remarks>
public sealed class BlockBootstrap
{
    private readonly bool _stationary;

    private BlockBootstrap(bool stationary, double blockLength)
    {
        if (!(blockLength >= 1)) throw new ArgumentOutOfRangeException(nameof(blockLength), blockLength, "a block holds at least one observation");
        _stationary = stationary;
        BlockLength = blockLength;
    }

    /// <summary>The (mean, for the stationary scheme) block length b in observations.</summary>
    public double BlockLength { get; }

    /// <summary>The stationary bootstrap with mean block length <paramref name="meanBlockLength"/>.</summary>
    /// <param name="meanBlockLength">b &gt;= 1 observations; 1 is the iid bootstrap.</param>
    public static BlockBootstrap Stationary(double meanBlockLength) => new(true, meanBlockLength);

    /// <summary>The moving-block bootstrap with blocks of <paramref name="blockLength"/> observations.</summary>
    /// <param name="blockLength">b &gt;= 1 observations, at most the series length.</param>
    public static BlockBootstrap MovingBlock(int blockLength) => new(false, blockLength);

    /// <summary>Fills <paramref name="indices"/> with one resample's observation indices in <c>0..n-1</c>, n its length.</summary>
    /// <param name="random">The generator; a seeded one (<see cref="Econometrics.SeededRandom"/>) makes the draw reproducible.</param>
    /// <param name="indices">Destination, one index per resampled observation.</param>
    public void Resample(Random random, Span<int> indices)
    {
        ArgumentNullException.ThrowIfNull(random);
        var n = indices.Length;
        if (_stationary)
        {
            var jump = 1 / BlockLength;
            var index = random.Next(n);
            for (var t = 0; t < n; t++)
            {
                if (t > 0) index = random.NextDouble() < jump ? random.Next(n) : (index + 1) % n;
                indices[t] = index;
            }

            return;
        }

        var length = (int)BlockLength;
        if (length > n) throw new ArgumentException($"blocks of {length} observations do not fit in a series of {n}");
        for (var t = 0; t < n;)
        {
            var start = random.Next(n - length + 1);
            for (var k = 0; k < length && t < n; k++, t++) indices[t] = start + k;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _stationary ? $"stationary bootstrap, mean block length {BlockLength}" : $"moving-block bootstrap, block length {BlockLength}";
}
