using VolNotebooks.Reports;
using VolNotebooks.Runs;
using VolNotebooks.Testing;

namespace VolNotebooks.Tests.Reports;

public sealed class RunTablesTests
{
    [Fact]
    public void Past_lists_the_stored_runs_of_one_model_newest_first_with_the_asked_metrics()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "runs.db");
        using (var store = RunStore.Open(path))
        {
            var at = new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
            store.Record(new RunRecord { Kind = RunKind.Train, Model = "LSTMVol", StartedAt = at, Metrics = new Dictionary<string, double> { ["rmse"] = 0.5 } });
            store.Record(new RunRecord { Kind = RunKind.Garch, Model = "garch-normal-constant", StartedAt = at.AddHours(1) });
            store.Record(new RunRecord { Kind = RunKind.Train, Model = "LSTMVol", StartedAt = at.AddHours(2), Metrics = new Dictionary<string, double> { ["rmse"] = 0.25 } });
        }

        var table = RunTables.Past(model: "LSTMVol", metrics: ["rmse"], storage: path);
        Assert.Equal(["id", "kind", "model", "started (UTC)", "seconds", "rmse"], table.Columns);
        Assert.Equal([3L, 1L], table.Rows.Select(r => r[0]));
        Assert.Equal([0.25, 0.5], table.Rows.Select(r => r[5]));
        Assert.Equal("2026-05-01 11:00:00", table.Rows[0][3]);
        Assert.Equal("2 recorded runs", table.Caption);
    }
}
