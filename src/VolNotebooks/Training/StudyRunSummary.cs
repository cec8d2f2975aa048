namespace VolNotebooks.Training;

/// <summary>What one <see cref="StudyWorker.Run"/> call finished, and where its workers' time went.</summary>
/// <remarks>The four times are summed over the workers, so with W workers they add up to at most <c>W * Wall</c>; the
/// rest is preparing the data, opening the store and the scheduling between these parts.</remarks>
/// <param name="Finished">Trials this call finished (complete, pruned or failed).</param>
/// <param name="Pruned">Of those, trials the pruner stopped.</param>
/// <param name="Failed">Of those, trials whose objective failed.</param>
/// <param name="Workers">Workers this call ran.</param>
/// <param name="Wall">Wall time of the call.</param>
/// <param name="Training">Building and training models, inside the engine (worker time).</param>
/// <param name="Store">Claiming, reporting, reading trials and finishing them in the run store (worker time).</param>
/// <param name="Sampling">The sampler proposing parameters and the pruner judging reports (worker time).</param>
/// <param name="Waiting">Idle while other workers held the last trials (worker time).</param>
public sealed record StudyRunSummary(
    int Finished, int Pruned, int Failed, int Workers, TimeSpan Wall, TimeSpan Training, TimeSpan Store, TimeSpan Sampling, TimeSpan Waiting)
{
    /// <summary>Finished trials per hour of wall time.</summary>
    public double TrialsPerHour => Finished / Wall.TotalHours;

    /// <summary>The share of the workers' wall time (<c>Workers * Wall</c>) spent in <paramref name="part"/>.</summary>
    /// <param name="part">One of the times above.</param>
    public double ShareOf(TimeSpan part) => part / (Wall * Workers);
}
