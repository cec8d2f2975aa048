namespace VolNotebooks.Testing;

/// <summary>Byte-level mutations of a valid input, for fuzzing parsers: bit flips, random bytes, deletions,
/// duplications, insertions and truncations. Deterministic for a given seed, so a failure can be replayed.</summary>
internal static class Mutations
{
    /// <summary>A copy of <paramref name="input"/> with one to four random mutations.</summary>
    public static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        var count = 1 + random.Next(4);
        for (var m = 0; m < count; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            var length = Math.Min(bytes.Count - at, 1 + random.Next(16));
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, length);
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 5:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    // A structural character of the text formats, where parsers branch.
                    var structural = "\",{}[]:\n\r-.0e#!"u8;
                    bytes.Insert(at, structural[random.Next(structural.Length)]);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Runs <paramref name="parse"/> on <paramref name="cases"/> mutants of <paramref name="input"/>, failing on
    /// any exception that is not <typeparamref name="TLocated"/>, naming the seed that produced it.</summary>
    public static void Fuzz<TLocated>(byte[] input, int cases, int seed, Action<byte[]> parse)
        where TLocated : Exception
    {
        for (var i = 0; i < cases; i++)
        {
            var random = new Random(HashCode.Combine(seed, i));
            var mutant = Mutate(input, random);
            try
            {
                parse(mutant);
            }
            catch (TLocated)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} (seed {seed}): {e.GetType().Name} instead of {typeof(TLocated).Name}: {e}\ninput: {Convert.ToBase64String(mutant)}");
            }
        }
    }
}
