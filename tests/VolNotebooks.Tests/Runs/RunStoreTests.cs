using Microsoft.Data.Sqlite;
using VolNotebooks.Runs;
using VolNotebooks.Testing;

namespace VolNotebooks.Tests.Runs;

public sealed class RunStoreTests
{
    private static RunRecord Sample(string model = "LSTMForecaster", DateTimeOffset? at = null, int epochs = 3) => new()
    {
        Kind = RunKind.Train,
        Model = model,
        StartedAt = at ?? new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Seconds = 12.5,
        Spec = """{"seed":42}""",
        Metrics = new Dictionary<string, double> { ["rmse"] = 0.25, ["qlike"] = double.NaN },
        History = [.. Enumerable.Range(1, epochs).Select(e => new RunEpoch(e, 1.0 / e, 2.0 / e, 1e-3, 0.5))],
        Machine = new MachineInfo("TestOS", "X64", 2, "Test CPU", ["avx2", "fma"], ".NET 10"),
    };

    [Fact]
    public void A_recorded_run_reads_back_whole_with_nan_metrics_kept_as_nan()
    {
        using var folder = new TempFolder();
        var file = folder.Write("model.ckpt", "abc");
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var id = store.Record(Sample() with { Artifacts = [RunArtifact.Of(file)] });
        var run = store.Get(id);
        Assert.Equal(id, run.Id);
        Assert.Equal(RunKind.Train, run.Kind);
        Assert.Equal("LSTMForecaster", run.Model);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), run.StartedAt);
        Assert.Equal(12.5, run.Seconds);
        Assert.Equal("""{"seed":42}""", run.Spec);
        Assert.Equal(0.25, run.Metrics["rmse"]);
        Assert.True(double.IsNaN(run.Metrics["qlike"]));
        Assert.Equal(Sample().History, run.History);
        Assert.Equal(["avx2", "fma"], run.Machine.CpuFlags);
        Assert.Equal("Test CPU", run.Machine.CpuModel);
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Assert.Single(run.Artifacts).Sha256);
        Assert.Equal(3, run.Artifacts[0].Bytes);
        Assert.Equal(RunRecord.CurrentLibraryVersion, run.LibraryVersion);
    }

    [Fact]
    public void A_fresh_store_has_every_migration_recorded_in_order_and_runs_in_wal_mode()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        Assert.Equal(RunStoreSchema.Latest, store.SchemaVersion);
        using var versions = RunStoreSchema.Command(store.Connection, null, "SELECT group_concat(version) FROM (SELECT version FROM schema_version ORDER BY version)");
        Assert.Equal(string.Join(",", Enumerable.Range(1, RunStoreSchema.Latest)), versions.ExecuteScalar());
        using var mode = RunStoreSchema.Command(store.Connection, null, "PRAGMA journal_mode");
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    [Fact]
    public void Opening_a_version_1_store_migrates_it_and_keeps_its_runs()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "runs.db");
        using (var old = RunStore.OpenAt(path, 1))
        {
            Assert.Equal(1, old.SchemaVersion);
            // A version-1 store has no study columns: write the run as version 1 did.
            RunStoreSchema.Execute(old.Connection, null,
                "INSERT INTO runs (kind, model, started_at, seconds, spec, machine, library_version) VALUES ('Garch', 'garch-normal-constant', '2025-01-01T00:00:00.0000000Z', 1.5, NULL, '{\"os\":\"x\",\"architecture\":\"X64\",\"cores\":2,\"cpu_model\":\"\",\"cpu_flags\":[],\"runtime\":\"r\"}', '0.1')");
        }

        using var store = RunStore.Open(path);
        Assert.Equal(RunStoreSchema.Latest, store.SchemaVersion);
        var run = Assert.Single(store.List());
        Assert.Equal("garch-normal-constant", run.Model);
        Assert.Null(run.Study);
        new StudyStore(store).Create(new StudyDefinition("s", "m", "{}", 1, "random", "none", 2, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_store_newer_than_this_build_is_refused_with_both_versions_named()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "runs.db");
        using (var store = RunStore.Open(path))
            RunStoreSchema.Execute(store.Connection, null, "INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')");
        var e = Assert.Throws<InvalidOperationException>(() => RunStore.Open(path));
        Assert.Contains("schema version 99 is newer than this volnb knows", e.Message);
    }

    [Fact]
    public void Two_connections_writing_at_once_lose_no_run()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "runs.db");
        using (RunStore.Open(path))
        {
        }

        const int perWriter = 40;
        var ids = new long[2][];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, w =>
        {
            using var store = RunStore.Open(path);
            ids[w] = [.. Enumerable.Range(0, perWriter).Select(k => store.Record(Sample($"writer{w}", epochs: 5)))];
        });
        using var reader = RunStore.Open(path);
        var runs = reader.List();
        Assert.Equal(2 * perWriter, runs.Count);
        Assert.Equal(2 * perWriter, ids.SelectMany(i => i).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(5, r.History.Count));
        Assert.Equal(perWriter, reader.List(new RunQuery(Model: "WRITER1")).Count);
    }

    [Fact]
    public void A_run_that_fails_mid_write_leaves_no_row_behind()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        store.Record(Sample());
        // The second epoch row repeats epoch 1: the insert fails after the run row and its metrics were written.
        var broken = Sample() with { History = [new RunEpoch(1, 1, 1, 1, 1), new RunEpoch(1, 2, 2, 2, 2)] };
        Assert.Throws<SqliteException>(() => store.Record(broken));
        Assert.Single(store.List());
        using var metrics = RunStoreSchema.Command(store.Connection, null, "SELECT COUNT(*) FROM run_metrics");
        Assert.Equal(2L, metrics.ExecuteScalar());
    }

    [Fact]
    public void List_filters_by_model_kind_and_start_and_returns_the_newest_first()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var day = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        store.Record(Sample("A", day.AddDays(-2)));
        store.Record(Sample("B", day.AddDays(-1)));
        store.Record(Sample("A", day.AddDays(1)) with { Kind = RunKind.Trial });
        Assert.Equal(["A", "B", "A"], store.List().Select(r => r.Model));
        Assert.Equal(2, store.List(new RunQuery(Model: "a")).Count);
        Assert.Equal([RunKind.Trial], store.List(new RunQuery(Since: day)).Select(r => r.Kind));
        Assert.Single(store.List(new RunQuery(Kind: RunKind.Trial)));
        Assert.Single(store.List(new RunQuery(Limit: 1)));
        Assert.Throws<KeyNotFoundException>(() => store.Get(99));
    }

    [Fact]
    public void Cpu_info_parsing_keeps_the_model_name_and_only_the_simd_flags_listed()
    {
        const string cpuInfo = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu sse4_2 avx avx2 fma avx512f bmi2\n\nprocessor\t: 1\nflags\t\t: fpu\n";
        var (model, flags) = MachineInfo.ParseCpuInfo(cpuInfo);
        Assert.Equal("AMD EPYC 7B13", model);
        Assert.Equal(["sse4_2", "avx", "avx2", "fma", "avx512f"], flags);
        Assert.Equal(["asimd"], MachineInfo.ParseCpuInfo("Features\t: fp asimd evtstrm\n").Flags);
    }
}
