using System.Diagnostics;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Features;
using VolNotebooks.Models;

namespace VolNotebooks.Training;

/// <summary>The ablation study of research 003: one LSTM architecture trained on three input variants (<c>raw</c>,
/// <c>ohlcv</c>, <c>feat</c>) for several tickers and seeds, every run scored on the same test days, with the Stage-1
/// baselines fitted beside them.</summary>
/// <remarks>
/// Each (ticker, variant, seed) is one <see cref="ExperimentSpec"/>: <see cref="ResearchSpec"/> with the ticker, the
/// variant's recipe and the seed set (<see cref="SpecFor"/>). Runs are independent and each result is stored in its own
/// slot, so the study gives the same numbers bit for bit whatever <c>maxParallelism</c> is.
/// </remarks>
public static class AblationStudy
{
    /// <summary>The study's three input variants, as feature recipe names: the log return alone, OHLCV, engineered.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["raw", "ohlcv", "feat"];

    /// <summary>The study's twelve tickers (research 003, as Stage 1).</summary>
    public static IReadOnlyList<string> ResearchTickers { get; } = ["AAPL", "MSFT", "AMZN", "GOOGL", "JPM", "XOM", "JNJ", "PG", "WMT", "KO", "NVDA", "BAC"];

    /// <summary>Research 003's setup: LSTMForecaster (LSTM 64, 2 layers, dropout 0.2 -> 32 -> 1), inputs
    /// <c>[t-20 .. t-1]</c> predicting day t's percent log return, 70/10/20 chronological split, standard scaler on
    /// training rows, MSE, Adam 1e-3, batches of 64, at most 100 epochs with early stopping after 10 without a better
    /// validation loss, gradients clipped to norm 1, no learning-rate schedule, seed 42. Symbol and recipe are
    /// placeholders that <see cref="SpecFor"/> replaces.</summary>
    /// <remarks>Two differences from the study's code, both deliberate: targets are divided by their training scale
    /// (<c>TargetScale</c>; forecasts are scaled back before scoring), and early stopping restores the best epoch's
    /// weights - the study meant to (<c>best_state = model.state_dict()</c>), but that dictionary holds references to the
    /// live tensors, so its <c>load_state_dict</c> reloaded the last epoch's weights.</remarks>
    public static ExperimentSpec ResearchSpec { get; } = new()
    {
        Data = new DatasetSpec
        {
            Symbol = "AAPL", Features = "raw", Target = new TargetSpec(TargetKind.Return, 1), Lookback = 20,
            Window = WindowConvention.BeforeTarget, Split = new SplitSpec(0.7, 0.1), Scaler = ScalerKind.Standard,
        },
        Model = new LstmForecasterHyperparameters(),
        Training = new TrainerOptions
        {
            Epochs = 100, BatchSize = 64, LearningRate = 1e-3, Patience = 10, ClipNorm = 1.0, Loss = LossKind.Mse, ReduceLearningRateFactor = 0,
        },
        Seed = 42,
    };

    /// <summary>The spec of one run: <paramref name="baseSpec"/> with the ticker, the variant's recipe and the seed.</summary>
    /// <param name="baseSpec">The study's settings (e.g. <see cref="ResearchSpec"/> with a span and a budget).</param>
    /// <param name="ticker">The symbol.</param>
    /// <param name="variant">A feature recipe name.</param>
    /// <param name="seed">The run's seed.</param>
    public static ExperimentSpec SpecFor(ExperimentSpec baseSpec, string ticker, string variant, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        return baseSpec with { Data = baseSpec.Data with { Symbol = ticker, Features = variant }, Seed = seed };
    }

    /// <summary>The span every ticker and every variant covers with complete features: from the latest day on which
    /// some ticker's variants first have all their inputs (the <c>feat</c> recipe's 20-day warm-up on the latest-listed
    /// ticker), to the earliest last day.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="tickers">The tickers.</param>
    /// <param name="variants">The variants' recipe names (default <see cref="Variants"/>).</param>
    public static (DateOnly From, DateOnly To) CommonWindow(MarketData data, IEnumerable<string> tickers, IEnumerable<string>? variants = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(tickers);
        var recipes = (variants ?? Variants).Select(FeatureRecipes.Get).ToList();
        DateOnly? from = null, to = null;
        foreach (var ticker in tickers)
        {
            foreach (var recipe in recipes)
            {
                var built = recipe.For(data, ticker);
                var columns = built.Columns.Select(c => built.Frame.Column(c).ToArray()).ToArray();
                var first = Enumerable.Range(0, built.Frame.RowCount).FirstOrDefault(t => columns.All(c => double.IsFinite(c[t])), -1);
                if (first < 0) throw new ArgumentException($"{ticker}: recipe '{recipe.Name}' never has all of its features");
                var (start, end) = (built.Frame.Dates[first], built.Frame.Dates[^1]);
                from = from is DateOnly f && f >= start ? f : start;
                to = to is DateOnly t && t <= end ? t : end;
            }
        }

        return from is DateOnly a && to is DateOnly b ? (a, b) : throw new ArgumentException("no tickers given", nameof(tickers));
    }

    /// <summary>Runs the study: per ticker, prepares every variant's data (checking that all give the same samples),
    /// fits the baselines, then trains every (variant, seed).</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="baseSpec">The study's settings; symbol, recipe and seed are set per run (<see cref="SpecFor"/>).</param>
    /// <param name="tickers">The tickers, in the order runs are made.</param>
    /// <param name="variants">Recipe names of the variants (at least one).</param>
    /// <param name="seeds">Seeds per (ticker, variant) (at least one).</param>
    /// <param name="progress">Called after every run (serialized, in completion order).</param>
    /// <param name="maxParallelism">Runs trained at once (1: one after another); the results do not depend on it.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="InvalidOperationException">Two variants of a ticker give different samples (a feature missing on some day).</exception>
    public static AblationResult Run(
        MarketData data, ExperimentSpec baseSpec, IReadOnlyList<string> tickers, IReadOnlyList<string> variants, IReadOnlyList<ulong> seeds,
        Action<AblationProgress>? progress = null, int maxParallelism = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(baseSpec);
        ArgumentNullException.ThrowIfNull(tickers);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(seeds);
        if (tickers.Count == 0 || variants.Count == 0 || seeds.Count == 0) throw new ArgumentException("an ablation study needs at least one ticker, variant and seed");
        if (tickers.Distinct().Count() != tickers.Count || variants.Distinct().Count() != variants.Count || seeds.Distinct().Count() != seeds.Count)
            throw new ArgumentException("tickers, variants and seeds must not repeat");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        if (baseSpec.Data.Target.Kind != TargetKind.Return) throw new ArgumentException("spec.data.target.kind: the ablation study forecasts returns");
        baseSpec.Validate();

        var clock = Stopwatch.StartNew();
        var total = tickers.Count * variants.Count * seeds.Count;
        var completed = 0;
        var gate = new object();
        var tickerResults = new List<AblationTicker>();
        var runs = new List<AblationRun>();
        foreach (var ticker in tickers)
        {
            var (shared, prepared) = Prepare(data, baseSpec, ticker, variants);
            tickerResults.Add(shared);
            var jobs = variants.SelectMany(v => seeds.Select(s => (Variant: v, Seed: s))).ToArray();
            var slots = new AblationRun[jobs.Length];
            void RunJob(int j)
            {
                var (variant, seed) = jobs[j];
                var spec = SpecFor(baseSpec, ticker, variant, seed);
                var trained = TrainingPipeline.Train(spec, prepared[variant], cancellationToken: cancellationToken);
                slots[j] = new AblationRun(ticker, variant, seed, spec, trained.Metrics, trained.TestForecasts, trained.Training, trained.Seconds);
                if (progress is null) return;
                lock (gate) progress(new AblationProgress(++completed, total, slots[j], clock.Elapsed));
            }

            if (maxParallelism == 1)
            {
                for (var j = 0; j < jobs.Length; j++) RunJob(j);
            }
            else
            {
                // Trainings side by side share the cores, so they do not crowd each other out.
                using var share = Neural.Engine.ShareCores(maxParallelism);
                Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken }, RunJob);
            }

            runs.AddRange(slots);
        }

        return new AblationResult([.. variants], [.. seeds], tickerResults, runs, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Every variant's prepared data and the shared test data and baselines of one ticker.</summary>
    private static (AblationTicker Shared, Dictionary<string, PreparedData> Prepared) Prepare(
        MarketData data, ExperimentSpec baseSpec, string ticker, IReadOnlyList<string> variants)
    {
        var prepared = new Dictionary<string, PreparedData>();
        foreach (var variant in variants.Append("feat").Distinct())
            prepared[variant] = TrainingPipeline.Prepare(data, SpecFor(baseSpec, ticker, variant, baseSpec.Seed));
        var reference = prepared["feat"];
        foreach (var (variant, other) in prepared)
        {
            if (other.Split != reference.Split || !other.Dataset.Windows.Select(w => w.TargetFirstDate).SequenceEqual(reference.Dataset.Windows.Select(w => w.TargetFirstDate)))
            {
                throw new InvalidOperationException(
                    $"{ticker}: variant '{variant}' gives {other.Dataset.Count} samples split {other.Split}, 'feat' {reference.Dataset.Count} split {reference.Split}; " +
                    "start the span where every variant has complete features (AblationStudy.CommonWindow)");
            }
        }

        var train = reference.Split.Train;
        var shared = new AblationTicker(
            ticker, [.. reference.TestWindows.Select(w => w.TargetFirstDate)], reference.TestActuals, reference.Dataset.Targets[train.ToRange()],
            train.Length, reference.Split.Validation.Length, ReturnBaselines.All(reference));
        return (shared, prepared);
    }
}
