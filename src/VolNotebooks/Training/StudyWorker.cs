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
/// median pruner and the rungs of ASHA and Hyperband compare trials at the same fold and epoch (Hyperband's maximum
/// resource is folds times epochs). With the random sampler a trial's
/// parameters depend only on the study's seed and the trial number, so the study draws the same trials however many
/// workers run it. TPE samples from the trials complete when a trial is first claimed: with one worker that is every
/// earlier trial and the study is reproducible; with more, which trials are complete at that moment depends on timing,
/// so later trials may differ from run to run (the first <c>startup</c> random trials never do). Pruning likewise
/// compares with whatever other trials have reported, so with several workers which trials are pruned can vary. A
/// batched study (<see cref="StudyDefinition.Batch"/> B &gt; 0) removes both: trial n is sampled from and pruned against
/// exactly trials 0 to n - B, which have all finished before it is claimed, so its parameters, its pruning and its value
/// are the same with one worker or many; with up to B workers they rarely wait for each other.
/// </remarks>
public static class StudyWorker
{
    /// <summary>The samplers a study may name.</summary>
    public static readonly IReadOnlyList<string> Samplers = ["tpe", "random"];

    /// <summary>The longest a worker with nothing to claim waits before looking again.</summary>
    private static readonly TimeSpan WaitingPoll = TimeSpan.FromSeconds(1);

    /// <summary>The pruners a study may name.</summary>
    public static readonly IReadOnlyList<string> Pruners = ["median", "asha", "hyperband", "none"];

    /// <summary>Creates a study of <paramref name="trials"/> trials varying <paramref name="baseSpec"/> in the store.</summary>
    /// <param name="studies">The store.</param>
    /// <param name="name">The study's unique name.</param>
    /// <param name="baseSpec">The experiment each trial varies (its architecture's search space is searched).</param>
    /// <param name="trials">Trials in all.</param>
    /// <param name="sampler"><c>tpe</c> or <c>random</c>.</param>
    /// <param name="pruner"><c>median</c>, <c>asha</c>, <c>hyperband</c> or <c>none</c>.</param>
    /// <param name="folds">Time-series cross-validation folds (3 in the VIX study).</param>
    /// <param name="heartbeatTimeout">Silence after which a running trial's worker counts as dead (default 60 s).</param>
    /// <param name="batch">0: trials learn from whatever others stand in the store when they are sampled and judged; B &gt; 0:
    /// trial n learns from exactly trials 0 to n - B, so the study is reproducible with any number of workers (see
    /// <see cref="StudyDefinition.Batch"/>).</param>
    public static StudyDefinition Create(
        StudyStore studies, string name, ExperimentSpec baseSpec, int trials, string sampler = "tpe", string pruner = "median", int folds = 3,
        TimeSpan? heartbeatTimeout = null, int batch = 0)
    {
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(baseSpec);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (!Samplers.Contains(sampler)) throw new ArgumentException($"sampler '{sampler}': expected {string.Join(", ", Samplers)}");
        if (!Pruners.Contains(pruner)) throw new ArgumentException($"pruner '{pruner}': expected {string.Join(", ", Pruners)}");
        var definition = baseSpec.Validate().Definition;
        var study = new StudyDefinition(
            name, definition.Name, baseSpec.ToJson(), trials, sampler, pruner, folds, ModelSearch.SamplerSeed(baseSpec.Seed, definition.Name),
            heartbeatTimeout ?? TimeSpan.FromSeconds(60), batch);
        studies.Create(study);
        return study;
    }

    /// <summary>The pruner a study names: the median pruner after 3 complete trials, ASHA with rungs at steps 1, 3, 9,
    /// 27, ..., Hyperband over steps 1 to <paramref name="maxStep"/> with eta 3, or none.</summary>
    /// <param name="name"><c>median</c>, <c>asha</c>, <c>hyperband</c> or <c>none</c>.</param>
    /// <param name="maxStep">The most steps a trial reports: folds times epochs.</param>
    /// <param name="seed">The study's seed (Hyperband assigns trials to brackets by it).</param>
    public static IPruner? Pruner(string name, int maxStep, int seed) => name switch
    {
        "median" => new MedianPruner(StartupTrials: 3),
        "asha" => new AshaPruner(MinResource: 1, ReductionFactor: 3),
        "hyperband" => new HyperbandPruner(MaxResource: maxStep, Seed: seed, MinResource: 1, ReductionFactor: 3),
        "none" => null,
        _ => throw new ArgumentException($"pruner '{name}': expected {string.Join(", ", Pruners)}"),
    };

    /// <summary>Runs the study's trials with <paramref name="workers"/> workers until none is left to claim, and returns
    /// what this call finished and where its time went.</summary>
    /// <param name="storage">The store: a SQLite file or a <c>postgresql://</c> URL (each worker opens its own connections).</param>
    /// <param name="name">The study's name.</param>
    /// <param name="data">The market data the base spec reads.</param>
    /// <param name="workers">Workers in this process; each trains with <c>cores / workers</c> engine threads.</param>
    /// <param name="onTrial">Called as each trial this process ran ends.</param>
    /// <param name="retry">How the workers' connections retry when lost (<see cref="StoreRetryPolicy.Default"/>, logging to
    /// standard error, when null).</param>
    /// <param name="cancellationToken">Stops claiming new trials; a running trial is handed back by its missed heartbeats.</param>
    /// <exception cref="RunStoreUnavailableException">The store stayed unreachable through every retry.</exception>
    public static StudyRunSummary Run(
        string storage, string name, MarketData data, int workers = 1, Action<StoredTrial>? onTrial = null, StoreRetryPolicy? retry = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var clock = Stopwatch.StartNew();
        StudyDefinition study;
        using (var store = RunStore.Open(storage, retry)) study = new StudyStore(store).Get(name);
        var baseSpec = ExperimentSpec.FromJson(study.BaseSpec, $"study {name}");
        var prepared = TrainingPipeline.Prepare(data, baseSpec);
        using var share = Engine.ShareCores(workers);
        var ended = new List<StoredTrial>();
        var times = new WorkerTimes[workers];
        try
        {
            var host = $"{Environment.MachineName}:{Environment.ProcessId}";
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, k =>
            {
                var worker = $"{host}:{k}:{Guid.NewGuid().ToString("N")[..8]}";
                var spent = times[k] = new WorkerTimes();
                using var store = RunStore.Open(storage, retry);
                using var beats = RunStore.Open(storage, retry);
                var studies = new StudyStore(store);
                while (!cancellationToken.IsCancellationRequested)
                {
                    var sampling = TimeSpan.Zero;
                    var claiming = Stopwatch.StartNew();
                    var claimed = studies.Claim(name, worker, (trials, number) =>
                    {
                        var sampler = Stopwatch.StartNew();
                        var parameters = Sample(study, baseSpec, trials, number);
                        sampling += sampler.Elapsed;
                        return parameters;
                    });
                    spent.Store += claiming.Elapsed - sampling;
                    spent.Sampling += sampling;
                    if (claimed is null)
                    {
                        var reading = Stopwatch.StartNew();
                        var running = studies.Trials(name).Any(t => t.State == StoredTrialState.Running);
                        spent.Store += reading.Elapsed;
                        if (!running) break;
                        // Another worker holds the last trials: wait for them to finish, or to miss their heartbeats. A
                        // second's poll (a read) ends the run soon after the last trial rather than up to 15 s later.
                        var waiting = Stopwatch.StartNew();
                        Thread.Sleep(TimeSpan.FromTicks(Math.Min(study.HeartbeatTimeout.Ticks / 4, WaitingPoll.Ticks)));
                        spent.Waiting += waiting.Elapsed;
                        continue;
                    }

                    var trial = RunTrial(studies, new StudyStore(beats), study, baseSpec, prepared, claimed, worker, spent, cancellationToken);
                    if (trial is null) continue;
                    lock (ended)
                    {
                        ended.Add(trial);
                        onTrial?.Invoke(trial);
                    }
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<RunStoreUnavailableException>().FirstOrDefault() is { } unavailable)
        {
            // Every worker talks to the same store: when it is gone, say so once rather than as an aggregate of the same error.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(unavailable).Throw();
        }

        return new StudyRunSummary(
            ended.Count, ended.Count(t => t.State == StoredTrialState.Pruned), ended.Count(t => t.State == StoredTrialState.Failed), workers, clock.Elapsed,
            Sum(times, t => t.Training), Sum(times, t => t.Store), Sum(times, t => t.Sampling), Sum(times, t => t.Waiting));
    }

    private static TimeSpan Sum(WorkerTimes[] times, Func<WorkerTimes, TimeSpan> part) =>
        times.Where(t => t is not null).Aggregate(TimeSpan.Zero, (total, t) => total + part(t));

    /// <summary>The study named <paramref name="name"/> as the store holds it now: a <see cref="Study"/> of the trials
    /// claimed so far (those never claimed have no parameters yet and are left out), with their parameters, states,
    /// values, reported steps, errors and run times (trials still running have state running), and the trials' runs.</summary>
    /// <param name="storage">The store: a SQLite file or a <c>postgresql://</c> URL.</param>
    /// <param name="name">The study's name.</param>
    /// <param name="retry">How a lost connection is retried.</param>
    public static (StudyDefinition Definition, Study Study, IReadOnlyList<RunRecord> Runs) Load(string storage, string name, StoreRetryPolicy? retry = null)
    {
        using var store = RunStore.Open(storage, retry);
        var studies = new StudyStore(store);
        var study = studies.Get(name);
        var baseSpec = ExperimentSpec.FromJson(study.BaseSpec, $"study {name}");
        var space = baseSpec.Definition.Space;
        var claimed = studies.Trials(name).Where(t => t.Parameters is not null).ToList();
        var runs = claimed.Where(t => t.RunId is not null).ToDictionary(t => t.Number, t => store.Get(t.RunId!.Value));
        var trials = claimed.Select(t => Restore(space, t, runs.TryGetValue(t.Number, out var run) ? TimeSpan.FromSeconds(run.Seconds) : TimeSpan.Zero));
        var pruner = Pruner(study.Pruner, study.Folds * baseSpec.Training.Epochs, study.Seed);
        return (study, Study.Restore(space, SamplerOf(study), pruner, trials), [.. runs.OrderBy(r => r.Key).Select(r => r.Value)]);
    }

    private static ISampler SamplerOf(StudyDefinition study) => study.Sampler == "random"
        ? new RandomSampler(study.Seed)
        : new TpeSampler(study.Seed, startupTrials: Math.Min(10, Math.Max(2, study.Trials / 3)));

    private static string Sample(StudyDefinition study, ExperimentSpec baseSpec, IReadOnlyList<StoredTrial> trials, int number)
    {
        var space = baseSpec.Definition.Space;
        var sampler = SamplerOf(study);
        return ParameterJson.Write(sampler.Sample(space, [.. trials.Where(t => study.Sees(number, t.Number) && t.Parameters is not null).Select(t => Restore(space, t))], number));
    }

    private static Trial Restore(SearchSpace space, StoredTrial stored, TimeSpan duration = default) => Trial.Restore(
        stored.Number, ParameterJson.Read(space, stored.Parameters!),
        stored.State switch
        {
            StoredTrialState.Complete => TrialState.Complete,
            StoredTrialState.Pruned => TrialState.Pruned,
            StoredTrialState.Failed => TrialState.Failed,
            _ => TrialState.Running,
        },
        stored.Value, stored.Steps, stored.Error, duration);

    /// <summary>Runs one claimed trial; returns it as finished, or <see langword="null"/> when this worker lost it.</summary>
    private static StoredTrial? RunTrial(
        StudyStore studies, StudyStore beats, StudyDefinition study, ExperimentSpec baseSpec, PreparedData prepared, StoredTrial claimed, string worker,
        WorkerTimes spent, CancellationToken cancellationToken)
    {
        var space = baseSpec.Definition.Space;
        var epochs = baseSpec.Training.Epochs;
        var pruner = Pruner(study.Pruner, study.Folds * epochs, study.Seed);
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
            catch (Exception e) when (e is System.Data.Common.DbException or RunStoreUnavailableException)
            {
                // A missed beat is what the timeout is for; the next one may get through.
            }
            finally
            {
                Monitor.Exit(beats);
            }
        }, null, study.HeartbeatTimeout / 4, study.HeartbeatTimeout / 4);
        // Time inside an epoch's report (store and pruner) is taken out of the training time it interrupts.
        var reportTime = TimeSpan.Zero;
        // In a batched study the trials this one is judged against had all finished when it was claimed, so they are read
        // once; otherwise every report reads what the other workers have reported since.
        List<Trial>? finishedOthers = null;
        var trial = new Trial(claimed.Number, ParameterJson.Read(space, claimed.Parameters!), (t, step, value) =>
        {
            var storing = Stopwatch.StartNew();
            if (!studies.Report(study.Name, t.Number, worker, step, value)) lost.Cancel();
            linked.Token.ThrowIfCancellationRequested();
            var others = finishedOthers ?? [.. studies.Trials(study.Name).Where(o => study.Sees(t.Number, o.Number) && o.Parameters is not null).Select(o => Restore(space, o))];
            if (study.Batch > 0) finishedOthers = others;
            spent.Store += storing.Elapsed;
            var pruning = Stopwatch.StartNew();
            var prune = pruner?.ShouldPrune(t, step, others) ?? false;
            spent.Sampling += pruning.Elapsed;
            reportTime += storing.Elapsed;
            return prune;
        });
        var spec = ModelSearch.SpecOf(baseSpec, trial);
        var history = new List<RunEpoch>();
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        StoredTrialState state;
        double? value = null;
        string? error = null;
        var training = Stopwatch.StartNew();
        try
        {
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
        finally
        {
            spent.Training += training.Elapsed - reportTime;
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
        var finishing = Stopwatch.StartNew();
        var finished = studies.Finish(study.Name, claimed.Number, worker, state, value, error, run);
        spent.Store += finishing.Elapsed;
        return finished
            ? claimed with { State = state, Value = value, Error = error, Steps = trial.IntermediateValues }
            : null;
    }

    /// <summary>Where one worker's time went (only its own thread touches it).</summary>
    private sealed class WorkerTimes
    {
        /// <summary>Building models and training them, less the reports made between epochs.</summary>
        public TimeSpan Training { get; set; }

        /// <summary>Claims, reports, reads of the trials and finishes: time spent in the store.</summary>
        public TimeSpan Store { get; set; }

        /// <summary>Sampling parameters and asking the pruner.</summary>
        public TimeSpan Sampling { get; set; }

        /// <summary>Idle while other workers held the last trials.</summary>
        public TimeSpan Waiting { get; set; }
    }
}
