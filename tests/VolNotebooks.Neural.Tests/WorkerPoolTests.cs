using System.Collections.Concurrent;
using VolNotebooks.Neural.Kernels;

namespace VolNotebooks.Neural.Tests;

// With the other tests that set the engine's threads: none of them runs kernels while these watch which thread runs what.
[Collection("Engine threads")]
public sealed class WorkerPoolTests
{
    [Fact]
    public void Sharing_the_cores_gives_each_training_its_part_and_restores_the_threads()
    {
        int saved = Engine.Threads;
        try
        {
            Engine.Threads = 3;
            using (Engine.ShareCores(2))
            {
                Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), Engine.Threads);
            }

            Assert.Equal(3, Engine.Threads);
            using (Engine.ShareCores(Environment.ProcessorCount + 1))
            {
                Assert.Equal(1, Engine.Threads);   // never below one
            }

            Assert.Equal(3, Engine.Threads);
            Assert.Throws<ArgumentOutOfRangeException>(() => Engine.ShareCores(0));
        }
        finally
        {
            Engine.Threads = saved;
        }
    }

    [Fact]
    public void Every_part_runs_once_the_first_on_the_calling_thread_the_rest_on_helpers()
    {
        for (int round = 0; round < 200; round++)
        {
            var threads = new int[3];
            var runs = new int[3];
            WorkerPool.Run(3, p =>
            {
                Interlocked.Increment(ref runs[p]);
                threads[p] = Environment.CurrentManagedThreadId;
            });
            Assert.Equal([1, 1, 1], runs);
            Assert.Equal(Environment.CurrentManagedThreadId, threads[0]);
            Assert.Equal(3, threads.Distinct().Count());
        }
    }

    [Fact]
    public void An_exception_in_a_helpers_part_reaches_the_caller_and_the_pool_keeps_working()
    {
        var e = Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(2, p =>
        {
            if (p == 1) throw new InvalidOperationException("part 1 failed");
        }));
        Assert.Equal("part 1 failed", e.Message);
        var sum = 0;
        WorkerPool.Run(2, p => Interlocked.Add(ref sum, p + 1));
        Assert.Equal(3, sum);
    }

    [Fact]
    public void Calls_nested_in_a_part_or_made_from_many_threads_at_once_all_complete()
    {
        // A part that makes its own parallel call finds the helpers busy and runs it on the thread pool; so does a call
        // from a second thread while the first holds them. Neither may deadlock or lose a part.
        var seen = new ConcurrentBag<(int Caller, int Outer, int Inner)>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, caller =>
        {
            for (int round = 0; round < 50; round++)
            {
                WorkerPool.Run(2, outer => WorkerPool.Run(2, inner => seen.Add((caller, outer, inner))));
            }
        });
        Assert.Equal(4 * 50 * 2 * 2, seen.Count);
        Assert.All(seen.GroupBy(s => (s.Caller, s.Outer, s.Inner)), g => Assert.Equal(50, g.Count()));
    }

    [Fact]
    public void A_helper_asleep_after_a_long_pause_is_woken_by_the_next_call()
    {
        WorkerPool.Run(2, _ => { });
        Thread.Sleep(50); // far past the helpers' spinning: they sleep on their monitors now
        var ran = new int[2];
        WorkerPool.Run(2, p => ran[p] = 1);
        Assert.Equal([1, 1], ran);
    }
}
