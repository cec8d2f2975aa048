using System.Collections.Concurrent;
using System.Diagnostics;
using VolNotebooks.Runs;

namespace VolNotebooks.Tests.Runs;

/// <summary>The run store and the study store on a real PostgreSQL server (tests/fixtures/postgres.sh).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServer server)
{
    private static readonly StoreRetryPolicy Quiet = new(8, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), TextWriter.Null);

    private static RunRecord Sample(string model = "LSTMForecaster", DateTimeOffset? at = null) => new()
    {
        Kind = RunKind.Train,
        Model = model,
        StartedAt = at ?? new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Seconds = 12.5,
        Spec = """{"seed":42}""",
        // Recorded in this order, which is not the names' order: reading back keeps it.
        Metrics = new Dictionary<string, double> { ["rmse"] = 0.25, ["qlike"] = double.NaN, ["mae"] = 0.125 },
        History = [.. Enumerable.Range(1, 3).Select(e => new RunEpoch(e, 1.0 / e, 2.0 / e, 1e-3, 0.5))],
        Artifacts = [new RunArtifact("results/b.csv", new string('b', 64), 3_000_000_000), new RunArtifact("results/a.csv", new string('a', 64), 7)],
        Machine = new MachineInfo("TestOS", "X64", 2, "Test CPU", ["avx2", "fma"], ".NET 10"),
    };

    private static StudyDefinition Study(int trials, double heartbeatSeconds = 60) =>
        new("s", "LSTMForecaster", "{}", trials, "random", "none", 3, 7, TimeSpan.FromSeconds(heartbeatSeconds));

    private static string Params(IReadOnlyList<StoredTrial> trials, int number) => $$"""{"n":{{number}}}""";

    [Fact]
    public void A_fresh_postgres_store_has_every_migration_and_the_same_tables_and_columns_as_a_sqlite_store()
    {
        using var store = RunStore.Open(server.CreateDatabase(), Quiet);
        Assert.Equal(RunStoreSchema.Latest, store.SchemaVersion);
        Assert.Equal(RunStoreSchema.SqliteMigrations.Count, RunStoreSchema.PostgresMigrations.Count);
        using var folder = new TempFolder();
        using var sqlite = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        Assert.Equal(
            Columns(sqlite, "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"),
            Columns(store, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"));
        Assert.Contains("run_metrics.position", Columns(store, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"));

        static List<string> Columns(RunStore s, string sql)
        {
            using var command = RunStoreSchema.Command(s.Connection, null, sql);
            using var reader = command.ExecuteReader();
            var columns = new List<(string Table, int Order, string Column)>();
            while (reader.Read()) columns.Add((reader.GetString(0), columns.Count, reader.GetString(1)));
            return [.. columns.OrderBy(c => c.Table, StringComparer.Ordinal).ThenBy(c => c.Order).Select(c => $"{c.Table}.{c.Column}")];
        }
    }

    [Fact]
    public void Four_processes_opening_a_new_database_at_once_migrate_it_once()
    {
        var url = server.CreateDatabase();
        var versions = new ConcurrentBag<int>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            using var store = RunStore.Open(url, Quiet);
            versions.Add(store.SchemaVersion);
        });
        Assert.All(versions, v => Assert.Equal(RunStoreSchema.Latest, v));
        Assert.Equal(
            [string.Join(",", Enumerable.Range(1, RunStoreSchema.Latest))],
            server.Sql(PostgresServer.DatabaseOf(url), "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version"));
    }

    [Fact]
    public void A_run_recorded_in_postgres_reads_back_whole_and_lists_filter_as_in_sqlite()
    {
        using var store = RunStore.Open(server.CreateDatabase(), Quiet);
        var day = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var first = store.Record(Sample("A", day.AddDays(-2)));
        store.Record(Sample("B", day.AddDays(-1)));
        store.Record(Sample("A", day.AddDays(1)) with { Kind = RunKind.Trial, Study = "s", Trial = 3 });

        var run = store.Get(first);
        var expected = Sample("A", day.AddDays(-2));
        Assert.Equal((RunKind.Train, "A", expected.StartedAt, 12.5, """{"seed":42}"""), (run.Kind, run.Model, run.StartedAt, run.Seconds, run.Spec));
        Assert.Equal(["rmse", "qlike", "mae"], run.Metrics.Keys);
        Assert.True(double.IsNaN(run.Metrics["qlike"]));
        Assert.Equal(expected.History, run.History);
        // Artifacts by path; a byte count past 2^31 survives (BIGINT).
        Assert.Equal(["results/a.csv", "results/b.csv"], run.Artifacts.Select(a => a.Path));
        Assert.Equal(3_000_000_000, run.Artifacts[1].Bytes);
        Assert.Equal(["avx2", "fma"], run.Machine.CpuFlags);

        Assert.Equal(["A", "B", "A"], store.List().Select(r => r.Model));
        Assert.Equal(2, store.List(new RunQuery(Model: "a")).Count);
        var trial = Assert.Single(store.List(new RunQuery(Since: day)));
        Assert.Equal((RunKind.Trial, "s", (int?)3), (trial.Kind, trial.Study, trial.Trial));
        Assert.Single(store.List(new RunQuery(Kind: RunKind.Trial)));
        Assert.Single(store.List(new RunQuery(Limit: 1)));
        Assert.Contains("no run with id 99", Assert.Throws<KeyNotFoundException>(() => store.Get(99)).Message);
    }

    [Fact]
    public void Three_workers_with_their_own_connections_claim_a_12_trial_study_with_no_duplicates()
    {
        var url = server.CreateDatabase();
        using (var store = RunStore.Open(url, Quiet)) new StudyStore(store).Create(Study(12));
        var claims = new ConcurrentBag<(int Worker, int Number)>();
        using var start = new Barrier(3);
        Parallel.For(0, 3, new ParallelOptions { MaxDegreeOfParallelism = 3 }, w =>
        {
            using var store = RunStore.Open(url, Quiet);
            var studies = new StudyStore(store);
            start.SignalAndWait();
            while (studies.Claim("s", $"w{w}", Params) is StoredTrial t)
            {
                claims.Add((w, t.Number));
                // A little work between claim and finish keeps the three workers claiming side by side.
                Thread.Sleep(20);
                Assert.True(studies.Finish("s", t.Number, $"w{w}", StoredTrialState.Complete, t.Number, null,
                    new RunRecord { Kind = RunKind.Trial, Model = "LSTMForecaster", Study = "s", Trial = t.Number }));
            }
        });
        Assert.Equal(Enumerable.Range(0, 12), claims.Select(c => c.Number).Order());
        Assert.True(claims.Select(c => c.Worker).Distinct().Count() > 1, "one worker took every trial");
        using var reader = RunStore.Open(url, Quiet);
        var studies = new StudyStore(reader);
        Assert.All(studies.Trials("s"), t => Assert.Equal((StoredTrialState.Complete, 1, (double?)t.Number), (t.State, t.Attempts, t.Value)));
        Assert.Equal(Enumerable.Range(0, 12), studies.Attempts("s").Select(a => a.Number));
        Assert.Equal(Enumerable.Range(0, 12), reader.List(new RunQuery(Kind: RunKind.Trial)).Select(r => r.Trial!.Value).Order());
    }

    [Fact]
    public void A_trial_whose_worker_missed_its_heartbeats_is_retried_on_postgres_and_the_dead_worker_cannot_finish_it()
    {
        using var store = RunStore.Open(server.CreateDatabase(), Quiet);
        var studies = new StudyStore(store);
        studies.Create(Study(2, heartbeatSeconds: 0.2));
        Assert.Equal(0, studies.Claim("s", "dead", Params)!.Number);
        Assert.True(studies.Report("s", 0, "dead", 1, 0.5));
        Assert.True(studies.Report("s", 0, "dead", 1, 0.25));
        Assert.Equal(0.25, studies.Trials("s")[0].Steps[1]);
        Thread.Sleep(400);
        var retry = studies.Claim("s", "alive", (_, _) => throw new InvalidOperationException("a retried trial keeps its parameters"))!;
        Assert.Equal((0, 2, """{"n":0}"""), (retry.Number, retry.Attempts, retry.Parameters));
        Assert.Empty(studies.Trials("s")[0].Steps);
        Assert.False(studies.Heartbeat("s", 0, "dead"));
        Assert.False(studies.Report("s", 0, "dead", 2, 0.1));
        Assert.False(studies.Finish("s", 0, "dead", StoredTrialState.Complete, 0.1, null, null));
        Assert.True(studies.Finish("s", 0, "alive", StoredTrialState.Complete, 0.3, null, null));
        var attempts = studies.Attempts("s");
        Assert.Equal([(1, "dead", StoredTrialState.Failed), (2, "alive", StoredTrialState.Complete)], attempts.Select(a => (a.Attempt, a.Worker, a.State)));
        Assert.Contains("worker dead missed its heartbeats", attempts[0].Error);
    }

    [Fact]
    public void A_terminated_connection_is_replaced_and_the_transaction_redone_after_a_logged_backoff()
    {
        var url = server.CreateDatabase();
        using var log = new StringWriter();
        using var store = RunStore.Open(url, Quiet with { Log = log });
        var studies = new StudyStore(store);
        studies.Create(Study(3));
        var claimed = studies.Claim("s", "w", Params)!;
        // An administrator ends the store's session (as a server restart or a network break would).
        Assert.Equal(1, server.TerminateVolnbSessions(PostgresServer.DatabaseOf(url)));
        Assert.True(studies.Report("s", claimed.Number, "w", 1, 0.5));
        Assert.Contains("retry 1 of 8 in 0.05 s", log.ToString());
        Assert.Contains("57P01", log.ToString());
        Assert.True(studies.Finish("s", claimed.Number, "w", StoredTrialState.Complete, 0.5, null, Sample()));
        Assert.Equal([StoredTrialState.Complete, StoredTrialState.Waiting, StoredTrialState.Waiting], studies.Trials("s").Select(t => t.State));
        Assert.Single(store.List());
    }

    [Fact]
    public void An_unreachable_store_gives_up_after_its_bounded_retries_with_an_error_naming_the_storage()
    {
        // A loopback port nothing listens on (the fixture's own port plus one is as free as any, checked here).
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var log = new StringWriter();
        var policy = new StoreRetryPolicy(3, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(100), log);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<RunStoreUnavailableException>(() => RunStore.Open($"postgresql://volnb@127.0.0.1:{port}/nowhere", policy));
        // Backoff 40, 80, then 100 (the cap) ms between the four attempts.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(220), $"gave up after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.StartsWith($"postgresql://volnb@127.0.0.1:{port}/nowhere: the run store is unreachable: 3 retries over", e.Message);
        Assert.Equal(["retry 1 of 3 in 0.04 s", "retry 2 of 3 in 0.08 s", "retry 3 of 3 in 0.1 s"],
            log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[l.LastIndexOf("retry", StringComparison.Ordinal)..].Trim()));
    }
}
