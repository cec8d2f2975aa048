using System.Diagnostics;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Neural;
using VolNotebooks.Runs;
using VolNotebooks.Search;

namespace VolNotebooks.Training;

/// <summary>Creates hyperparameter studies in a run store and runs their trials: any number of workers, in this process
/// or others, each claiming one trial at a time, scoring it by time-series cross-validation on the training samples
/// and reporting every epoch to the pruner.</summary>
/// <remarks>
/// Steps are epochs of training, counted across the folds (fold k's epoch e is step <c>k * epochs + e</c>), so the
/// median pruner and ASHA's rungs compare trials at the same fold and epoch. With the random sampler a trial's
/// parameters depend only on the study's seed and the trial number, so the study draws the same trials however many
/// workers run it. TPE samples from the trials complete when a trial is first claimed: with one worker that is every
/// earlier trial and the study is reproducible; with more, which trials are complete at that moment depends on timing,
/// so later trials may differ from run to run (the first <c>startup</c> random trials never do). Pruning likewise
/// compares with whatever other trials have reported, so with several workers which trials are pruned can vary.
/// </remarks>
public static class StudyWorker
{
    /// <summary>The samplers a study may name.</summary>
    public static readonly IReadOnlyList<string> Samplers = ["tpe", "random"];

    /// <summary>The pruners a study may name.</summary>
    public static readonly IReadOnlyList<string> Pruners = ["median", "asha", "none"];

    /// <summary>Creates a study of <paramref name="trials"/> trials varying <paramref name="baseSpec"/> in the store.</summary>
    /// <param name="studies">The store.</param>
    /// <param name="name">The study's unique name.</param>
    /// <param name="baseSpec">The experiment each trial varies (its architecture's search space is searched).</param>
    /// <param name="trials">Trials in all.</param>
    /// <param name="sampler"><c>tpe</c> or <c>random</c>.</param>
    /// <param name="pruner"><c>median</c>, <c>asha</c> or <c>none</c>.</param>
    /// <param name="folds">Time-series cross-validation folds (3 in the VIX study).</param>
    /// <param name="heartbeatTimeout">Silence after which a running trial's worker counts as dead (default 60 s).</param>
    public static StudyDefinition Create(
        StudyStore studies, string name, ExperimentSpec baseSpec, int trials, string sampler = "tpe", string pruner = "median", int folds = 3,
        TimeSpan? heartbeatTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(baseSpec);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (!Samplers.Contains(sampler)) throw new ArgumentException($"sampler '{sampler}': expected {string.Join(", ", Samplers)}");
        if (!Pruners.Contains(pruner)) throw new ArgumentException($"pruner '{pruner}': expected {string.Join(", ", Pruners)}");
        var definition = baseSpec.Validate().Definition;
        var study = new StudyDefinition(
            name, definition.Name, baseSpec.ToJson(), trials, sampler, pruner, folds, ModelSearch.SamplerSeed(baseSpec.Seed, definition.Name),
            heartbeatTimeout ?? TimeSpan.FromSeconds(60));
        studies.Create(study);
        return study;
    }

    /// <summary>The pruner a study names: the median pruner after 3 complete trials, ASHA with rungs at epochs 1, 3, 9, 27, ... or none.</summary>
    /// <param name="name"><c>median</c>, <c>asha</c> or <c>none</c>.</param>
    public static IPruner? Pruner(string name) => name switch
    {
        "median" => new MedianPruner(StartupTrials: 3),
        "asha" => new AshaPruner(MinResource: 1, ReductionFactor: 3),
        "none" => null,
        _ => throw new ArgumentException($"pruner '{name}': expected {string.Join(", ", Pruners)}"),
    };

    /// <summary>Runs the study's trials with <paramref name="workers"/> workers until none is left to claim, and returns
    /// how many trials this call finished.</summary>
    /// <param name="storePath">The store file (each worker opens its own connection).</param>
    /// <param name="name">The study's name.</param>
    /// <param name="data">The market data the base spec reads.</param>
    /// <param name="workers">Workers in this process; each trains with <c>cores / workers</c> engine threads.</param>
    /// <param name="onTrial">Called as each trial this process ran ends.</param>
    /// <param name="cancellationToken">Stops claiming new trials; a running trial is handed back by its missed heartbeats.</param>
    public static int Run(
        string storePath, string name, MarketData data, int workers = 1, Action<StoredTrial>? onTrial = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        StudyDefinition study;
        using (var store = RunStore.Open(storePath)) study = new StudyStore(store).Get(name);
        var baseSpec = ExperimentSpec.FromJson(study.BaseSpec, $"study {name}");
        var prepared = TrainingPipeline.Prepare(data, baseSpec);
        var threads = Engine.Threads;
        Engine.Threads = Math.Max(1, Environment.ProcessorCount / workers);
        var finished = 0;
        var gate = new object();
        try
        {
            var host = $"{Environment.MachineName}:{Environment.ProcessId}";
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, k =>
            {
                var worker = $"{host}:{k}:{Guid.NewGuid().ToString("N")[..8]}";
                using var store = RunStore.Open(storePath);
                using var beats = RunStore.Open(storePath);
                var studies = new StudyStore(store);
                while (!cancellationToken.IsCancellationRequested)
                {
                    var claimed = studies.Claim(name, worker, (trials, number) => Sample(study, baseSpec, trials, number));
                    if (claimed is null)
                    {
                        if (!studies.Trials(name).Any(t => t.State == StoredTrialState.Running)) break;
                        // Another worker holds the last trials: wait for them to finish, or to miss their heartbeats.
                        Thread.Sleep(study.HeartbeatTimeout / 4);
                        continue;
                    }

                    var ended = RunTrial(studies, new StudyStore(beats), study, baseSpec, prepared, claimed, worker, cancellationToken);
                    if (ended is null) continue;
                    lock (gate)
                    {
                        finished++;
                        onTrial?.Invoke(ended);
                    }
                }
            });
        }
        finally
        {
            Engine.Threads = threads;
        }

        return finished;
    }

    private static string Sample(StudyDefinition study, ExperimentSpec baseSpec, IReadOnlyList<StoredTrial> trials, int number)
    {
        var space = baseSpec.Definition.Space;
        ISampler sampler = study.Sampler == "random"
            ? new RandomSampler(study.Seed)
            : new TpeSampler(study.Seed, startupTrials: Math.Min(10, Math.Max(2, study.Trials / 3)));
        return ParameterJson.Write(sampler.Sample(space, [.. trials.Where(t => t.Number != number && t.Parameters is not null).Select(t => Restore(space, t))], number));
    }

    private static Trial Restore(SearchSpace space, StoredTrial stored) => Trial.Restore(
        stored.Number, ParameterJson.Read(space, stored.Parameters!),
        stored.State switch
        {
            StoredTrialState.Complete => TrialState.Complete,
            StoredTrialState.Pruned => TrialState.Pruned,
            StoredTrialState.Failed => TrialState.Failed,
            _ => TrialState.Running,
        },
        stored.Value, stored.Steps);

    /// <summary>Runs one claimed trial; returns it as finished, or <see langword="null"/> when this worker lost it.</summary>
    private static StoredTrial? RunTrial(
        StudyStore studies, StudyStore beats, StudyDefinition study, ExperimentSpec baseSpec, PreparedData prepared, StoredTrial claimed, string worker,
        CancellationToken cancellationToken)
    {
        var space = baseSpec.Definition.Space;
        var pruner = Pruner(study.Pruner);
        // Not disposed: a heartbeat already running when the timer is disposed may still cancel it.
        var lost = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost.Token);
        using var heartbeat = new Timer(_ =>
        {
            // A connection serves one thread at a time: a beat still waiting for the database skips the next one.
            if (!Monitor.TryEnter(beats)) return;
            try
            {
                if (!beats.Heartbeat(study.Name, claimed.Number, worker)) lost.Cancel();
            }
            catch (System.Data.Common.DbException)
            {
                // A missed beat is what the timeout is for; the next one may get through.
            }
            finally
            {
                Monitor.Exit(beats);
            }
        }, null, study.HeartbeatTimeout / 4, study.HeartbeatTimeout / 4);
        var trial = new Trial(claimed.Number, ParameterJson.Read(space, claimed.Parameters!), (t, step, value) =>
        {
            if (!studies.Report(study.Name, t.Number, worker, step, value)) lost.Cancel();
            linked.Token.ThrowIfCancellationRequested();
            var others = studies.Trials(study.Name).Where(o => o.Number != t.Number && o.Parameters is not null).Select(o => Restore(space, o)).ToList();
            return pruner?.ShouldPrune(t, step, others) ?? false;
        });
        var spec = ModelSearch.SpecOf(baseSpec, trial);
        var history = new List<RunEpoch>();
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        StoredTrialState state;
        double? value = null;
        string? error = null;
        try
        {
            var epochs = spec.Training.Epochs;
            var losses = new List<double>();
            foreach (var (fold, k) in TimeSeriesSplit.Split(prepared.Train.Count, study.Folds, prepared.Horizon - 1).Select((f, k) => (f, k)))
            {
                var model = spec.Definition.Create(prepared.Train.Features, new RandomSource(spec.Seed), spec.Model);
                var fit = Trainer.Fit(model, prepared.Train.Slice(fold.Train), prepared.Train.Slice(fold.Test), spec.TrainerOptions, e =>
                {
                    var step = (k * epochs) + e.Epoch;
                    history.Add(new RunEpoch(step, e.TrainLoss, e.ValidationLoss, e.LearningRate, e.Seconds));
                    trial.Report(step, e.ValidationLoss);
                }, linked.Token);
                losses.Add(fit.BestValidationLoss);
            }

            value = losses.Average();
            (state, error) = double.IsFinite(value.Value) ? (StoredTrialState.Complete, null) : (StoredTrialState.Failed, $"objective returned {value}");
        }
        catch (TrialPrunedException)
        {
            state = StoredTrialState.Pruned;
            value = trial.IntermediateValues.Count > 0 ? trial.IntermediateValues.MaxBy(p => p.Key).Value : null;
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            // Lost to a worker that took it over, or stopped: the trial is handed back by its heartbeat, never finished here.
            return null;
        }
        catch (Exception e) when (e is TrainingDivergedException or ArgumentException or InvalidOperationException)
        {
            (state, error) = (StoredTrialState.Failed, $"{e.GetType().Name}: {e.Message}");
        }

        heartbeat.Dispose();
        var run = new RunRecord
        {
            Kind = RunKind.Trial,
            Model = spec.Model.Architecture,
            StartedAt = started,
            Seconds = clock.Elapsed.TotalSeconds,
            Spec = spec.ToJson(),
            Metrics = new Dictionary<string, double> { ["value"] = value ?? double.NaN },
            History = history,
            Study = study.Name,
            Trial = claimed.Number,
        };
        return studies.Finish(study.Name, claimed.Number, worker, state, value, error, run)
            ? claimed with { State = state, Value = value, Error = error, Steps = trial.IntermediateValues }
            : null;
    }
}
