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

    /// <summary>Runs the search as a study in a run store, resumably: the first call creates the study, and every call
    /// runs the trials it still lacks (after a crash, the trials a dead worker held are retried) and returns it as stored.
    /// A call that finds the study finished runs nothing and returns the stored trials.</summary>
    /// <remarks>The study is named <c>{name}-{fingerprint}</c>, the fingerprint being the first 8 hex digits of the SHA-256
    /// of the base spec's JSON and the search's settings, so a changed spec or budget makes a new study rather than mixing
    /// trials of two searches. With <paramref name="batch"/> &gt; 0 the trials are the same however many workers run them.</remarks>
    /// <param name="storage">The store: a SQLite file or a <c>postgresql://</c> URL.</param>
    /// <param name="name">The study's name before the fingerprint.</param>
    /// <param name="baseSpec">The experiment each trial varies (its architecture's space is searched; see <see cref="Run"/>).</param>
    /// <param name="data">The market data the spec reads.</param>
    /// <param name="trials">Trials in all.</param>
    /// <param name="folds">Time-series cross-validation folds per trial.</param>
    /// <param name="sampler"><c>tpe</c> or <c>random</c>.</param>
    /// <param name="pruner"><c>median</c>, <c>asha</c>, <c>hyperband</c> or <c>none</c>.</param>
    /// <param name="batch">Trial n learns from trials 0 to n - batch (0: from whatever has finished; see <see cref="Runs.StudyDefinition.Batch"/>).</param>
    /// <param name="workers">Workers in this process.</param>
    /// <param name="onTrial">Called as each trial this call runs ends.</param>
    /// <param name="cancellationToken">Stops claiming trials; the study resumes at the next call.</param>
    public static StoredSearch RunInStore(
        string storage, string name, ExperimentSpec baseSpec, Data.MarketData data, int trials, int folds = 3, string sampler = "tpe",
        string pruner = "hyperband", int batch = 4, int workers = 1, Action<Runs.StoredTrial>? onTrial = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storage);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(baseSpec);
        var json = baseSpec.ToJson();
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', json, trials, folds, sampler, pruner, batch))))[..8];
        var study = $"{name}-{fingerprint}";
        using (var store = Runs.RunStore.Open(storage))
        {
            var studies = new Runs.StudyStore(store);
            if (!studies.Exists(study)) StudyWorker.Create(studies, study, baseSpec, trials, sampler, pruner, folds, batch: batch);
        }

        var ran = StudyWorker.Run(storage, study, data, workers, onTrial, cancellationToken: cancellationToken);
        var (definition, stored, runs) = StudyWorker.Load(storage, study);
        return new StoredSearch(storage, definition, stored, runs, ran);
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
