using System.Globalization;

namespace VolNotebooks.Runs;

/// <summary>How a run store retries work whose connection was lost (a database restart, a network break, an
/// administrator ending the session): each retry opens a fresh connection and redoes the whole transaction, after a
/// delay that doubles from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>; each is logged, and after
/// <see cref="Retries"/> of them the store gives up with a <see cref="RunStoreUnavailableException"/> naming itself.</summary>
/// <remarks>Redoing a transaction is safe for every operation of the store: a claim, a heartbeat, a report and a
/// finish check that the worker still holds its trial. The one ambiguous case is a connection lost while a commit was
/// on its way: the commit may have happened, and a recorded run may then be recorded twice (a claim or a finish never
/// is: the retry finds the trial already taken or finished).</remarks>
/// <param name="Retries">Retries after the first failure (0: fail at once).</param>
/// <param name="FirstDelay">Delay before the first retry.</param>
/// <param name="MaxDelay">Longest delay between two retries.</param>
/// <param name="Log">Where retries are logged, or <see langword="null"/> for standard error.</param>
public sealed record StoreRetryPolicy(int Retries, TimeSpan FirstDelay, TimeSpan MaxDelay, TextWriter? Log = null)
{
    /// <summary>8 retries from 0.25 s doubling up to 8 s: about 30 s in all, long enough to ride out a database restart.</summary>
    public static StoreRetryPolicy Default { get; } = new(8, TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(8));

    /// <summary>The delay before retry <paramref name="retry"/> (0-based): <c>min(FirstDelay * 2^retry, MaxDelay)</c>.</summary>
    /// <param name="retry">0 for the first retry.</param>
    public TimeSpan Delay(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        return TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, (long)Math.Min(FirstDelay.Ticks * Math.Pow(2, retry), long.MaxValue)));
    }

    /// <summary>Writes one retry line to <see cref="Log"/> (standard error when none).</summary>
    internal void Report(string location, int retry, TimeSpan delay, Exception error) =>
        (Log ?? Console.Error).WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"volnb: {location}: {error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")}; retry {retry + 1} of {Retries} in {delay.TotalSeconds:0.##} s"));
}
