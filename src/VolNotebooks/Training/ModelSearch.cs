using VolNotebooks.Datasets;
using VolNotebooks.Neural;
using VolNotebooks.Search;

namespace VolNotebooks.Training;

/// <summary>Hyperparameter search for a research architecture, as the VIX study ran it with Optuna: TPE over the
/// architecture's search space, each trial scored by time-series cross-validation on the training samples only, with
/// a median pruner that stops a trial after a poor fold.</summary>
public static class ModelSearch
{
    /// <summary>Runs <paramref name="trials"/> trials and returns the study (every trial recorded).</summary>
    /// <param name="baseSpec">The experiment each trial varies: its architecture's search space is searched (a
    /// <c>learning_rate</c> entry sets the optimizer's rate), its training options serve each fold, and its seed seeds the
    /// sampler (mixed with the architecture's name, so each architecture draws its own trials) and, plus the trial number,
    /// each trial's initialization and shuffling.</param>
    /// <param name="data">Data prepared from the spec; only its training part is used.</param>
    /// <param name="trials">Number of trials.</param>
    /// <param name="splits">TimeSeriesSplit folds (3 in the study).</param>
    /// <param name="parallelism">Trials run at once (each trial trains single-threaded models).</param>
    /// <param name="onTrial">Called as each trial ends.</param>
    /// <param name="space">A search space to use instead of the architecture's (a narrower one for a quick search).</param>
    /// <param name="cancellationToken">Stops between batches of trials.</param>
    public static Study Run(
        ExperimentSpec baseSpec, PreparedData data, int trials, int splits = 3, int parallelism = 1, Action<Trial>? onTrial = null,
        SearchSpace? space = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        var definition = baseSpec.Validate().Definition;
        var samplerSeed = SamplerSeed(baseSpec.Seed, definition.Name);
        var study = new Study(space ?? definition.Space, new TpeSampler(samplerSeed, startupTrials: Math.Min(10, Math.Max(2, trials / 3))), new MedianPruner(StartupTrials: 3));
        var gap = data.Horizon - 1;
        return study.Optimize((trial, cancel) =>
        {
            var spec = SpecOf(baseSpec, trial);
            return TimeSeriesCrossValidation.Score(trial, data.Train.Count, splits, fold =>
            {
                var model = definition.Create(data.Train.Features, new RandomSource(spec.Seed), spec.Model);
                return Trainer.Fit(model, data.Train.Slice(fold.Train), data.Train.Slice(fold.Test), spec.TrainerOptions, cancellationToken: cancel).BestValidationLoss;
            }, gap);
        }, trials, parallelism, onTrial, cancellationToken);
    }

    /// <summary>The experiment a trial ran: <paramref name="baseSpec"/> with the trial's hyperparameters, its learning rate
    /// (when searched) and the seed <c>base seed + trial number</c>.</summary>
    /// <param name="baseSpec">The searched experiment.</param>
    /// <param name="trial">A trial of <see cref="Run"/>.</param>
    public static ExperimentSpec SpecOf(ExperimentSpec baseSpec, Trial trial)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        ArgumentNullException.ThrowIfNull(trial);
        var learningRate = trial.Parameters.TryGetValue("learning_rate", out var rate) ? Convert.ToDouble(rate, System.Globalization.CultureInfo.InvariantCulture) : baseSpec.Training.LearningRate;
        return baseSpec with
        {
            Model = baseSpec.Definition.FromSample(trial.Parameters),
            Training = baseSpec.Training with { LearningRate = learningRate },
            Seed = baseSpec.Seed + (ulong)trial.Number,
        };
    }

    /// <summary>The sampler's seed for a search of <paramref name="architecture"/>: the spec's seed mixed with the name, so
    /// each architecture draws its own trials.</summary>
    internal static int SamplerSeed(ulong seed, string architecture) => unchecked((int)seed ^ StableHash(architecture));

    /// <summary>FNV-1a of the name: the same on every machine and run, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static int StableHash(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name) hash = (hash ^ c) * 16777619u;
        return unchecked((int)hash);
    }
}
