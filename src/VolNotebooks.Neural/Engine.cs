namespace VolNotebooks.Neural;

/// <summary>Process-wide engine settings: the number of worker threads used by kernels.</summary>
/// <remarks>
/// Work is split into fixed, contiguous parts (rows of an output, rows of a batch); every output element is computed by
/// one thread in a fixed order, so results are bit-identical whatever the thread count.
/// </remarks>
public static class Engine
{
    private static int _threads = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The number of threads kernels may use (at least 1; defaults to the processor count).</summary>
    public static int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _threads = value;
        }
    }

    /// <summary>Gives each of <paramref name="trainings"/> trainings that run side by side its share of the cores
    /// (<c>cores / trainings</c> engine threads, at least one) until the returned scope is disposed, which restores
    /// <see cref="Threads"/>. The thread count never changes a result.</summary>
    public static IDisposable ShareCores(int trainings)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainings);
        var previous = _threads;
        Threads = Math.Max(1, Environment.ProcessorCount / trainings);
        return new ThreadsScope(previous);
    }

    /// <summary>Runs <paramref name="body"/>(start, end) over <paramref name="parts"/> contiguous ranges covering [0, count).</summary>
    /// <remarks>Ranges are multiples of <paramref name="align"/> except the last; with one part the body runs inline.</remarks>
    internal static void ParallelRanges(int count, int parts, int align, Action<int, int> body)
    {
        if (count <= 0)
        {
            return;
        }

        int blocks = (count + align - 1) / align;
        parts = Math.Clamp(parts, 1, blocks);
        if (parts == 1)
        {
            body(0, count);
            return;
        }

        Kernels.WorkerPool.Run(parts, p =>
        {
            int start = (int)((long)blocks * p / parts) * align;
            int end = Math.Min(count, (int)((long)blocks * (p + 1) / parts) * align);
            if (start < end)
            {
                body(start, end);
            }
        });
    }

    /// <summary>The number of parts worth using for <paramref name="work"/> multiply-adds (below 65,536, one: a split costs
    /// more than it saves, even with the helpers' microsecond hand-off).</summary>
    internal static int PartsFor(long work) => work < 1 << 16 ? 1 : _threads;

    private sealed class ThreadsScope(int previous) : IDisposable
    {
        public void Dispose() => Threads = previous;
    }
}
