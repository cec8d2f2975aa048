using System.Globalization;
using VolNotebooks.Charts;
using VolNotebooks.Runs;

namespace VolNotebooks.Reports;

/// <summary>Recorded runs as tables, for notebooks that show what ran before (<c>RunTables.Past(model: "LSTMForecaster")</c>).</summary>
public static class RunTables
{
    /// <summary>The runs matching the filters, newest first: id, kind, model, start (UTC), seconds, and the given metrics.</summary>
    /// <param name="model">Only this model (architecture, ARCH specification or notebook name), or every model.</param>
    /// <param name="since">Only runs started at or after this instant.</param>
    /// <param name="metrics">Metric columns to show, in order (a run without one shows NaN); default <c>rmse</c>, <c>qlike</c>.</param>
    /// <param name="storage">The store file, or <see langword="null"/> for <see cref="RunStore.DefaultPath"/>.</param>
    /// <param name="limit">At most this many runs.</param>
    public static Table Past(string? model = null, DateTimeOffset? since = null, IReadOnlyList<string>? metrics = null, string? storage = null, int limit = 50)
    {
        using var store = RunStore.Open(storage);
        return Of(store.List(new RunQuery(model, since, Limit: limit)), metrics);
    }

    /// <summary>The given runs as a table: id, kind, model, start (UTC), seconds, and the given metrics.</summary>
    /// <param name="runs">Runs from <see cref="RunStore.List"/>.</param>
    /// <param name="metrics">Metric columns, in order; default <c>rmse</c>, <c>qlike</c>.</param>
    public static Table Of(IReadOnlyList<RunRecord> runs, IReadOnlyList<string>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        metrics ??= ["rmse", "qlike"];
        var table = new Table(["id", "kind", "model", "started (UTC)", "seconds", .. metrics]).Format("seconds", "0.0");
        foreach (var m in metrics) table.Format(m, "G6");
        foreach (var run in runs)
        {
            table.AddRow([
                run.Id, run.Kind.ToString().ToLowerInvariant(), run.Model,
                run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), run.Seconds,
                .. metrics.Select(m => (object?)run.Metrics.GetValueOrDefault(m, double.NaN)),
            ]);
        }

        table.Caption = $"{runs.Count} recorded run{(runs.Count == 1 ? "" : "s")}";
        return table;
    }
}
