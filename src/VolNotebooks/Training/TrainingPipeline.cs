using System.Diagnostics;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Evaluation;
using VolNotebooks.Features;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Training;

/// <summary>What a network is trained to forecast.</summary>
public enum TargetKind
{
    /// <summary>Realized volatility of the next h days, in percent (daily), from the LSTM notebook's volatility features.</summary>
    RealizedVolatility,

    /// <summary>The next day's log return, in percent, from the ablation study's engineered features.</summary>
    Return,

    /// <summary>The VIX close h days ahead, from the volatility features with VIX and VVIX.</summary>
    Vix,
}

/// <summary>A ticker's data made ready for a network: chronological train / validation / test parts, scaled with a
/// scaler fitted on the training rows, with the reference value each forecast's direction is judged against.</summary>
/// <param name="Ticker">The symbol.</param>
/// <param name="Target">What is forecast.</param>
/// <param name="Horizon">Days ahead.</param>
/// <param name="Dataset">All samples, unscaled, with their dates.</param>
/// <param name="Split">The chronological split: 70/10/20 by time, targets never straddling two parts.</param>
/// <param name="Scaler">Input scaler fitted on the training samples' rows.</param>
/// <param name="Train">Scaled training samples.</param>
/// <param name="Validation">Scaled validation samples.</param>
/// <param name="Test">Scaled test samples.</param>
/// <param name="TestReference">Per test sample, the last value known when the forecast is made (for directional accuracy).</param>
/// <param name="FeatureSelection">What the correlation filter kept and dropped (computed on training rows), if it ran.</param>
/// <param name="From">The first day of data used, when the preparation was restricted (<c>from</c>).</param>
/// <param name="ForwardReturns">For volatility targets, per sample (aligned with <see cref="Dataset"/>), the percent log
/// return over the target's days - what a Value-at-Risk head forecasts a quantile of.</param>
/// <param name="TargetScale">The targets in <see cref="Train"/>, <see cref="Validation"/> and <see cref="Test"/> are divided
/// by it: the root mean square of the training targets, a positive, sign-preserving divisor that brings every target
/// (VIX near 20, volatility near 1%, returns near 0) to a scale near one, so one learning rate suits them all.</param>
public sealed record PreparedData(
    string Ticker, TargetKind Target, int Horizon, SequenceDataset Dataset, ChronologicalSplit Split, ColumnScaler Scaler,
    SequenceData Train, SequenceData Validation, SequenceData Test, double[] TestReference, CorrelationSelection? FeatureSelection = null,
    double TargetScale = 1.0, DateOnly? From = null, double[]? ForwardReturns = null)
{
    /// <summary>The realized validation targets in their original unit.</summary>
    public double[] ValidationActuals => [.. Validation.Targets.Select(v => v * TargetScale)];

    /// <summary>The realized test targets in their original unit.</summary>
    public double[] TestActuals => [.. Test.Targets.Select(v => v * TargetScale)];

    /// <summary>Forecasts of a model trained on the scaled targets, back in the target's unit.</summary>
    /// <param name="scaled">Forecasts on the training scale.</param>
    public double[] Unscale(float[] scaled) => [.. scaled.Select(v => v * TargetScale)];

    /// <summary>The test samples' windows (dates of inputs and targets), aligned with <see cref="Test"/>.</summary>
    public IReadOnlyList<SampleWindow> TestWindows => Dataset.Subset(Split.Test).Windows;

    /// <summary>The validation samples' windows, aligned with <see cref="Validation"/>.</summary>
    public IReadOnlyList<SampleWindow> ValidationWindows => Dataset.Subset(Split.Validation).Windows;
}

/// <summary>A trained model with its history and its test metrics.</summary>
/// <param name="Model">The network, holding its best-validation weights.</param>
/// <param name="Hyperparameters">What it was built with.</param>
/// <param name="Seed">Initialization seed.</param>
/// <param name="Training">Per-epoch history.</param>
/// <param name="Metrics">Test metrics: <c>rmse</c>, <c>mae</c>, <c>r2</c>, <c>qlike</c>, <c>directional_accuracy</c>.</param>
/// <param name="TestForecasts">Forecasts on the test samples.</param>
/// <param name="Seconds">Wall time of training.</param>
public sealed record TrainedModel(
    ForecastModel Model, Hyperparameters Hyperparameters, ulong Seed, TrainingResult Training, IReadOnlyDictionary<string, double> Metrics,
    double[] TestForecasts, double Seconds)
{
    /// <summary>The checkpoint of this model for the data it was trained on.</summary>
    /// <param name="data">The prepared data it was trained on.</param>
    /// <param name="options">The training options used.</param>
    public Checkpoint ToCheckpoint(PreparedData data, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var w = data.Dataset.Windows;
        var configuration = new Dictionary<string, string>
        {
            ["ticker"] = data.Ticker,
            ["target"] = data.Target.ToString(),
            ["horizon"] = data.Horizon.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["first_forecast"] = w[0].InputEndDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["last_forecast"] = w[^1].InputEndDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["split"] = data.Split.ToString(),
            ["loss"] = options.Loss.ToString(),
            ["epochs_run"] = Training.History.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["best_epoch"] = Training.BestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["target_scale"] = data.TargetScale.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["from"] = data.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        return new Checkpoint(Model, Hyperparameters, Seed, data.Dataset.FeatureNames, data.Dataset.Lookback, data.Dataset.TargetName, data.Scaler, configuration, Metrics);
    }
}

/// <summary>From shipped data to a trained, scored network - the path <c>volnb train</c> and the notebooks share.</summary>
public static class TrainingPipeline
{
    /// <summary>The research's default lookback for a target: 60 days for volatility (blueprint), 20 for returns (ablation), 30 for VIX (VIX study).</summary>
    /// <param name="target">The target.</param>
    public static int DefaultLookback(TargetKind target) => target switch
    {
        TargetKind.Return => 20,
        TargetKind.Vix => 30,
        _ => 60,
    };

    /// <summary>Builds features and the target for <paramref name="ticker"/>, splits 70/10/20 by time and scales on training rows.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="ticker">An equity symbol (SPY for the VIX target).</param>
    /// <param name="target">What to forecast.</param>
    /// <param name="horizon">Days ahead.</param>
    /// <param name="lookback">Time steps per sample; the research's default when <see langword="null"/>.</param>
    /// <param name="from">Drop samples whose inputs start before this day (shorter runs), or <see langword="null"/>.</param>
    /// <param name="correlationThreshold">Drop a feature whose |correlation| with a kept one exceeds this, on training rows only.</param>
    public static PreparedData Prepare(
        MarketData data, string ticker, TargetKind target, int horizon = 1, int? lookback = null, DateOnly? from = null, double correlationThreshold = 0.95)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var steps = lookback ?? DefaultLookback(target);
        var bars = data.Load(ticker);
        FeatureFrame frame;
        Target y;
        double[] reference;
        double[]? percentReturns = null;
        IReadOnlyList<string> candidates;
        if (target == TargetKind.Return)
        {
            var pair = MarketPanel.Align(new[] { bars, data.Load("SPY") }.DistinctBy(s => s.Symbol).ToList());
            var market = pair.Series[^1];
            frame = FeatureSets.Ablation(pair[bars.Symbol], market);
            var r = frame["log_return"].ToArray().Select(v => 100 * v).ToArray();
            y = Targets.Ahead("return_fwd_1_pct", r, horizon);
            reference = new double[r.Length];
            candidates = FeatureSets.AblationVariants["LSTM-Feat"];
        }
        else
        {
            var panel = MarketPanel.Align([bars, data.Load("VIX"), data.Load("VVIX")], MissingDayPolicy.ForwardFill);
            frame = FeatureSets.Volatility(panel[bars.Symbol], panel["VIX"], panel["VVIX"]);
            var r = frame["log_return"].ToArray().Select(v => 100 * v).ToArray();
            percentReturns = r;
            if (target == TargetKind.Vix)
            {
                var vix = panel["VIX"].Close.ToArray();
                y = Targets.Ahead($"vix_fwd_{horizon}", vix, horizon);
                reference = vix;
            }
            else
            {
                y = Targets.ForwardRealizedVolatility(r, horizon) with { Name = $"rv_fwd_{horizon}_pct" };
                reference = Rolling.RootMeanSquare(r, horizon);
            }

            candidates = frame.Names;
        }

        if (from is DateOnly start)
        {
            var rows = Enumerable.Range(0, frame.RowCount).Where(t => frame.Dates[t] >= start).ToList();
            if (percentReturns is not null) percentReturns = [.. rows.Select(t => percentReturns[t])];
            frame = Restrict(frame, ref y, ref reference, start);
        }

        var all = SequenceDataset.Create(frame, candidates, y, steps);
        // The 70/10/20 cut is fixed in time on the samples all candidates allow; feature selection then sees only rows
        // of the training period, and the final split reuses the same dates (so no selected row lies beyond them).
        var cut = ChronologicalSplit.ByFractions(all.Count, 0.7, 0.1, gap: horizon - 1);
        var trainEnd = all.Windows[cut.Train.End - 1].TargetLastDate;
        var validationEnd = all.Windows[cut.Validation.End - 1].TargetLastDate;
        var trainingRows = all.Windows[0].InputStart..(all.Windows[cut.Train.End - 1].InputEnd + 1);
        var selection = CorrelationFilter.Select(frame, candidates, trainingRows, correlationThreshold);
        var dataset = SequenceDataset.Create(frame, selection.Kept, y, steps);
        var split = dataset.SplitByDates(trainEnd, validationEnd);
        var scaler = dataset.FitScaler(split.Train);
        var scaled = dataset.Scale(scaler);
        var testReference = dataset.Subset(split.Test).Windows.Select(w => reference[w.InputEnd]).ToArray();
        var targetScale = RootMeanSquare(dataset.Targets.AsSpan(split.Train.Start, split.Train.Length));
        SequenceData Part(IndexRange part) => ScaleTargets(SequenceData.From(scaled.Subset(part)), targetScale);
        return new PreparedData(
            bars.Symbol, target, horizon, dataset, split, scaler, Part(split.Train), Part(split.Validation), Part(split.Test),
            testReference, selection, targetScale, from,
            percentReturns is null || target != TargetKind.RealizedVolatility
                ? null
                : [.. dataset.Windows.Select(w => Enumerable.Range(w.TargetFirst, w.TargetLast - w.TargetFirst + 1).Sum(t => percentReturns[t]))]);
    }

    /// <summary>Rebuilds the data a checkpoint was trained on (same ticker, target, horizon, lookback and span), checking
    /// that the features and the scaler come out the same, so its model can be applied to them.</summary>
    /// <param name="checkpoint">A loaded checkpoint written by <see cref="TrainedModel.ToCheckpoint"/>.</param>
    /// <param name="data">The data folder.</param>
    /// <exception cref="CheckpointException">The data no longer give the checkpoint's features or scaler.</exception>
    public static PreparedData Reproduce(Checkpoint checkpoint, MarketData data)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var config = checkpoint.Configuration;
        string Get(string key) => config.TryGetValue(key, out var v) ? v : throw new CheckpointException($"checkpoint configuration has no '{key}'");
        var from = Get("from") is { Length: > 0 } f ? DateOnly.ParseExact(f, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : (DateOnly?)null;
        var prepared = Prepare(data, Get("ticker"), Enum.Parse<TargetKind>(Get("target")), int.Parse(Get("horizon"), System.Globalization.CultureInfo.InvariantCulture), checkpoint.Lookback, from);
        if (!prepared.Dataset.FeatureNames.SequenceEqual(checkpoint.FeatureNames))
            throw new CheckpointException($"the data now give the features {string.Join(", ", prepared.Dataset.FeatureNames)}, not the checkpoint's {string.Join(", ", checkpoint.FeatureNames)}");
        if (!prepared.Scaler.Offset.SequenceEqual(checkpoint.Scaler.Offset) || !prepared.Scaler.Scale.SequenceEqual(checkpoint.Scaler.Scale))
            throw new CheckpointException("the data now give a different scaler than the checkpoint's (has the data folder changed?)");
        return prepared;
    }

    /// <summary>Builds <paramref name="definition"/> with <paramref name="seed"/>, trains it on the prepared data and scores it on the test part.</summary>
    /// <param name="definition">The architecture.</param>
    /// <param name="data">Prepared data.</param>
    /// <param name="options">Training options.</param>
    /// <param name="seed">Initialization seed.</param>
    /// <param name="hyperparameters">Architecture hyperparameters, or the defaults.</param>
    /// <param name="onEpoch">Progress per epoch.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    public static TrainedModel Train(
        ModelDefinition definition, PreparedData data, TrainerOptions options, ulong seed = 42, Hyperparameters? hyperparameters = null,
        Action<EpochRecord>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(data);
        hyperparameters ??= new Hyperparameters();
        var clock = Stopwatch.StartNew();
        var model = definition.Create(data.Train.Features, new RandomSource(seed), hyperparameters);
        if (model.Outputs == 2) return TrainTwoHeaded(model, data, options, seed, hyperparameters, onEpoch, cancellationToken, clock);
        var history = Trainer.Fit(model, data.Train, data.Validation, options with { Seed = seed }, onEpoch, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var forecast = data.Unscale(model.Predict(data.Test.Inputs, data.Test.TimeSteps));
        return new TrainedModel(model, hyperparameters, seed, history, Score(data, forecast), forecast, seconds);
    }

    /// <summary>Trains a volatility + Value-at-Risk model (two outputs) with the explainable study's combined loss: the
    /// volatility head on the realized-volatility target, the VaR head on the return over the same days (both divided by
    /// the same scale); scores the volatility head and adds the VaR breach rate (<c>var_violation_rate</c>).</summary>
    private static TrainedModel TrainTwoHeaded(
        ForecastModel model, PreparedData data, TrainerOptions options, ulong seed, Hyperparameters hyperparameters,
        Action<EpochRecord>? onEpoch, CancellationToken cancellationToken, Stopwatch clock)
    {
        if (data.ForwardReturns is null)
            throw new ArgumentException($"{model.Architecture} has a volatility and a VaR head: train it on a realized-volatility target (--target rv)");
        SequenceData TwoTargets(SequenceData part, IndexRange range)
        {
            var targets = new float[part.Count * 2];
            for (var i = 0; i < part.Count; i++)
            {
                targets[2 * i] = part.Targets[i];
                targets[(2 * i) + 1] = (float)(data.ForwardReturns[range.Start + i] / data.TargetScale);
            }

            return part with { Targets = targets, Outputs = 2 };
        }

        var dual = options with { Seed = seed, Loss = LossKind.VolatilityAndValueAtRisk };
        var history = Trainer.Fit(model, TwoTargets(data.Train, data.Split.Train), TwoTargets(data.Validation, data.Split.Validation), dual, onEpoch, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var both = model.Predict(data.Test.Inputs, data.Test.TimeSteps);
        var volatility = data.Unscale([.. both.Where((_, k) => k % 2 == 0)]);
        var valueAtRisk = data.Unscale([.. both.Where((_, k) => k % 2 == 1)]);
        var metrics = new Dictionary<string, double>(Score(data, volatility))
        {
            ["var_violation_rate"] = Enumerable.Range(0, valueAtRisk.Length).Count(i => data.ForwardReturns[data.Split.Test.Start + i] < valueAtRisk[i]) / (double)valueAtRisk.Length,
        };
        return new TrainedModel(model, hyperparameters, seed, history, metrics, volatility, seconds);
    }

    /// <summary>Test metrics of forecasts in the target's unit (a network's, or a baseline's aligned with the test samples):
    /// RMSE, MAE, R2, QLIKE (on squared volatilities, for volatility targets), directional accuracy and MSE; NaN forecasts are skipped.</summary>
    /// <param name="data">Prepared data.</param>
    /// <param name="forecast">One forecast per test sample.</param>
    public static IReadOnlyDictionary<string, double> Score(PreparedData data, double[] forecast)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(forecast);
        var actual = data.TestActuals;
        var f = forecast;
        var metrics = new Dictionary<string, double>
        {
            ["rmse"] = ForecastMetrics.Rmse(actual, f),
            ["mae"] = ForecastMetrics.Mae(actual, f),
            ["r2"] = ForecastMetrics.RSquared(actual, f),
            ["qlike"] = data.Target == TargetKind.Return || f.Any(v => v <= 0)
                ? double.NaN
                : ForecastMetrics.QlikeLog(actual.Select(v => v * v).ToArray(), f.Select(v => v * v).ToArray()),
            ["directional_accuracy"] = ForecastMetrics.DirectionalAccuracy(
                actual.Select((v, i) => v - data.TestReference[i]).ToArray(), f.Select((v, i) => v - data.TestReference[i]).ToArray()),
            ["mse"] = ForecastMetrics.Mse(actual, f),
        };
        return metrics;
    }

    private static double RootMeanSquare(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v * v;
        var rms = Math.Sqrt(sum / values.Length);
        return rms > 0 ? rms : 1.0;
    }

    private static SequenceData ScaleTargets(SequenceData data, double scale) =>
        data with { Targets = [.. data.Targets.Select(v => (float)(v / scale))] };

    private static FeatureFrame Restrict(FeatureFrame frame, ref Target target, ref double[] reference, DateOnly from)
    {
        var rows = Enumerable.Range(0, frame.RowCount).Where(t => frame.Dates[t] >= from).ToList();
        var values = target.Values;
        target = target with { Values = [.. rows.Select(t => values[t])] };
        var r = reference;
        reference = [.. rows.Select(t => r[t])];
        return frame.Rows(rows);
    }
}
