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
public sealed record StudyDefinition(
    string Name, string Model, string BaseSpec, int Trials, string Sampler, string Pruner, int Folds, int Seed, TimeSpan HeartbeatTimeout);
