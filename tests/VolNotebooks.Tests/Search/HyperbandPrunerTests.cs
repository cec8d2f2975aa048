using System.Text;
using VolNotebooks.Search;

namespace VolNotebooks.Tests.Search;

public sealed class HyperbandPrunerTests
{
    private static Trial Reported(int number, params (int Step, double Value)[] steps) =>
        Trial.Restore(number, new Dictionary<string, object>(), TrialState.Running, null, steps.Select(s => KeyValuePair.Create(s.Step, s.Value)));

    [Fact]
    public void Brackets_budgets_and_rungs_match_the_hand_computed_schedule_of_li_et_al()
    {
        // R = 9, eta = 3 (3 folds x 3 epochs): n = floor(log3 9) + 1 = 3 brackets. Budgets ceil(n eta^s / (s + 1)) for
        // s = 2, 1, 0: ceil(3*9/3) = 9, ceil(3*3/2) = 5, ceil(3*1/1) = 3. Bracket b's rungs start at eta^b: {1, 3, 9}, {3, 9}, {9}.
        var nine = new HyperbandPruner(MaxResource: 9, Seed: 42);
        Assert.Equal(3, nine.Brackets);
        Assert.Equal([9, 5, 3], Enumerable.Range(0, 3).Select(nine.Budget));
        Assert.Equal([[1, 3, 9], [3, 9], [9]], Enumerable.Range(0, 3).Select(b => nine.Bracket(b).Rungs(9)));

        // R = 27: n = 4; budgets ceil(4*27/4) = 27, ceil(4*9/3) = 12, ceil(4*3/2) = 6, ceil(4*1/1) = 4 (Optuna's for
        // min_resource 1, max_resource 27, reduction_factor 3).
        var big = new HyperbandPruner(MaxResource: 27, Seed: 7);
        Assert.Equal(4, big.Brackets);
        Assert.Equal([27, 12, 6, 4], Enumerable.Range(0, 4).Select(big.Budget));
        Assert.Equal([[1, 3, 9, 27], [3, 9, 27], [9, 27], [27]], Enumerable.Range(0, 4).Select(b => big.Bracket(b).Rungs(27)));

        // R = 26 is no power of 3: floor(log3 26) + 1 = 3; min resource 2, R = 18/2 = 9: 3 brackets from rung 2.
        Assert.Equal(3, new HyperbandPruner(MaxResource: 26, Seed: 0).Brackets);
        var two = new HyperbandPruner(MaxResource: 18, Seed: 0, MinResource: 2);
        Assert.Equal(3, two.Brackets);
        Assert.Equal([6, 18], two.Bracket(1).Rungs(18));
    }

    [Fact]
    public void Each_trial_goes_to_the_bracket_that_crc32_of_seed_and_number_selects_as_optuna_does()
    {
        // Reference: Python, as Optuna's _get_bracket_id with the seed in place of the study name:
        //   n = binascii.crc32(f"{seed}_{number}".encode()) % sum(budgets), then walk the budgets.
        // seed 42, budgets [9, 5, 3]: positions [6, 0, 16, 4, 5, 2, 12, 10, 15, 5, 8, 5] -> brackets below.
        Assert.Equal([0, 0, 2, 0, 0, 0, 1, 1, 2, 0, 0, 0], Enumerable.Range(0, 12).Select(new HyperbandPruner(9, Seed: 42).BracketOf));
        // seed 7, budgets [27, 12, 6, 4].
        Assert.Equal([0, 2, 1, 0, 2, 1, 1, 3, 0, 0, 0, 2], Enumerable.Range(0, 12).Select(new HyperbandPruner(27, Seed: 7).BracketOf));
        // The standard CRC-32 check value (zlib, binascii.crc32(b"123456789")).
        Assert.Equal(0xCBF43926u, Crc32.Hash(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Over_many_trials_each_bracket_gets_its_budgets_share()
    {
        var pruner = new HyperbandPruner(MaxResource: 9, Seed: 3);
        var counts = Enumerable.Range(0, 17_000).GroupBy(pruner.BracketOf).OrderBy(g => g.Key).Select(g => g.Count() / 17_000.0).ToArray();
        // Shares 9/17, 5/17, 3/17; CRC-32 modulo 17 is close to uniform, so 17,000 trials land within 1.5 points.
        Assert.Equal(9 / 17.0, counts[0], 0.015);
        Assert.Equal(5 / 17.0, counts[1], 0.015);
        Assert.Equal(3 / 17.0, counts[2], 0.015);
    }

    [Fact]
    public void A_trial_is_judged_at_its_brackets_rungs_and_only_against_trials_of_its_bracket()
    {
        // Seed 42, R = 9: trials 0, 1, 3, 4, 5, 9, 10, 11 are in bracket 0 (rungs 1, 3, 9); 6, 7 in bracket 1 (rungs 3, 9);
        // 2, 8 in bracket 2 (rung 9).
        var pruner = new HyperbandPruner(MaxResource: 9, Seed: 42);
        // Bracket-0 others at step 1 with 1.0 and 2.0, bracket-1 others far better (0.01). Trial 0 at 1.5: among bracket 0's
        // values [1.0, 1.5, 2.0], 3 / 3 - 1 = 0: only the best goes on, and 1.5 is not it: pruned. The better trials of
        // bracket 1 do not count: with them it would be pruned all the same, so check the converse below.
        var sameBracket = new[] { Reported(1, (1, 1.0)), Reported(3, (1, 2.0)) };
        var otherBracket = new[] { Reported(6, (1, 0.01), (3, 0.01)), Reported(7, (1, 0.02), (3, 0.02)) };
        Assert.True(pruner.ShouldPrune(Reported(0, (1, 1.5)), 1, sameBracket));
        // At 0.5 trial 0 is bracket 0's best at rung 1: promoted, though both bracket-1 trials are better.
        Assert.False(pruner.ShouldPrune(Reported(0, (1, 0.5)), 1, [.. sameBracket, .. otherBracket]));
        // Trial 6 (bracket 1) has no rung at step 1: never pruned there, however bad.
        Assert.False(pruner.ShouldPrune(Reported(6, (1, 100.0)), 1, sameBracket));
        // At step 3 (its first rung) it competes with bracket 1's trial 7 only: against 0.02 its 0.5 is pruned; against
        // 1.0 it is promoted, though bracket 0's trials did better there (0.1, 0.2 would make it the third of four).
        Assert.True(pruner.ShouldPrune(Reported(6, (1, 100.0), (3, 0.5)), 3, [.. sameBracket, .. otherBracket]));
        var goodBracketZero = new[] { Reported(1, (3, 0.1)), Reported(3, (3, 0.2)) };
        Assert.False(pruner.ShouldPrune(Reported(6, (1, 100.0), (3, 0.5)), 3, [.. goodBracketZero, Reported(7, (3, 1.0))]));
        Assert.True(new AshaPruner(MinResource: 1, ReductionFactor: 3, MinEarlyStoppingRate: 1)
            .ShouldPrune(Reported(6, (1, 100.0), (3, 0.5)), 3, [.. goodBracketZero, Reported(7, (3, 1.0))]));
        // Trial 2 (bracket 2) runs to step 9 unjudged.
        Assert.False(pruner.ShouldPrune(Reported(2, (3, 100.0)), 3, otherBracket));
    }
}
