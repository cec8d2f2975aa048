using VolNotebooks.Charts;
using VolNotebooks.Search;

namespace VolNotebooks.Reports;

/// <summary>Hyperparameter searches as tables.</summary>
public static class SearchTables
{
    /// <summary>Every trial of <paramref name="study"/> as a table: number, state, value, parameters, steps reported, seconds.</summary>
    /// <param name="study">A finished or running search.</param>
    public static Table Trials(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var columns = new List<string> { "trial", "state", "value" };
        columns.AddRange(study.Space.Parameters.Select(p => p.Name));
        columns.AddRange(["steps", "seconds"]);
        var table = new Table([.. columns]).Format("value", "G6").Format("seconds", "0.00");
        foreach (var t in study.Trials)
        {
            var row = new List<object?> { t.Number, t.State.ToString().ToLowerInvariant(), t.Value ?? double.NaN };
            row.AddRange(study.Space.Parameters.Select(p => (object?)Trial.Format(t.Parameters[p.Name])));
            row.AddRange([t.IntermediateValues.Count, t.Duration.TotalSeconds]);
            table.AddRow([.. row]);
        }

        return table;
    }

    /// <summary>What stored searches cost: per search its trials by state, the pruned share, the worker time of its
    /// trials, the wall time from its first trial's start to its last trial's end, and finished trials per hour of that.</summary>
    /// <param name="searches">Searches run with <see cref="Training.ModelSearch.RunInStore"/>.</param>
    public static Table Cost(IEnumerable<Training.StoredSearch> searches)
    {
        ArgumentNullException.ThrowIfNull(searches);
        var table = new Table("study", "trials", "complete", "pruned", "failed", "pruned share", "trial hours", "wall hours", "trials per hour", "run now")
            .Format("pruned share", "0%").Format("trial hours", "0.00").Format("wall hours", "0.00").Format("trials per hour", "0");
        foreach (var s in searches)
        {
            table.AddRow(
                s.Definition.Name, s.Finished, s.Study.Trials.Count(t => t.State == TrialState.Complete), s.Study.Trials.Count(t => t.State == TrialState.Pruned),
                s.Study.Trials.Count(t => t.State == TrialState.Failed), s.PrunedShare, s.TrialTime.TotalHours, s.Elapsed.TotalHours, s.TrialsPerHour, s.Ran.Finished);
        }

        return table;
    }
}
