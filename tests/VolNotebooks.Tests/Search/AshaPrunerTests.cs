using VolNotebooks.Search;

namespace VolNotebooks.Tests.Search;

public sealed class AshaPrunerTests
{
    private static Trial Reported(int number, params (int Step, double Value)[] steps) =>
        Trial.Restore(number, new Dictionary<string, object>(), TrialState.Running, null, steps.Select(s => KeyValuePair.Create(s.Step, s.Value)));

    [Fact]
    public void Rungs_sit_at_min_resource_times_eta_to_the_k()
    {
        // By hand: 1*3^0, 1*3^1, 1*3^2, 1*3^3 = 1, 3, 9, 27 (81 > 30); 2*2^k = 2, 4, 8, 16 (32 > 20).
        Assert.Equal([1, 3, 9, 27], new AshaPruner(MinResource: 1, ReductionFactor: 3).Rungs(30));
        Assert.Equal([2, 4, 8, 16], new AshaPruner(MinResource: 2, ReductionFactor: 2).Rungs(20));
        // Early-stopping rate 1 skips the first rung: 1*3^1, 1*3^2.
        Assert.Equal([3, 9], new AshaPruner(MinResource: 1, ReductionFactor: 3, MinEarlyStoppingRate: 1).Rungs(26));
    }

    [Fact]
    public void A_trial_is_promoted_only_when_among_the_best_third_at_a_rung()
    {
        // Six others at rung 1 with values 1..6. With ours there are 7 values: 7 / 3 - 1 = 1, so we must be at most the
        // second smallest. 1.5 -> sorted [1, 1.5, 2, ...]: promoted; 2.5 -> [1, 2, 2.5, ...]: 2.5 > 2, pruned.
        var others = Enumerable.Range(1, 6).Select(v => Reported(v, (1, v))).ToList();
        var pruner = new AshaPruner(MinResource: 1, ReductionFactor: 3);
        Assert.False(pruner.ShouldPrune(Reported(0, (1, 1.5)), 1, others));
        Assert.True(pruner.ShouldPrune(Reported(0, (1, 2.5)), 1, others));
    }

    [Fact]
    public void Steps_between_rungs_never_prune_and_a_trial_is_judged_once_per_rung()
    {
        var others = Enumerable.Range(1, 6).Select(v => Reported(v, (1, v), (2, v), (3, v))).ToList();
        var pruner = new AshaPruner(MinResource: 1, ReductionFactor: 3);
        // Step 2 is no rung: even the worst value goes on.
        Assert.False(pruner.ShouldPrune(Reported(0, (1, 0.5), (2, 100)), 2, others));
        // Step 3 is: 100 is not among the best third there.
        Assert.True(pruner.ShouldPrune(Reported(0, (1, 0.5), (2, 100), (3, 100)), 3, others));
    }

    [Fact]
    public void While_fewer_than_eta_trials_reached_a_rung_only_a_new_best_goes_on()
    {
        // Two values in all: 2 / 3 - 1 < 0, so the index is 0: only the smallest is promoted (as Optuna does).
        var pruner = new AshaPruner(MinResource: 1, ReductionFactor: 3);
        Assert.False(pruner.ShouldPrune(Reported(0, (1, 0.5)), 1, [Reported(1, (1, 1.0))]));
        Assert.True(pruner.ShouldPrune(Reported(0, (1, 1.5)), 1, [Reported(1, (1, 1.0))]));
        Assert.False(pruner.ShouldPrune(Reported(0, (1, 9.0)), 1, []));
    }

    [Fact]
    public void A_trial_that_skipped_past_a_rung_is_judged_there_with_the_others_first_values_past_it()
    {
        // Others reported at steps 2 and 4 only; rung 3's values are their step-4 values (1..6).
        var others = Enumerable.Range(1, 6).Select(v => Reported(v, (2, 100), (4, v))).ToList();
        var pruner = new AshaPruner(MinResource: 1, ReductionFactor: 3);
        Assert.True(pruner.ShouldPrune(Reported(0, (2, 0.1), (5, 3.0)), 5, others));
        Assert.False(pruner.ShouldPrune(Reported(0, (2, 0.1), (5, 1.5)), 5, others));
    }
}
