using VolNotebooks.Search;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class StudyTests
{
    /// <summary>The VIX study's search space of the basic CNN-LSTM (research 002, Block 4).</summary>
    private static SearchSpace BasicCnnLstm() => new SearchSpace()
        .Int("cnn_filters_1", 32, 128, step: 32)
        .Int("lstm_units_1", 32, 128, step: 32)
        .Float("dropout_rate", 0.1, 0.5)
        .Float("learning_rate", 1e-4, 1e-2, log: true)
        .Categorical("activation", "relu", "tanh");

    /// <summary>A smooth objective with a known minimum of 0 at filters 64, units 96, dropout 0.2, learning rate 1e-3, relu.</summary>
    private static double Bowl(Trial t) =>
        Math.Pow((t.Int("cnn_filters_1") - 64) / 32.0, 2) + Math.Pow((t.Int("lstm_units_1") - 96) / 32.0, 2)
        + Math.Pow((t.Float("dropout_rate") - 0.2) / 0.1, 2) + Math.Pow(Math.Log10(t.Float("learning_rate")) + 3, 2)
        + (t.Choice<string>("activation") == "relu" ? 0 : 1);

    [Fact]
    public void Random_sampler_stays_on_the_declared_grids_and_ranges()
    {
        var space = BasicCnnLstm();
        var sampler = new RandomSampler(7);
        for (var n = 0; n < 500; n++)
        {
            var point = sampler.Sample(space, [], n);
            foreach (var p in space.Parameters) Assert.True(p.Contains(point[p.Name]), $"{p.Name}={point[p.Name]}");
        }

        var rates = Enumerable.Range(0, 2000).Select(n => (double)sampler.Sample(space, [], n)["learning_rate"]).ToArray();
        // Log-uniform on [1e-4, 1e-2]: half the draws below 1e-3 (binomial standard deviation ~0.011).
        Assert.InRange(rates.Count(r => r < 1e-3) / 2000.0, 0.45, 0.55);
    }

    [Fact]
    public void Tpe_beats_random_search_on_a_known_bowl()
    {
        // Same budget, five seeds each: TPE's median best value must be well below random search's.
        double Best(Func<int, ISampler> make, int seed)
        {
            var study = new Study(BasicCnnLstm(), make(seed)).Optimize((t, _) => Bowl(t), trials: 60);
            Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
            Assert.All(study.Trials, t => Assert.All(study.Space.Parameters, p => Assert.True(p.Contains(t.Parameters[p.Name]), t.ToString())));
            return study.BestTrial.Value!.Value;
        }

        var tpe = Enumerable.Range(1, 5).Select(s => Best(seed => new TpeSampler(seed), s)).Order().ToArray();
        var random = Enumerable.Range(1, 5).Select(s => Best(seed => new RandomSampler(seed), s)).Order().ToArray();
        Assert.True(tpe[2] < random[2], $"TPE median best {tpe[2]:G4} vs random {random[2]:G4}");
        Assert.True(tpe[2] < 0.6, $"TPE median best {tpe[2]:G4}");
    }

    [Fact]
    public void Tpe_counts_pruned_trials_among_the_bad_ones_and_moves_away_from_where_they_were_stopped()
    {
        // One parameter x on [0, 1]: the best complete trial sits at 0.1, worse ones at 0.5 and 0.9. Six trials pruned
        // around 0.1 tell the sampler that region mostly fails; counted among the bad trials they raise g(x) there, so the
        // proposals (40 trial numbers, same seed) lie farther from 0.1 on average than without them.
        var space = new SearchSpace().Float("x", 0, 1);
        Trial At(int number, double x, TrialState state, double? value) =>
            Trial.Restore(number, new Dictionary<string, object> { ["x"] = x }, state, value, []);
        List<Trial> complete = [At(0, 0.1, TrialState.Complete, 0), At(1, 0.5, TrialState.Complete, 1), At(2, 0.9, TrialState.Complete, 1)];
        var pruned = Enumerable.Range(3, 6).Select(n => At(n, 0.1 + ((n - 5.5) * 0.01), TrialState.Pruned, 5)).ToList();
        var sampler = new TpeSampler(seed: 3, startupTrials: 2);
        double MeanDistance(IReadOnlyList<Trial> history) =>
            Enumerable.Range(20, 40).Average(n => Math.Abs((double)sampler.Sample(space, history, n)["x"] - 0.1));
        var without = MeanDistance(complete);
        var with = MeanDistance([.. complete, .. pruned]);
        Assert.True(with > without + 0.05, $"mean distance from 0.1: {with:G4} with the pruned trials, {without:G4} without");
    }

    [Fact]
    public void Same_seed_and_parallelism_give_the_same_trials_bit_for_bit()
    {
        static string Run(int parallelism) => string.Join("\n", new Study(BasicCnnLstm(), new TpeSampler(42, startupTrials: 6), new MedianPruner(3))
            .Optimize((t, _) =>
            {
                for (var step = 0; step < 3; step++) t.Report(step, Bowl(t) * (3 - step));
                return Bowl(t);
            }, trials: 30, parallelism: parallelism)
            .Trials.Select(t => t.ToString()));
        Assert.Equal(Run(2), Run(2));
        Assert.Equal(Run(1), Run(1));
    }

    [Fact]
    public void Median_pruner_stops_a_trial_worse_than_the_median_at_the_same_step_but_not_before_startup()
    {
        var pruner = new MedianPruner(StartupTrials: 3);
        var history = new List<Trial>();
        var study = new Study(new SearchSpace().Float("x", 0, 1), new RandomSampler(1), pruner);
        // Three good trials that report 1.0 at step 0, then one that reports 5.0.
        study.Optimize((t, _) =>
        {
            t.Report(0, t.Number < 3 ? 1.0 : 5.0);
            return 1.0;
        }, trials: 5);
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Complete, TrialState.Pruned, TrialState.Pruned], study.Trials.Select(t => t.State));
        Assert.Equal(5.0, study.Trials[3].Value);
        Assert.False(pruner.ShouldPrune(study.Trials[3], 0, history)); // nothing finished yet: never prune
    }

    [Fact]
    public void A_failing_objective_is_recorded_and_the_search_goes_on()
    {
        var study = new Study(new SearchSpace().Int("k", 1, 3), new RandomSampler(3))
            .Optimize((t, _) => t.Number == 1 ? throw new InvalidOperationException("diverged") : t.Int("k"), trials: 4);
        Assert.Equal(TrialState.Failed, study.Trials[1].State);
        Assert.Equal("InvalidOperationException: diverged", study.Trials[1].Error);
        Assert.Equal(3, study.Trials.Count(t => t.State == TrialState.Complete));
        Assert.Contains("failed", VolNotebooks.Reports.SearchTables.Trials(study).ToText());
        Assert.Throws<KeyNotFoundException>(() => study.Trials[0].Float("nope"));
    }

    [Fact]
    public void Cross_validation_scores_time_series_folds_and_reports_each_one()
    {
        var folds = new List<VolNotebooks.Datasets.Fold>();
        var study = new Study(new SearchSpace().Float("x", 0, 1), new RandomSampler(5)).Optimize((t, _) =>
            TimeSeriesCrossValidation.Score(t, count: 100, splits: 3, fold =>
            {
                folds.Add(fold);
                return fold.Test.Start / 100.0;
            }), trials: 1);
        // scikit-learn's TimeSeriesSplit(3) on 100 samples: tests start at 25, 50, 75.
        Assert.Equal([25, 50, 75], folds.Select(f => f.Test.Start));
        Assert.Equal(0.5, study.Trials[0].Value!.Value, 12);
        Assert.Equal([0.25, 0.375, 0.5], study.Trials[0].IntermediateValues.OrderBy(p => p.Key).Select(p => p.Value));
    }
}
