namespace VolNotebooks.Runs;

/// <summary>Where a stored study's trial stands.</summary>
public enum StoredTrialState
{
    /// <summary>Not yet claimed, or handed back after its worker died.</summary>
    Waiting,

    /// <summary>Claimed by a worker that keeps its heartbeat.</summary>
    Running,

    /// <summary>Finished with a value.</summary>
    Complete,

    /// <summary>Stopped early by the pruner.</summary>
    Pruned,

    /// <summary>The objective failed (an attempt whose worker died is recorded as failed in the attempts, and the trial waits again).</summary>
    Failed,
}
