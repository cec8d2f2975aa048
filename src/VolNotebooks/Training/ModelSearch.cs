using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Training;

/// <summary>Hyperparameter search for a research architecture, as the VIX study ran it with Optuna: TPE over the
/// architecture's search space, each trial scored by time-series cross-validation on the training samples only, with
/// a median pruner that stops a trial after a poor fold.</summary>
public static class ModelSearch
{
    /// <summary>Runs <paramref name="trials"/> trials and returns the study (every trial recorded).</summary>
    /// <param name="definition">The architecture and its search space (a <c>learning_rate</c> parameter sets the optimizer's).</param>
    /// <param name="data">Prepared data; only its training part is used.</param>
    /// <param name="trials">Number of trials.</param>
    /// <param name="options">Training options for each fold (epochs, batch size, loss, patience).</param>
    /// <param name="splits">TimeSeriesSplit folds (3 in the study).</param>
    /// <param name="seed">Seed of the sampler, the initializations and the shuffling.</param>
    /// <param name="parallelism">Trials run at once (each trial trains single-threaded models).</param>
    /// <param name="onTrial">Called as each trial ends.</param>
    /// <param name="cancellationToken">Stops between batches of trials.</param>
    public static Study Run(
        ModelDefinition definition, PreparedData data, int trials, TrainerOptions options, int splits = 3, int seed = 42,
        int parallelism = 1, Action<Trial>? onTrial = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var study = new Study(definition.Space, new TpeSampler(seed, startupTrials: Math.Min(10, Math.Max(2, trials / 3))), new MedianPruner(StartupTrials: 3));
        var gap = data.Horizon - 1;
        return study.Optimize((trial, cancel) =>
        {
            var hyperparameters = new Hyperparameters(trial.Parameters);
            var trialOptions = options with { LearningRate = hyperparameters.Float("learning_rate", options.LearningRate), Seed = (ulong)(seed + trial.Number) };
            return TimeSeriesCrossValidation.Score(trial, data.Train.Count, splits, fold =>
            {
                var model = definition.Create(data.Train.Features, new RandomSource((ulong)(seed + trial.Number)), hyperparameters);
                return Trainer.Fit(model, data.Train.Slice(fold.Train), data.Train.Slice(fold.Test), trialOptions, cancellationToken: cancel).BestValidationLoss;
            }, gap);
        }, trials, parallelism, onTrial, cancellationToken);
    }
}
