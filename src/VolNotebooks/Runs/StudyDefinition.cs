namespace VolNotebooks.Runs;

/// <summary>A hyperparameter study as stored: what it searches and how, so that any worker on any process can run it.</summary>
/// <param name="Name">Unique name in the store.</param>
/// <param name="Model">The architecture searched.</param>
/// <param name="BaseSpec">The experiment spec (JSON) that each trial varies.</param>
/// <param name="Trials">How many trials the study runs in all.</param>
/// <param name="Sampler"><c>tpe</c> or <c>random</c>.</param>
/// <param name="Pruner"><c>median</c>, <c>asha</c> or <c>none</c>.</param>
/// <param name="Folds">Time-series cross-validation folds per trial.</param>
/// <param name="Seed">Seed of the sampler (trials are also seeded by the base spec's seed plus their number).</param>
/// <param name="HeartbeatTimeout">A running trial whose worker has not beaten for this long is taken as dead and retried.</param>
/// <param name="Batch">0: a trial is sampled from, and pruned against, whatever other trials stand in the store at the
/// time. B &gt; 0: trial n is sampled from, and pruned against, exactly the trials numbered up to n - B, and is claimed
/// only once they have all finished; so the study's trials are the same however many workers (up to about B) run it.</param>
public sealed record StudyDefinition(
    string Name, string Model, string BaseSpec, int Trials, string Sampler, string Pruner, int Folds, int Seed, TimeSpan HeartbeatTimeout,
    int Batch = 0)
{
    /// <summary>Whether trial <paramref name="number"/> may learn from trial <paramref name="other"/> (sample from it, be
    /// pruned against it).</summary>
    /// <param name="number">The trial sampled or judged.</param>
    /// <param name="other">Another trial of the study.</param>
    public bool Sees(int number, int other) => other != number && (Batch == 0 || other <= number - Batch);
}
