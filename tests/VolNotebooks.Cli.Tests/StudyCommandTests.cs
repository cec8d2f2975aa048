using System.Diagnostics;
using System.Text.Json.Nodes;
using VolNotebooks.Runs;
using VolNotebooks.Testing;

namespace VolNotebooks.Cli.Tests;

public sealed class StudyCommandTests
{
    // A small experiment: JPM returns over four years, two folds, a few epochs per fold.
    private static readonly string[] Experiment =
        ["--model", "LSTMForecaster", "--ticker", "JPM", "--target", "return", "--from", "2019-01-01", "--to", "2022-12-31", "--folds", "2"];

    private static async Task<JsonObject> Show(string db, string name)
    {
        var (code, output, error) = await CliRunner.RunAsync("study", "show", "--name", name, "--storage", db, "--json");
        Assert.True(code == 0, error);
        return JsonNode.Parse(output)!.AsObject();
    }

    /// <summary>Creates study <paramref name="name"/> in <paramref name="db"/> with <paramref name="create"/> (and the small
    /// experiment), runs it with <paramref name="workers"/> workers and returns the run's output and the study's JSON.</summary>
    private static async Task<(string Output, JsonObject Show)> CreateRunShow(string db, string name, int workers, params string[] create)
    {
        var (code, _, error) = await CliRunner.RunAsync(["study", "create", "--name", name, "--storage", db, .. create, .. Experiment]);
        Assert.True(code == 0, error);
        (code, var output, error) = await CliRunner.RunAsync("study", "run", "--name", name, "--storage", db, "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == 0, error);
        return (output, await Show(db, name));
    }

    [Fact]
    public async Task A_seeded_random_study_draws_the_same_trials_with_one_worker_or_two()
    {
        using var folder = new TempFolder();
        var shows = new List<JsonObject>();
        foreach (var workers in new[] { 1, 2 })
        {
            var (output, show) = await CreateRunShow(
                Path.Combine(folder.Path, $"runs{workers}.db"), "r", workers, "--trials", "4", "--sampler", "random", "--pruner", "none", "--epochs", "1");
            Assert.Contains("ran 4 trials; the study has 4 complete", output);
            shows.Add(show);
        }

        var one = shows[0]["trials"]!.AsArray();
        var two = shows[1]["trials"]!.AsArray();
        Assert.Equal([0, 1, 2, 3], one.Select(t => t!["number"]!.GetValue<int>()));
        Assert.Equal(one.Select(t => t!["params"]!.ToJsonString()), two.Select(t => t!["params"]!.ToJsonString()));
        Assert.Equal(4, one.Select(t => t!["params"]!.ToJsonString()).Distinct().Count());
        Assert.All(one.Concat(two), t => Assert.Equal("complete", t!["state"]!.GetValue<string>()));
        var best = shows[0]["best"]!;
        Assert.Equal(one.Min(t => t!["value"]!.GetValue<double>()), best["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_seeded_tpe_study_run_by_one_worker_draws_the_same_trials_twice_and_its_model_guided_ones_differ_from_random()
    {
        using var folder = new TempFolder();
        var shows = new List<JsonObject>();
        foreach (var (store, sampler) in new[] { ("a", "tpe"), ("b", "tpe"), ("c", "random") })
        {
            var (_, show) = await CreateRunShow(
                Path.Combine(folder.Path, $"{store}.db"), "t", 1, "--trials", "5", "--sampler", sampler, "--pruner", "none", "--epochs", "1");
            shows.Add(show);
        }

        string[] Params(JsonObject show) => [.. show["trials"]!.AsArray().Select(t => t!["params"]!.ToJsonString())];
        Assert.Equal(Params(shows[0]), Params(shows[1]));
        // 5 trials: TPE's first max(2, 5 / 3) = 2 are random draws (the random sampler's), the last 3 come from the model.
        Assert.Equal(Params(shows[0]).Take(2), Params(shows[2]).Take(2));
        Assert.NotEqual(Params(shows[0]).Skip(2), Params(shows[2]).Skip(2));
    }

    [Fact]
    public async Task A_batched_tpe_study_with_median_pruning_is_the_same_with_one_worker_or_two()
    {
        // Without a batch, TPE and the pruner see whatever trials have finished, which with two workers depends on timing;
        // with --batch 2 trial n sees exactly trials 0..n-2, so parameters, pruning and values agree bit for bit.
        using var folder = new TempFolder();
        var shows = new List<JsonObject>();
        foreach (var workers in new[] { 1, 2 })
        {
            var (_, show) = await CreateRunShow(
                Path.Combine(folder.Path, $"runs{workers}.db"), "b", workers, "--trials", "7", "--sampler", "tpe", "--pruner", "median", "--batch", "2", "--epochs", "2");
            shows.Add(show);
        }

        Assert.Equal(2, shows[0]["batch"]!.GetValue<int>());
        string[] Trials(JsonObject show) => [.. show["trials"]!.AsArray().Select(t => $"{t!["state"]} {t["value"]?.GetValue<double>():R} {t["params"]!.ToJsonString()}")];
        Assert.Equal(Trials(shows[0]), Trials(shows[1]));
        // 7 trials: 2 random, then TPE, and the median pruner starts after 3 complete ones; something must have been pruned
        // for the pruning half of the claim to be tested.
        Assert.Contains(shows[0]["trials"]!.AsArray(), t => t!["state"]!.GetValue<string>() == "pruned");
    }

    [Fact]
    public async Task A_study_killed_with_sigkill_resumes_retrying_the_dead_workers_trial_and_repeating_no_finished_one()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "runs.db");
        var (code, _, error) = await CliRunner.RunAsync(
            ["study", "create", "--name", "k", "--trials", "5", "--sampler", "tpe", "--pruner", "median", "--epochs", "3", "--heartbeat-timeout", "2", "--storage", db, .. Experiment]);
        Assert.True(code == 0, error);

        // Another process runs the study; it is killed (SIGKILL) once a trial is complete and another is running.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "exec", typeof(CliApp).Assembly.Location, "study", "run", "--name", "k", "--storage", db }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        IReadOnlyList<StoredTrial> atKill = [];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(4) && !process.HasExited)
        {
            using (var store = RunStore.Open(db)) atKill = new StudyStore(store).Trials("k");
            if (atKill.Count(t => t.State == StoredTrialState.Complete) >= 1 && atKill.Any(t => t.State == StoredTrialState.Running && t.Steps.Count > 0)) break;
            Thread.Sleep(100);
        }

        // The message is built only on failure: awaiting the worker's output would wait for it to finish.
        if (process.HasExited) Assert.Fail($"the worker ended before it could be killed: {await stdout} {await stderr}");
        process.Kill();
        await process.WaitForExitAsync();
        using (var store = RunStore.Open(db)) atKill = new StudyStore(store).Trials("k");
        var finishedBefore = atKill.Where(t => t.State == StoredTrialState.Complete).ToDictionary(t => t.Number, t => (t.Value, t.Parameters));
        var killed = Assert.Single(atKill, t => t.State == StoredTrialState.Running);

        (code, var output, error) = await CliRunner.RunAsync("study", "run", "--name", "k", "--storage", db);
        Assert.True(code == 0, error);
        Assert.Contains($"trial {killed.Number} ", output);
        foreach (var number in finishedBefore.Keys) Assert.DoesNotContain($"trial {number} ", output);

        using var after = RunStore.Open(db);
        var studies = new StudyStore(after);
        var trials = studies.Trials("k");
        Assert.All(trials, t => Assert.True(t.State is StoredTrialState.Complete or StoredTrialState.Pruned, $"trial {t.Number} is {t.State}"));
        foreach (var (number, before) in finishedBefore) Assert.Equal(before, (trials[number].Value, trials[number].Parameters));
        var retried = trials[killed.Number];
        Assert.Equal((2, killed.Parameters), (retried.Attempts, retried.Parameters));
        var attempts = studies.Attempts("k").Where(a => a.Number == killed.Number).ToList();
        Assert.Equal([StoredTrialState.Failed, retried.State], attempts.Select(a => a.State));
        Assert.Contains("missed its heartbeats", attempts[0].Error);
        // One recorded run per trial: nothing finished twice.
        Assert.Equal(Enumerable.Range(0, 5), after.List(new RunQuery(Kind: RunKind.Trial)).Select(r => r.Trial!.Value).Order());
    }

    [Theory]
    [InlineData("--sampler", "grid", "sampler 'grid': expected tpe, random")]
    [InlineData("--pruner", "bohb", "pruner 'bohb': expected median, asha, hyperband, none")]
    [InlineData("--model", "Nope", "Nope")]
    public async Task Study_create_refuses_unknown_samplers_pruners_and_models(string option, string value, string message)
    {
        using var folder = new TempFolder();
        var args = new List<string> { "study", "create", "--name", "x", "--trials", "2", "--storage", Path.Combine(folder.Path, "runs.db") };
        args.AddRange(Experiment.Where((_, i) => i > 1));
        args.AddRange(option == "--model" ? [option, value] : ["--model", "LSTMForecaster", option, value]);
        var (code, _, error) = await CliRunner.RunAsync([.. args]);
        // A bad option value is a usage error: exit 2, the message naming the value and what is accepted.
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }
}
