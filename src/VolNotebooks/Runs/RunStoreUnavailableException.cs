namespace VolNotebooks.Runs;

/// <summary>The run store could not be reached: its connection was lost and every retry of <see cref="StoreRetryPolicy"/>
/// failed too. The message names the store and what the last attempt said.</summary>
public sealed class RunStoreUnavailableException : IOException
{
    /// <summary>An exception with <paramref name="message"/> caused by <paramref name="inner"/>.</summary>
    /// <param name="message">Names the store, the retries made and the last error.</param>
    /// <param name="inner">The last attempt's error.</param>
    public RunStoreUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    /// <param name="message">Names the store.</param>
    public RunStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with no message (for serializers).</summary>
    public RunStoreUnavailableException()
    {
    }
}
