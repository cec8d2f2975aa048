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
    /// <param name="definition">The architecture.</param>
    /// <param name="dataset">All samples, unscaled, in time order.</param>
    /// <param name="trainWindow">Samples per training window (the last 15% of it validates early stopping).</param>
    /// <param name="refitEvery">Samples forecast by each model (21 = monthly).</param>
    /// <param name="options">Training options for every refit.</param>
    /// <param name="mode">Rolling or expanding windows.</param>
    /// <param name="warmStart">Start each refit from the previous model's weights instead of a fresh initialization.</param>
    /// <param name="seed">Seed of the first initialization and of the shuffling.</param>
    /// <param name="hyperparameters">Architecture hyperparameters.</param>
    /// <param name="maxRefits">Stop after this many refits (a shorter demonstration), or <see langword="null"/>.</param>
    public static WalkForwardForecast Run(
        ModelDefinition definition, SequenceDataset dataset, int trainWindow, int refitEvery, TrainerOptions options,
        WindowMode mode = WindowMode.Rolling, bool warmStart = false, ulong seed = 42, Hyperparameters? hyperparameters = null, int? maxRefits = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        hyperparameters ??= new Hyperparameters();
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
            var model = definition.Create(dataset.FeatureCount, new RandomSource(seed), hyperparameters);
            if (warmStart && previous is not null) CopyWeights(previous, model);
            // Targets are divided by the window's training root mean square (as TrainingPipeline does), forecasts multiplied back.
            var targetScale = Math.Sqrt(dataset.Targets.AsSpan(fit.Start, fit.Length).ToArray().Average(v => v * v));
            targetScale = targetScale > 0 ? targetScale : 1;
            SequenceData Part(IndexRange part)
            {
                var d = SequenceData.From(scaled.Subset(part));
                return d with { Targets = [.. d.Targets.Select(v => (float)(v / targetScale))] };
            }

            var result = Trainer.Fit(model, Part(fit), Part(check), options with { Seed = seed + (ulong)epochs.Count });
            epochs.Add(result.History.Count);
            var test = scaled.Subset(fold.Test);
            var predicted = model.Predict(test.InputsAsSingle(), test.Lookback);
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

/// <summary>Permutation feature importance: how much a model's loss grows when one feature's values are shuffled across samples.</summary>
public static class PermutationImportance
{
    /// <summary>Per feature, the validation loss with that feature permuted (in every time step of a sample, across samples)
    /// minus the loss without permutation. Larger means more important; near zero means unused.</summary>
    /// <param name="model">A trained model.</param>
    /// <param name="data">Validation samples (scaled as in training).</param>
    /// <param name="featureNames">Names of the features, in input order.</param>
    /// <param name="options">Which loss.</param>
    /// <param name="seed">Seed of the permutations.</param>
    /// <param name="repeats">Permutations averaged per feature.</param>
    public static IReadOnlyList<(string Feature, double Increase)> Compute(
        ForecastModel model, SequenceData data, IReadOnlyList<string> featureNames, TrainerOptions options, ulong seed = 42, int repeats = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count != data.Features) throw new ArgumentException($"{featureNames.Count} names for {data.Features} features", nameof(featureNames));
        var baseline = Trainer.Evaluate(model, data, options);
        var random = new RandomSource(seed);
        var steps = data.TimeSteps;
        var width = data.Features;
        var result = new List<(string, double)>(width);
        for (var j = 0; j < width; j++)
        {
            var increase = 0.0;
            for (var r = 0; r < repeats; r++)
            {
                var order = random.Permutation(data.Count);
                var permuted = (float[])data.Inputs.Clone();
                for (var i = 0; i < data.Count; i++)
                {
                    for (var t = 0; t < steps; t++)
                        permuted[(((i * steps) + t) * width) + j] = data.Inputs[(((order[i] * steps) + t) * width) + j];
                }

                increase += Trainer.Evaluate(model, data with { Inputs = permuted }, options) - baseline;
            }

            result.Add((featureNames[j], increase / repeats));
        }

        return [.. result.OrderByDescending(p => p.Item2)];
    }
}
