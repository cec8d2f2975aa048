using System.Diagnostics;

namespace VolNotebooks.Neural;

/// <summary>Optional wall-clock breakdown of a training step by operation, for the engine benchmark's <c>--profile</c>.</summary>
/// <remarks>
/// Off by default (one branch per recorded operation). When on, the forward time of an operation is the time since the
/// previous recorded operation (or <see cref="Mark"/>) ended - it includes the module code and any unrecorded work
/// before it, e.g. drawing a dropout mask - and the backward time is the time of its replayed step. Operations are named
/// by the method that recorded them. Single-threaded use only (the benchmark's training loop).
/// </remarks>
public static class OpProfile
{
    private static readonly Dictionary<string, (double Forward, double Backward, long Count)> Totals = [];
    private static long _mark;

    /// <summary>Whether operations are timed.</summary>
    public static bool Enabled { get; set; }

    /// <summary>Starts the forward clock (call before a forward pass).</summary>
    public static void Mark() => _mark = Stopwatch.GetTimestamp();

    /// <summary>Forgets all totals.</summary>
    public static void Reset() => Totals.Clear();

    /// <summary>Seconds spent per operation: (name, forward, backward, records), largest total first.</summary>
    public static IReadOnlyList<(string Name, double Forward, double Backward, long Count)> Snapshot() =>
        Totals.Select(kv => (kv.Key, kv.Value.Forward, kv.Value.Backward, kv.Value.Count))
            .OrderByDescending(r => r.Forward + r.Backward).ToList();

    internal static long Now() => Stopwatch.GetTimestamp();

    internal static void AddForward(Delegate backward)
    {
        if (!Enabled)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        Add(Name(backward), (now - _mark) / (double)Stopwatch.Frequency, 0, 1);
        _mark = now;
    }

    internal static void AddBackward(Delegate backward, long start) =>
        Add(Name(backward), 0, (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency, 0);

    private static void Add(string name, double forward, double backward, long count)
    {
        var t = Totals.GetValueOrDefault(name);
        Totals[name] = (t.Forward + forward, t.Backward + backward, t.Count + count);
    }

    // A lambda's compiled name carries its enclosing method, e.g. "<Conv1d>b__0" → "Conv1d".
    private static string Name(Delegate d)
    {
        string m = d.Method.Name;
        int open = m.IndexOf('<', StringComparison.Ordinal), close = m.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open ? m[(open + 1)..close] : m;
    }
}
