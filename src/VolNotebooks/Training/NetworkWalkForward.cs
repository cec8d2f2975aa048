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
    public static WalkForwardForecast Run(
        ExperimentSpec spec, SequenceDataset dataset, int trainWindow, int refitEvery,
        WindowMode mode = WindowMode.Rolling, bool warmStart = false, int? maxRefits = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(dataset);
        spec.Validate();
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
            if (warmStart && previous is not null) CopyWeights(previous, model);
            // Targets are divided by the window's training scale (as for the chronological split), forecasts multiplied back.
            var targetScale = TargetScale.Fit(dataset.Targets.AsSpan(fit.Start, fit.Length));
            SequenceData Part(IndexRange part) => SequenceData.From(scaled.Subset(part)).DivideTargets(targetScale);

            var result = Trainer.Fit(model, Part(fit), Part(check), spec.TrainerOptions with { Seed = seed + (ulong)epochs.Count });
            epochs.Add(result.History.Count);
            var test = scaled.Subset(fold.Test);
            var predicted = model.Predict(SequenceData.From(test));
            for (var i = 0; i < test.Count; i++)
            {
                dates.Add(test.Windows[i].InputEndDate);
                forecasts.Add(predicted[i] * targetScale);
                actuals.Add(test.Targets[i]);
            }

            previous = model;
        }

        return new WalkForwardForecast([.. dates], [.. forecasts], [.. actuals], epochs.Count, epochs);
    }

    private static void CopyWeights(ForecastModel from, ForecastModel to)
    {
        var source = from.StateEntries().ToList();
        var target = to.StateEntries().ToList();
        for (var i = 0; i < source.Count; i++) source[i].Value.Data.CopyTo(target[i].Value.Data, 0);
    }
}
