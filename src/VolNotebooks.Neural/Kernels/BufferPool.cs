using System.Collections.Concurrent;

namespace VolNotebooks.Neural.Kernels;

/// <summary>Reuses large scratch arrays of exact lengths, so fused layers do not churn the large-object heap every step.</summary>
/// <remarks>
/// Only buffers private to one operation go through the pool: they are returned when the operation (or its backward
/// step) is finished and never escape as tensor data. At most <see cref="MaxPerLength"/> arrays are kept per length.
/// </remarks>
internal static class BufferPool<T>
    where T : unmanaged
{
    private const int MinLength = 8192;
    private const int MaxPerLength = 8;
    private static readonly ConcurrentDictionary<int, ConcurrentBag<T[]>> Buckets = new();

    /// <summary>An array of exactly <paramref name="length"/> elements with unspecified contents.</summary>
    public static T[] Rent(int length)
    {
        if (length >= MinLength && Buckets.TryGetValue(length, out var bag) && bag.TryTake(out var array))
        {
            return array;
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    /// <summary>An array of exactly <paramref name="length"/> zeros.</summary>
    public static T[] RentCleared(int length)
    {
        T[] array = Rent(length);
        Array.Clear(array);
        return array;
    }

    /// <summary>Hands arrays back for reuse; the caller must hold no other reference to them.</summary>
    public static void Return(params T[][] arrays)
    {
        foreach (var array in arrays)
        {
            if (array.Length < MinLength)
            {
                continue;
            }

            var bag = Buckets.GetOrAdd(array.Length, _ => []);
            if (bag.Count < MaxPerLength)
            {
                bag.Add(array);
            }
        }
    }
}
