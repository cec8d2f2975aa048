namespace VolNotebooks.Runs;

/// <summary>One claim of a trial by a worker.</summary>
/// <param name="Number">The trial's number.</param>
/// <param name="Attempt">1 for its first claim, more for retries.</param>
/// <param name="Worker">The worker that made the claim.</param>
/// <param name="State">Running, or how the attempt ended (failed when its worker missed its heartbeats).</param>
/// <param name="Error">Why it failed.</param>
public sealed record TrialAttempt(int Number, int Attempt, string Worker, StoredTrialState State, string? Error);
