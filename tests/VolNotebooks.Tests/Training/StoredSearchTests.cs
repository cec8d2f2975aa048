using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Runs;
using VolNotebooks.Search;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class StoredSearchTests
{
    // A small search: JPM returns over two years, one epoch per fold, a narrow LSTM.
    private static readonly ExperimentSpec Spec = new()
    {
        Data = new DatasetSpec { Symbol = "JPM", Features = "feat", Lookback = 20, Target = new TargetSpec(TargetKind.Return), From = new DateOnly(2021, 1, 1), To = new DateOnly(2022, 12, 31) },
        Model = new LstmForecasterHyperparameters(Hidden: 8, Layers: 1, DropoutRate: 0.0),
        Training = new TrainerOptions { Epochs = 1 },
    };

    [Fact]
    public void A_search_in_the_store_resumes_reads_back_its_finished_study_and_makes_a_new_one_when_the_budget_changes()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "runs.db");
        var first = ModelSearch.RunInStore(db, "t", Spec, TestFiles.Data, trials: 3, folds: 2, sampler: "random", pruner: "none", batch: 2);
        Assert.Equal((3, 3), (first.Ran.Finished, first.Finished));
        Assert.StartsWith("t-", first.Definition.Name);
        Assert.Equal(3, first.Runs.Count);
        Assert.All(first.Study.Trials, t => Assert.True(t.Duration > TimeSpan.Zero, $"trial {t.Number} has no run time"));

        // The same search again runs nothing and returns the same trials, values and best trial.
        var again = ModelSearch.RunInStore(db, "t", Spec, TestFiles.Data, trials: 3, folds: 2, sampler: "random", pruner: "none", batch: 2);
        Assert.Equal(0, again.Ran.Finished);
        Assert.Equal(first.Definition, again.Definition);
        Assert.Equal(first.Study.Trials.Select(t => t.ToString()), again.Study.Trials.Select(t => t.ToString()));
        Assert.Equal(first.BestTrial.Number, again.BestTrial.Number);

        // Another budget is another study, beside the first in the same store.
        var larger = ModelSearch.RunInStore(db, "t", Spec, TestFiles.Data, trials: 4, folds: 2, sampler: "random", pruner: "none", batch: 2);
        Assert.NotEqual(first.Definition.Name, larger.Definition.Name);
        Assert.Equal(4, larger.Ran.Finished);
        // The random sampler's draws depend only on the seed and the trial number: the first three trials agree.
        Assert.Equal(first.Study.Trials.Select(t => ParameterJson.Write(t.Parameters)), larger.Study.Trials.Take(3).Select(t => ParameterJson.Write(t.Parameters)));
    }

    [Fact]
    public void A_study_interrupted_after_its_first_trials_is_loaded_with_only_the_claimed_ones_and_then_completed()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "runs.db");
        using var stop = new CancellationTokenSource();
        // Stopping after the first finished trial: the next call resumes rather than starting over.
        var partial = ModelSearch.RunInStore(db, "p", Spec, TestFiles.Data, trials: 3, folds: 2, sampler: "random", pruner: "none", onTrial: _ => stop.Cancel(), cancellationToken: stop.Token);
        Assert.Equal(1, partial.Ran.Finished);
        Assert.Single(partial.Study.Trials);
        var rest = ModelSearch.RunInStore(db, "p", Spec, TestFiles.Data, trials: 3, folds: 2, sampler: "random", pruner: "none");
        Assert.Equal((2, 3), (rest.Ran.Finished, rest.Finished));
        Assert.Equal(partial.Study.Trials[0].ToString(), rest.Study.Trials[0].ToString());
    }

    [Fact]
    public void Each_architecture_draws_its_own_first_trial_from_the_same_seed()
    {
        // The sampler's seed mixes the spec's seed with the architecture's name (ModelSearch.SamplerSeed), so the five
        // VIX architectures' trial 0 - a random draw - differ: with one stream they would share every common parameter.
        var architectures = new[] { "CnnLstmBasic", "CnnLstmDeep", "CnnLstmBidirectional", "CnnLstmAttention", "CnnLstmMultiscale" };
        var rates = architectures.Select(a => (double)new RandomSampler(ModelSearch.SamplerSeed(42, a)).Sample(ModelCatalog.Get(a).Space, [], 0)["learning_rate"]).ToArray();
        Assert.Equal(5, rates.Distinct().Count());
        Assert.Equal(5, architectures.Select(a => ModelSearch.SamplerSeed(42, a)).Distinct().Count());
    }
}
