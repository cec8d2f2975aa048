using VolNotebooks.Runs;
using VolNotebooks.Search;

namespace VolNotebooks.Training;

/// <summary>A hyperparameter search kept in a run store (<see cref="ModelSearch.RunInStore"/>): the study as stored, its
/// trials, their runs, and what the last call ran of it.</summary>
/// <param name="Storage">The store holding it.</param>
/// <param name="Definition">The stored study.</param>
/// <param name="Study">Its trials (parameters, states, values, reported steps, run times).</param>
/// <param name="Runs">The runs its finished trials recorded, by trial number.</param>
/// <param name="Ran">What the last call ran: no trials when the store already held the finished study.</param>
public sealed record StoredSearch(string Storage, StudyDefinition Definition, Study Study, IReadOnlyList<RunRecord> Runs, StudyRunSummary Ran)
{
    /// <summary>Trials finished: complete, pruned or failed.</summary>
    public int Finished => Study.Trials.Count(t => t.State != TrialState.Running);

    /// <summary>Of the finished trials, the share the pruner stopped.</summary>
    public double PrunedShare => Finished == 0 ? double.NaN : (double)Study.Trials.Count(t => t.State == TrialState.Pruned) / Finished;

    /// <summary>Worker time the trials took, summed over the trials (from their runs).</summary>
    public TimeSpan TrialTime => TimeSpan.FromSeconds(Runs.Sum(r => r.Seconds));

    /// <summary>Wall time from the first trial's start to the last trial's end (pauses between resumed runs included).</summary>
    public TimeSpan Elapsed => Runs.Count == 0
        ? TimeSpan.Zero
        : Runs.Max(r => r.StartedAt + TimeSpan.FromSeconds(r.Seconds)) - Runs.Min(r => r.StartedAt);

    /// <summary>Finished trials per hour of <see cref="Elapsed"/>.</summary>
    public double TrialsPerHour => Finished / Elapsed.TotalHours;

    /// <summary>The complete trial with the lowest value.</summary>
    public Trial BestTrial => Study.BestTrial;
}
