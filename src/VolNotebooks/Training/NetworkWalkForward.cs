using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Training;

/// <summary>Date-aligned out-of-sample forecasts of a network refitted on a moving window.</summary>
/// <param name="ForecastDates">The day each forecast is made (its last input day).</param>
/// <param name="Forecasts">One forecast per date.</param>
/// <param name="Actuals">The realized target of each forecast.</param>
/// <param name="Refits">Number of models fitted.</param>
/// <param name="EpochsRun">Epochs run by each refit.</param>
public sealed record WalkForwardForecast(DateOnly[] ForecastDates, double[] Forecasts, double[] Actuals, int Refits, IReadOnlyList<int> EpochsRun);

/// <summary>Walk-forward training of a network (the LSTM notebook's <c>rolling_lstm_forecast</c>): refit every k samples on
/// a rolling or expanding window, with the scaler refitted on each window, and forecast the samples until the next refit.</summary>
public static class NetworkWalkForward
{
    /// <summary>Runs the walk-forward study on an unscaled dataset.</summary>
    /// <param name="spec">The experiment: its model, hyperparameters, training options (for every refit) and seed (of the
    /// initialization; refit k shuffles with seed + k).</param>
    /// <param name="dataset">All samples, unscaled, in time order.</param>
    /// <param name="trainWindow">Samples per training window (the last 15% of it validates early stopping).</param>
    /// <param name="refitEvery">Samples forecast by each model (21 = monthly).</param>
    /// <param name="mode">Rolling or expanding windows.</param>
    /// <param name="warmStart">Start each refit from the previous model's weights instead of a fresh initialization.</param>
    /// <param name="maxRefits">Stop after this many refits (a shorter demonstration), or <see langword="null"/>.</param>
    /// <param name="forwardReturns">For a model with a volatility and a Value-at-Risk head (two outputs), per sample
    /// (aligned with <paramref name="dataset"/>) the percent log return over the target's days
    /// (<see cref="PreparedData.ForwardReturns"/>): the VaR head trains on it as <see cref="TrainingPipeline.Train"/> does,
    /// and the forecasts are the volatility head's.</param>
    public static WalkForwardForecast Run(
        ExperimentSpec spec, SequenceDataset dataset, int trainWindow, int refitEvery,
        WindowMode mode = WindowMode.Rolling, bool warmStart = false, int? maxRefits = null, double[]? forwardReturns = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(dataset);
        spec.Validate();
        if (forwardReturns is not null && forwardReturns.Length != dataset.Count)
            throw new ArgumentException($"{forwardReturns.Length} forward returns for {dataset.Count} samples", nameof(forwardReturns));
        var (definition, seed) = (spec.Definition, spec.Seed);
        var horizon = dataset.Windows[0].TargetLast - dataset.Windows[0].InputEnd;
        var folds = WalkForward.Windows(dataset.Count, trainWindow, refitEvery, mode, gap: horizon - 1);
        if (maxRefits is int cap) folds = [.. folds.Take(cap)];
        var dates = new List<DateOnly>();
        var forecasts = new List<double>();
        var actuals = new List<double>();
        var epochs = new List<int>();
        ForecastModel? previous = null;
        foreach (var fold in folds)
        {
            // The scaler sees this window's training rows only; validation is the window's most recent 15%.
            var scaler = dataset.FitScaler(fold.Train);
            var scaled = dataset.Scale(scaler);
            // Training targets end before the validation samples' targets begin (purged by horizon - 1).
            var validationLength = Math.Max(1, fold.Train.Length * 15 / 100);
            var fit = new IndexRange(fold.Train.Start, fold.Train.Length - validationLength - (horizon - 1));
            var check = new IndexRange(fold.Train.End - validationLength, validationLength);
            var model = definition.Create(dataset.FeatureCount, new RandomSource(seed), spec.Model);
            if (model.Outputs == 2 && forwardReturns is null)
                throw new ArgumentException($"{model.Architecture} has a volatility and a VaR head: pass the forward returns (PreparedData.ForwardReturns)", nameof(forwardReturns));
            if (warmStart && previous is not null) CopyWeights(previous, model);
            // Targets are divided by the window's training scale (as for the chronological split), forecasts multiplied back.
            var targetScale = TargetScale.Fit(dataset.Targets.AsSpan(fit.Start, fit.Length));
            SequenceData Part(IndexRange part)
            {
                var single = SequenceData.From(scaled.Subset(part)).DivideTargets(targetScale);
                if (model.Outputs == 1) return single;
                // [N, 2]: volatility target, then the forward return under the same scale (TrainingPipeline's two-headed layout).
                var targets = new float[single.Count * 2];
                for (var i = 0; i < single.Count; i++)
                {
                    targets[2 * i] = single.Targets[i];
                    targets[(2 * i) + 1] = (float)(forwardReturns![part.Start + i] / targetScale);
                }

                return single with { Targets = targets, Outputs = 2 };
            }

            var options = spec.TrainerOptions with { Seed = seed + (ulong)epochs.Count };
            if (model.Outputs == 2) options = options with { Loss = LossKind.VolatilityAndValueAtRisk };
            var result = Trainer.Fit(model, Part(fit), Part(check), options);
            epochs.Add(result.History.Count);
            var test = scaled.Subset(fold.Test);
            var predicted = model.Predict(SequenceData.From(test));
            for (var i = 0; i < test.Count; i++)
            {
                dates.Add(test.Windows[i].InputEndDate);
                forecasts.Add(predicted[i * model.Outputs] * targetScale);
                actuals.Add(test.Targets[i]);
            }

            previous = model;
        }

        return new WalkForwardForecast([.. dates], [.. forecasts], [.. actuals], epochs.Count, epochs);
    }

    /// <summary>Runs the walk-forward study so that its forecasts start on the first sample whose last input day is on or after
    /// <paramref name="firstForecastDay"/>: the samples before it supply the first training window (and the purge gap of
    /// horizon - 1), the earlier ones are not used.</summary>
    /// <param name="spec">The experiment, as for <see cref="Run"/>.</param>
    /// <param name="dataset">All samples, unscaled, in time order; it must hold <paramref name="trainWindow"/> + horizon - 1
    /// samples before the first forecast.</param>
    /// <param name="firstForecastDay">The first day a forecast is made on (its last input day).</param>
    /// <param name="trainWindow">Samples per training window.</param>
    /// <param name="refitEvery">Samples forecast by each model.</param>
    /// <param name="maxRefits">Stop after this many refits, or <see langword="null"/> to forecast to the end of the data.</param>
    /// <param name="forwardReturns">For a two-headed model, per sample of <paramref name="dataset"/> the forward return (see <see cref="Run"/>).</param>
    /// <exception cref="ArgumentException">No sample is on or after the day, or too few samples precede it.</exception>
    public static WalkForwardForecast RunFrom(
        ExperimentSpec spec, SequenceDataset dataset, DateOnly firstForecastDay, int trainWindow, int refitEvery, int? maxRefits = null, double[]? forwardReturns = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var first = -1;
        for (var i = 0; i < dataset.Count && first < 0; i++)
        {
            if (dataset.Windows[i].InputEndDate >= firstForecastDay) first = i;
        }

        if (first < 0) throw new ArgumentException($"no sample ends on or after {firstForecastDay:yyyy-MM-dd}", nameof(firstForecastDay));
        var horizon = dataset.Windows[0].TargetLast - dataset.Windows[0].InputEnd;
        var start = first - trainWindow - (horizon - 1);
        if (start < 0)
            throw new ArgumentException($"a training window of {trainWindow} samples before {firstForecastDay:yyyy-MM-dd} needs {-start} more samples; start the data earlier", nameof(dataset));
        var range = new IndexRange(start, dataset.Count - start);
        return Run(spec, dataset.Subset(range), trainWindow, refitEvery, maxRefits: maxRefits, forwardReturns: forwardReturns?[range.Start..range.End]);
    }

    private static void CopyWeights(ForecastModel from, ForecastModel to)
    {
        var source = from.StateEntries().ToList();
        var target = to.StateEntries().ToList();
        for (var i = 0; i < source.Count; i++) source[i].Value.Data.CopyTo(target[i].Value.Data, 0);
    }
}
