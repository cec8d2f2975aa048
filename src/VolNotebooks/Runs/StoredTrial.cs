namespace VolNotebooks.Runs;

/// <summary>One trial of a stored study as the store holds it.</summary>
/// <param name="Number">0-based trial number.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Parameters">Its sampled hyperparameters as a JSON object, or <see langword="null"/> before its first claim.</param>
/// <param name="Value">Its objective value (complete) or last reported value (pruned).</param>
/// <param name="Worker">The worker that holds or last held it.</param>
/// <param name="Attempts">How many times a worker claimed it (more than 1 after a dead worker's attempt was retried).</param>
/// <param name="Error">Why its last attempt failed, if it did.</param>
/// <param name="Steps">Intermediate values reported by its current (or last) attempt, by step.</param>
/// <param name="RunId">The run recorded when it finished.</param>
public sealed record StoredTrial(
    int Number, StoredTrialState State, string? Parameters, double? Value, string? Worker, int Attempts, string? Error,
    IReadOnlyDictionary<int, double> Steps, long? RunId);
