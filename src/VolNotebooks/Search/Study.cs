using System.Diagnostics;
using VolNotebooks.Datasets;

namespace VolNotebooks.Search;

/// <summary>Stops a trial whose best intermediate value so far is worse than the median of earlier trials at the same step (Optuna's MedianPruner).</summary>
/// <param name="StartupTrials">Trials that must have finished before any pruning.</param>
/// <param name="WarmupSteps">Steps of each trial that are never pruned.</param>
public sealed record MedianPruner(int StartupTrials = 5, int WarmupSteps = 0) : IPruner
{
    /// <summary>Whether to stop <paramref name="trial"/> at <paramref name="step"/>.</summary>
    /// <param name="trial">The running trial (its intermediate values include <paramref name="step"/>).</param>
    /// <param name="step">The step just reported.</param>
    /// <param name="history">Trials finished before the running trial's batch started.</param>
    public bool ShouldPrune(Trial trial, int step, IReadOnlyList<Trial> history)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(history);
        var finished = history.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToList();
        if (finished.Count(t => t.State == TrialState.Complete) < StartupTrials || step < WarmupSteps) return false;
        var others = finished.Where(t => t.IntermediateValues.ContainsKey(step)).Select(t => t.IntermediateValues[step]).Where(double.IsFinite).Order().ToArray();
        if (others.Length == 0) return false;
        var median = others.Length % 2 == 1 ? others[others.Length / 2] : 0.5 * (others[(others.Length / 2) - 1] + others[others.Length / 2]);
        var best = trial.IntermediateValues.Where(p => p.Key <= step).Min(p => p.Value);
        return best > median;
    }
}

/// <summary>A hyperparameter search: samples trials, evaluates the objective, prunes, and records every trial.</summary>
/// <remarks>
/// Trials run in batches of <c>parallelism</c>: each batch is sampled from, and pruned against, the trials finished
/// before it started, and each trial's random stream depends only on the seed and its number. So a search is
/// reproducible bit for bit for a given seed and parallelism, however the threads interleave. With parallelism 1 it
/// is the sequential algorithm. Lower objective values are better.
/// </remarks>
/// <param name="space">The hyperparameters to search.</param>
/// <param name="sampler">How points are proposed (<see cref="TpeSampler"/> or <see cref="RandomSampler"/>).</param>
/// <param name="pruner">Early stopping of unpromising trials (<see cref="MedianPruner"/>, <see cref="AshaPruner"/>), or <see langword="null"/>.</param>
public sealed class Study(SearchSpace space, ISampler sampler, IPruner? pruner = null)
{
    private readonly List<Trial> _trials = [];

    /// <summary>A study whose trials were run elsewhere (a run store), to read, tabulate and continue from.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="sampler">The sampler it used.</param>
    /// <param name="pruner">The pruner it used.</param>
    /// <param name="trials">Its trials, in number order.</param>
    internal static Study Restore(SearchSpace space, ISampler sampler, IPruner? pruner, IEnumerable<Trial> trials)
    {
        var study = new Study(space, sampler, pruner);
        study._trials.AddRange(trials);
        return study;
    }

    /// <summary>The search space.</summary>
    public SearchSpace Space { get; } = space ?? throw new ArgumentNullException(nameof(space));

    /// <summary>Every trial, in number order.</summary>
    public IReadOnlyList<Trial> Trials => _trials;

    /// <summary>The complete trial with the lowest value.</summary>
    /// <exception cref="InvalidOperationException">No trial completed.</exception>
    public Trial BestTrial => _trials.Where(t => t.State == TrialState.Complete).MinBy(t => t.Value)
        ?? throw new InvalidOperationException($"none of the {_trials.Count} trials completed ({string.Join(", ", _trials.GroupBy(t => t.State).Select(g => $"{g.Count()} {g.Key}"))})");

    /// <summary>Runs <paramref name="trials"/> more trials.</summary>
    /// <param name="objective">Evaluates a trial (may call <see cref="Trial.Report"/>); lower is better.</param>
    /// <param name="trials">Number of trials to add.</param>
    /// <param name="parallelism">Trials evaluated at once (use 1 when the objective itself uses every core).</param>
    /// <param name="onTrialFinished">Called as each trial ends, in number order per batch.</param>
    /// <param name="cancellationToken">Stops before the next batch.</param>
    /// <returns>This study.</returns>
    public Study Optimize(
        Func<Trial, CancellationToken, double> objective, int trials, int parallelism = 1,
        Action<Trial>? onTrialFinished = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var target = _trials.Count + trials;
        while (_trials.Count < target)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var history = _trials.ToList();
            var batch = Enumerable.Range(_trials.Count, Math.Min(parallelism, target - _trials.Count))
                .Select(n => new Trial(n, sampler.Sample(Space, history, n), (t, step, _) => pruner?.ShouldPrune(t, step, history) ?? false))
                .ToList();
            Parallel.ForEach(batch, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, trial => Evaluate(trial, objective, cancellationToken));
            foreach (var trial in batch)
            {
                _trials.Add(trial);
                onTrialFinished?.Invoke(trial);
            }
        }

        return this;
    }

    private static void Evaluate(Trial trial, Func<Trial, CancellationToken, double> objective, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var value = objective(trial, cancellationToken);
            if (double.IsFinite(value))
            {
                (trial.State, trial.Value) = (TrialState.Complete, value);
            }
            else
            {
                (trial.State, trial.Error) = (TrialState.Failed, $"objective returned {value}");
            }
        }
        catch (TrialPrunedException)
        {
            trial.State = TrialState.Pruned;
            trial.Value = trial.IntermediateValues.Count > 0 ? trial.IntermediateValues.MaxBy(p => p.Key).Value : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            trial.State = TrialState.Failed;
            trial.Error = $"{e.GetType().Name}: {e.Message}";
        }

        trial.Duration = clock.Elapsed;
    }
}

/// <summary>Scores a trial by time-series cross-validation, reporting each fold so the pruner can stop bad trials early.</summary>
public static class TimeSeriesCrossValidation
{
    /// <summary>The mean validation loss over the folds of <see cref="TimeSeriesSplit"/>.</summary>
    /// <param name="trial">The trial being scored; after fold k the running mean is reported as step k.</param>
    /// <param name="count">Number of (training) samples to split.</param>
    /// <param name="splits">Number of folds (the VIX study uses 3).</param>
    /// <param name="fitAndScore">Fits on the fold's training positions and returns the loss on its test positions.</param>
    /// <param name="gap">Samples left out between each training part and its test part.</param>
    public static double Score(Trial trial, int count, int splits, Func<Fold, double> fitAndScore, int gap = 0)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(fitAndScore);
        var losses = new List<double>();
        foreach (var (fold, k) in TimeSeriesSplit.Split(count, splits, gap).Select((f, k) => (f, k)))
        {
            losses.Add(fitAndScore(fold));
            trial.Report(k, losses.Average());
        }

        return losses.Average();
    }
}
