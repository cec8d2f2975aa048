using System.Collections.Concurrent;
using VolNotebooks.Runs;
using VolNotebooks.Testing;

namespace VolNotebooks.Tests.Runs;

public sealed class StudyStoreTests
{
    private static StudyDefinition Study(int trials, double heartbeatSeconds = 60) =>
        new("s", "LSTMForecaster", "{}", trials, "random", "none", 3, 7, TimeSpan.FromSeconds(heartbeatSeconds));

    private static string Params(IReadOnlyList<StoredTrial> trials, int number) => $$"""{"n":{{number}}}""";

    [Fact]
    public void Four_workers_claiming_at_once_each_get_distinct_trials_and_finish_every_one_exactly_once()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "runs.db");
        using (var store = RunStore.Open(path)) new StudyStore(store).Create(Study(24));
        var claims = new ConcurrentBag<int>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, w =>
        {
            using var store = RunStore.Open(path);
            var studies = new StudyStore(store);
            while (studies.Claim("s", $"w{w}", Params) is StoredTrial t)
            {
                claims.Add(t.Number);
                Assert.True(studies.Finish("s", t.Number, $"w{w}", StoredTrialState.Complete, t.Number, null,
                    new RunRecord { Kind = RunKind.Trial, Model = "LSTMForecaster", Study = "s", Trial = t.Number }));
            }
        });
        Assert.Equal(Enumerable.Range(0, 24), claims.Order());
        using var reader = RunStore.Open(path);
        var trials = new StudyStore(reader).Trials("s");
        Assert.All(trials, t => Assert.Equal((StoredTrialState.Complete, 1, (double?)t.Number), (t.State, t.Attempts, t.Value)));
        Assert.Equal(Enumerable.Range(0, 24), reader.List(new RunQuery(Kind: RunKind.Trial)).Select(r => r.Trial!.Value).Order());
    }

    [Fact]
    public void A_trial_whose_worker_missed_its_heartbeats_is_retried_with_the_same_parameters_and_the_dead_worker_cannot_finish_it()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var studies = new StudyStore(store);
        studies.Create(Study(2, heartbeatSeconds: 0.2));
        var first = studies.Claim("s", "dead", Params)!;
        Assert.Equal(0, first.Number);
        Assert.True(studies.Report("s", 0, "dead", 1, 0.5));
        Thread.Sleep(400);
        // The claim hands trial 0 back before choosing, so the lowest waiting trial is trial 0 again.
        var retry = studies.Claim("s", "alive", (_, _) => throw new InvalidOperationException("a retried trial keeps its parameters"))!;
        Assert.Equal((0, 2, """{"n":0}"""), (retry.Number, retry.Attempts, retry.Parameters));
        Assert.Empty(studies.Trials("s")[0].Steps);
        Assert.False(studies.Report("s", 0, "dead", 2, 0.1));
        Assert.False(studies.Finish("s", 0, "dead", StoredTrialState.Complete, 0.1, null, null));
        Assert.True(studies.Finish("s", 0, "alive", StoredTrialState.Complete, 0.3, null, null));
        var attempts = studies.Attempts("s");
        Assert.Equal([(1, "dead", StoredTrialState.Failed), (2, "alive", StoredTrialState.Complete)], attempts.Select(a => (a.Attempt, a.Worker, a.State)));
        Assert.Contains("worker dead missed its heartbeats", attempts[0].Error);
        Assert.Equal(0.3, studies.Trials("s")[0].Value);
    }

    [Fact]
    public void A_live_worker_keeps_its_trial_and_finished_trials_are_never_claimed_again()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var studies = new StudyStore(store);
        studies.Create(Study(2, heartbeatSeconds: 0.5));
        var a = studies.Claim("s", "a", Params)!;
        for (var k = 0; k < 4; k++)
        {
            Thread.Sleep(200);
            Assert.True(studies.Heartbeat("s", a.Number, "a"));
        }

        var b = studies.Claim("s", "b", Params)!;
        Assert.Equal(1, b.Number);
        Assert.True(studies.Finish("s", a.Number, "a", StoredTrialState.Pruned, 0.9, null, null));
        Assert.True(studies.Finish("s", b.Number, "b", StoredTrialState.Failed, null, "boom", null));
        Assert.Null(studies.Claim("s", "c", Params));
        Assert.Equal([StoredTrialState.Pruned, StoredTrialState.Failed], studies.Trials("s").Select(t => t.State));
    }

    [Fact]
    public void A_batched_study_holds_back_a_trial_until_every_trial_it_learns_from_has_finished()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var studies = new StudyStore(store);
        var study = Study(5) with { Batch = 2 };
        studies.Create(study);
        Assert.Equal(2, studies.Get("s").Batch);
        var seen = new List<string>();
        string Record(IReadOnlyList<StoredTrial> trials, int number)
        {
            seen.Add($"{number}:[{string.Join(",", trials.Where(t => study.Sees(number, t.Number)).Select(t => t.Number))}]");
            return Params(trials, number);
        }

        // Trials 0 and 1 learn from nothing; trial 2 learns from trial 0, so it waits while 0 runs, even with 1 finished.
        var zero = studies.Claim("s", "a", Record)!;
        var one = studies.Claim("s", "b", Record)!;
        Assert.True(studies.Finish("s", one.Number, "b", StoredTrialState.Complete, 1, null, null));
        Assert.Null(studies.Claim("s", "b", Record));
        Assert.True(studies.Finish("s", zero.Number, "a", StoredTrialState.Pruned, 3, null, null));
        var two = studies.Claim("s", "b", Record)!;
        Assert.Equal(2, two.Number);
        // Trial 3 learns from trials 0 and 1 (finished), not from 2, which still runs.
        Assert.Equal(3, studies.Claim("s", "a", Record)!.Number);
        Assert.Equal(["0:[]", "1:[]", "2:[0]", "3:[0,1]"], seen);
    }

    [Fact]
    public void A_second_study_of_the_same_name_is_refused_and_an_unknown_one_lists_the_known()
    {
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var studies = new StudyStore(store);
        studies.Create(Study(1));
        Assert.Contains("a study named 's' exists", Assert.Throws<ArgumentException>(() => studies.Create(Study(1))).Message);
        Assert.Contains("it holds s", Assert.Throws<KeyNotFoundException>(() => studies.Get("t")).Message);
    }
}
