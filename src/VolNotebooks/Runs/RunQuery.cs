namespace VolNotebooks.Runs;

/// <summary>Which runs <see cref="RunStore.List"/> returns; every criterion left null matches all.</summary>
/// <param name="Model">Only runs of this model (case-insensitive).</param>
/// <param name="Since">Only runs started at or after this instant.</param>
/// <param name="Kind">Only runs of this kind.</param>
/// <param name="Limit">At most this many, newest first.</param>
public sealed record RunQuery(string? Model = null, DateTimeOffset? Since = null, RunKind? Kind = null, int? Limit = null);
