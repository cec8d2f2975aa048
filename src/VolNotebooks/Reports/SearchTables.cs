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
}
