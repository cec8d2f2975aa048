using System.Runtime.ExceptionServices;

namespace VolNotebooks.Neural.Kernels;

/// <summary>Helper threads that run the parts of one parallel kernel call with a hand-off of about a microsecond.</summary>
/// <remarks>
/// A training step of a small network makes a few dozen parallel calls of 20-200 µs each; handing a part to a thread-pool
/// thread that has gone to sleep costs tens of microseconds to wake it, which is why two threads used to be no faster
/// than one for such networks. Each helper here spins for a while after its last part (<see cref="SpinIterations"/>),
/// so the next call of the step finds it awake, and only then sleeps on a monitor. One call at a time uses the helpers:
/// a call made while they are busy (another thread's kernel, or a kernel nested in a part) runs on the thread pool as
/// before. Which thread runs a part never changes what the part computes, so results are the same either way.
/// </remarks>
internal static class WorkerPool
{
    /// <summary>Spins (of <c>Thread.SpinWait(32)</c>, under a microsecond each) an idle helper makes before it sleeps: a
    /// few hundred microseconds to a millisecond. Every eighth spin yields the core to any other thread waiting for it,
    /// so a helper never holds a core another training (or process) could use.</summary>
    private const int SpinIterations = 2000;

    private static readonly object Gate = new();
    private static Helper[] _helpers = [];
    private static int _busy;

    /// <summary>Runs <paramref name="part"/>(p) for p in [0, <paramref name="parts"/>): part 0 on the calling thread, the
    /// others on helpers, and returns when all are done (rethrowing the first exception a part threw).</summary>
    public static void Run(int parts, Action<int> part)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            try
            {
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // The caller sees a part's exception itself, as when the helpers run it.
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }

            return;
        }

        try
        {
            var helpers = Ensure(parts - 1);
            for (int p = 1; p < parts; p++)
            {
                helpers[p - 1].Post(part, p);
            }

            Exception? first = null;
            try
            {
                part(0);
            }
            catch (Exception e)
            {
                first = e;
            }

            for (int p = 1; p < parts; p++)
            {
                first ??= helpers[p - 1].Wait();
            }

            if (first is not null)
            {
                ExceptionDispatchInfo.Capture(first).Throw();
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static Helper[] Ensure(int count)
    {
        var helpers = _helpers;
        if (helpers.Length >= count)
        {
            return helpers;
        }

        lock (Gate)
        {
            if (_helpers.Length < count)
            {
                var grown = new Helper[count];
                _helpers.CopyTo(grown, 0);
                for (int i = _helpers.Length; i < count; i++)
                {
                    grown[i] = new Helper(i);
                }

                _helpers = grown;
            }

            return _helpers;
        }
    }

    /// <summary>One helper thread and its mailbox: a posted part, then done.</summary>
    private sealed class Helper
    {
        private readonly object _gate = new();
        private Action<int>? _part;
        private int _index;
        private Exception? _error;
        private int _posted;
        private int _done;
        private int _sleeping;

        public Helper(int number)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"VolNotebooks engine helper {number + 1}" };
            thread.Start();
        }

        public void Post(Action<int> part, int index)
        {
            _part = part;
            _index = index;
            _error = null;
            _done = 0;
            // A full fence between publishing the part and reading whether the helper sleeps (it does the mirror image).
            Interlocked.Exchange(ref _posted, 1);
            if (Volatile.Read(ref _sleeping) == 1)
            {
                lock (_gate)
                {
                    Monitor.Pulse(_gate);
                }
            }
        }

        public Exception? Wait()
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref _done) == 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            return _error;
        }

        private void Loop()
        {
            while (true)
            {
                for (int i = 0; Volatile.Read(ref _posted) == 0; i++)
                {
                    if (i < SpinIterations)
                    {
                        if ((i & 7) == 7)
                        {
                            Thread.Yield();
                        }
                        else
                        {
                            Thread.SpinWait(32);
                        }

                        continue;
                    }

                    lock (_gate)
                    {
                        Volatile.Write(ref _sleeping, 1);
                        Interlocked.MemoryBarrier();
                        while (Volatile.Read(ref _posted) == 0)
                        {
                            Monitor.Wait(_gate);
                        }

                        Volatile.Write(ref _sleeping, 0);
                    }
                }

                try
                {
                    _part!(_index);
                }
                catch (Exception e)
                {
                    _error = e;
                }

                _part = null;
                Volatile.Write(ref _posted, 0);
                Volatile.Write(ref _done, 1);
            }
        }
    }
}
