using System.Diagnostics;
using System.Text.Json.Nodes;
using VolNotebooks.Runs;

namespace VolNotebooks.Cli.Tests;

/// <summary>Studies on a real PostgreSQL server (tests/fixtures/postgres.sh) run by separate <c>volnb study run</c>
/// processes, as workers on several machines would run them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStudyTests(PostgresServer server)
{
    // A tiny experiment: JPM returns over two years, two folds; the trials' epochs are set per test.
    private static readonly string[] Experiment =
        ["--model", "LSTMForecaster", "--ticker", "JPM", "--target", "return", "--from", "2021-01-01", "--to", "2022-12-31", "--folds", "2"];

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private static async Task Create(string url, params string[] options)
    {
        var (code, _, error) = await CliRunner.RunAsync(["study", "create", "--name", "s", "--storage", url, .. options, .. Experiment]);
        Assert.True(code == 0, error);
    }

    /// <summary>Starts <c>volnb study run</c> in a process of its own, its output read as it comes.</summary>
    private static Worker Start(string url, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "exec", typeof(CliApp).Assembly.Location, "study", "run", "--name", "s", "--storage", url }.Concat(options)) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        return new Worker(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    private static IReadOnlyList<StoredTrial> Trials(string url)
    {
        using var store = RunStore.Open(url);
        return new StudyStore(store).Trials("s");
    }

    [Fact]
    public async Task Three_worker_processes_finish_a_12_trial_study_with_no_trial_run_twice()
    {
        var url = server.CreateDatabase();
        await Create(url, "--trials", "12", "--sampler", "random", "--pruner", "none", "--epochs", "1");
        var workers = Enumerable.Range(0, 3).Select(_ => Start(url)).ToList();
        foreach (var w in workers) Assert.True(await w.Exit(Patience), $"a worker failed: {await w.Error}");

        // Each process prints the trials it finished: together every trial once.
        var printed = new List<int>();
        foreach (var w in workers) printed.AddRange((await w.Output).Split('\n').Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Enumerable.Range(0, 12), printed.Order());

        using var store = RunStore.Open(url);
        var studies = new StudyStore(store);
        Assert.All(studies.Trials("s"), t => Assert.Equal((StoredTrialState.Complete, 1), (t.State, t.Attempts)));
        Assert.Equal(12, studies.Trials("s").Select(t => t.Parameters).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 12), store.List(new RunQuery(Kind: RunKind.Trial)).Select(r => r.Trial!.Value).Order());
        // Worker names are host:pid:thread:nonce; more than one process took trials.
        var processes = studies.Attempts("s").Select(a => a.Worker.Split(':')[1]).Distinct().Count();
        Assert.True(processes >= 2, $"only {processes} of the 3 processes claimed a trial");
    }

    [Fact]
    public async Task A_worker_process_killed_mid_trial_leaves_a_failed_attempt_that_another_worker_retries_and_the_study_completes()
    {
        var url = server.CreateDatabase();
        await Create(url, "--trials", "4", "--sampler", "random", "--pruner", "none", "--epochs", "4", "--heartbeat-timeout", "2");
        var victim = Start(url);
        IReadOnlyList<StoredTrial> atKill = [];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience && !victim.Process.HasExited)
        {
            atKill = Trials(url);
            if (atKill.Any(t => t.State == StoredTrialState.Running && t.Steps.Count > 0)) break;
            Thread.Sleep(100);
        }

        if (victim.Process.HasExited) Assert.Fail($"the worker ended before it could be killed: {await victim.Output} {await victim.Error}");
        // SIGKILL: no handler runs, the trial stays 'Running' with a heartbeat that stops.
        victim.Process.Kill();
        await victim.Process.WaitForExitAsync();
        atKill = Trials(url);
        var killed = Assert.Single(atKill, t => t.State == StoredTrialState.Running);
        var finishedBefore = atKill.Where(t => t.State == StoredTrialState.Complete).ToDictionary(t => t.Number, t => (t.Value, t.Parameters));

        var survivor = Start(url);
        Assert.True(await survivor.Exit(Patience), $"the second worker failed: {await survivor.Error}");
        Assert.Contains($"trial {killed.Number} complete", await survivor.Output);

        using var store = RunStore.Open(url);
        var studies = new StudyStore(store);
        var trials = studies.Trials("s");
        Assert.All(trials, t => Assert.Equal(StoredTrialState.Complete, t.State));
        foreach (var (number, before) in finishedBefore) Assert.Equal(before, (trials[number].Value, trials[number].Parameters));
        Assert.Equal((2, killed.Parameters), (trials[killed.Number].Attempts, trials[killed.Number].Parameters));
        var attempts = studies.Attempts("s").Where(a => a.Number == killed.Number).ToList();
        Assert.Equal([StoredTrialState.Failed, StoredTrialState.Complete], attempts.Select(a => a.State));
        Assert.Contains("missed its heartbeats for 2 s", attempts[0].Error);
        Assert.NotEqual(attempts[0].Worker.Split(':')[1], attempts[1].Worker.Split(':')[1]);
        Assert.Equal(Enumerable.Range(0, 4), store.List(new RunQuery(Kind: RunKind.Trial)).Select(r => r.Trial!.Value).Order());
    }

    [Fact]
    public async Task Workers_whose_sessions_are_terminated_retry_with_backoff_and_finish_the_study()
    {
        var url = server.CreateDatabase();
        var database = PostgresServer.DatabaseOf(url);
        await Create(url, "--trials", "6", "--sampler", "random", "--pruner", "median", "--epochs", "2");
        var worker = Start(url, "--workers", "2");
        var clock = Stopwatch.StartNew();
        var terminated = 0;
        // End the workers' sessions twice while trials run: claims, reports, heartbeats and finishes all meet a dead connection.
        while (clock.Elapsed < Patience && !worker.Process.HasExited && terminated < 2)
        {
            var trials = Trials(url);
            if (trials.Count(t => t.State != StoredTrialState.Waiting) > 2 * terminated && trials.Any(t => t.State == StoredTrialState.Running))
            {
                if (server.TerminateVolnbSessions(database) > 0) terminated++;
            }

            Thread.Sleep(200);
        }

        Assert.True(terminated == 2, $"the sessions were ended {terminated} times before the worker finished: {await worker.Error}");
        Assert.True(await worker.Exit(Patience), $"the worker failed: {await worker.Error}");
        var log = await worker.Error;
        Assert.Contains($"volnb: {url}: ", log);
        Assert.Contains("57P01", log);
        Assert.Contains("retry 1 of 8 in 0.25 s", log);
        Assert.Contains("ran 6 trials; the study has", await worker.Output);

        var show = await CliRunner.RunAsync("study", "show", "--name", "s", "--storage", url, "--json");
        Assert.True(show.Code == 0, show.Error);
        var shown = JsonNode.Parse(show.Output)!["trials"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, 6), shown.Select(t => t!["number"]!.GetValue<int>()));
        Assert.All(shown, t => Assert.Contains(t!["state"]!.GetValue<string>(), new[] { "complete", "pruned" }));
        using var store = RunStore.Open(url);
        Assert.Equal(Enumerable.Range(0, 6), store.List(new RunQuery(Kind: RunKind.Trial)).Select(r => r.Trial!.Value).Order());
    }

    /// <summary>A <c>volnb study run</c> process and its output.</summary>
    private sealed record Worker(Process Process, Task<string> Output, Task<string> Error)
    {
        /// <summary>Waits for the process (killing it after <paramref name="patience"/>) and says whether it exited 0.</summary>
        public async Task<bool> Exit(TimeSpan patience)
        {
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await Process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Process.Kill();
                return false;
            }

            return Process.ExitCode == 0;
        }
    }
}
