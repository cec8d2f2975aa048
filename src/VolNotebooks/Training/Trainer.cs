using System.Diagnostics;
using System.Text.Json.Serialization;
using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Training;

/// <summary>The loss a model is trained with.</summary>
public enum LossKind
{
    /// <summary>Mean squared error.</summary>
    Mse,

    /// <summary>Mean absolute error.</summary>
    Mae,

    /// <summary>Huber loss with delta 1.</summary>
    Huber,

    /// <summary>QLIKE for variance forecasts, <c>mean(y/f - ln(y/f) - 1)</c>; needs positive forecasts (a softplus head).</summary>
    Qlike,

    /// <summary>Pinball (quantile) loss at <see cref="TrainerOptions.Quantile"/>, e.g. a 1% Value-at-Risk.</summary>
    Pinball,

    /// <summary>The explainable study's two-headed loss: <c>0.7 MSE(volatility heads) + 0.3 pinball(VaR heads, tau)</c>, for
    /// models with 2K outputs (K volatility columns, then K VaR columns; K = 1 for the two-headed model).</summary>
    VolatilityAndValueAtRisk,
}

/// <summary>How a model is trained: optimizer, loss, mini-batches, early stopping, learning-rate schedule, clipping, seed.</summary>
public sealed record TrainerOptions
{
    /// <summary>Most epochs to run.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Samples per mini-batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Initial learning rate of Adam.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Weight decay: L2 in the gradient (Adam), or decoupled when <see cref="DecoupledWeightDecay"/> (AdamW).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Use AdamW's decoupled weight decay.</summary>
    public bool DecoupledWeightDecay { get; init; }

    /// <summary>The training loss.</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>Quantile of the pinball loss.</summary>
    public double Quantile { get; init; } = 0.01;

    /// <summary>Epochs without a better validation loss before stopping (0 turns early stopping off).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>ReduceLROnPlateau factor (0 turns the schedule off).</summary>
    public double ReduceLearningRateFactor { get; init; } = 0.5;

    /// <summary>ReduceLROnPlateau patience in epochs.</summary>
    public int ReduceLearningRatePatience { get; init; } = 5;

    /// <summary>Lower bound of the learning rate.</summary>
    public double MinLearningRate { get; init; } = 1e-6;

    /// <summary>Clip gradients to this global norm, or <see langword="null"/> for no clipping.</summary>
    public double? ClipNorm { get; init; } = 1.0;

    /// <summary>Seed of the mini-batch shuffling (an experiment spec sets it from its own seed, so it is not serialized).</summary>
    [JsonIgnore]
    public ulong Seed { get; init; } = 42;
}

/// <summary>One epoch of training.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches (weighted by batch size).</param>
/// <param name="ValidationLoss">Loss on the validation set after the epoch, in evaluation mode.</param>
/// <param name="LearningRate">Learning rate used during the epoch.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, double Seconds);

/// <summary>The outcome of training: per-epoch history and which epoch's weights the model now holds.</summary>
/// <param name="History">Every epoch run.</param>
/// <param name="BestEpoch">The epoch with the lowest validation loss, whose weights were restored.</param>
/// <param name="BestValidationLoss">That loss.</param>
/// <param name="StopReason">Why training ended: all epochs ran, or early stopping.</param>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> History, int BestEpoch, double BestValidationLoss, string StopReason);

/// <summary>Thrown when a loss becomes NaN or infinite; the model keeps the best weights seen before.</summary>
/// <param name="message">Where it happened and what was restored.</param>
public sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>Trains a <see cref="ForecastModel"/> with Adam on seeded, shuffled mini-batches, with early stopping that
/// restores the best weights, ReduceLROnPlateau and gradient clipping. Same seeds, same weights, bit for bit.</summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> in place and returns its history.</summary>
    /// <param name="model">The model (its initialization seed is part of the reproducibility contract).</param>
    /// <param name="train">Training samples.</param>
    /// <param name="validation">Validation samples (for early stopping and the schedule).</param>
    /// <param name="options">Training settings.</param>
    /// <param name="onEpoch">Progress, called after every epoch.</param>
    /// <param name="cancellationToken">Stops between batches; the best weights so far are restored first.</param>
    /// <exception cref="TrainingDivergedException">A loss became NaN or infinite (best weights restored).</exception>
    public static TrainingResult Fit(
        ForecastModel model, SequenceData train, SequenceData validation, TrainerOptions? options = null,
        Action<EpochRecord>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        options ??= new TrainerOptions();
        if (train.Features != model.InputFeatures)
            throw new ArgumentException($"the data has {train.Features} features but {model.Architecture} expects {model.InputFeatures}", nameof(train));
        if (train.Outputs != model.Outputs || validation.Outputs != model.Outputs)
            throw new ArgumentException($"the data has {train.Outputs} targets per sample but {model.Architecture} has {model.Outputs} outputs", nameof(train));
        if (train.Count == 0 || validation.Count == 0) throw new ArgumentException("training and validation sets must not be empty");
        if (options.Loss == LossKind.Qlike)
        {
            foreach (var (set, name) in new[] { (train, "training"), (validation, "validation") })
            {
                var zero = Array.FindIndex(set.Targets, v => !(v > 0));
                if (zero >= 0)
                    throw new ArgumentException(
                        $"QLIKE needs positive targets, but {set.Targets.Count(v => !(v > 0))} {name} targets are not (first: sample {zero}, value {set.Targets[zero]}); " +
                        "a one-day realized volatility |r| is zero on unchanged days - use a longer horizon or MSE", nameof(options));
            }
        }

        var optimizer = new Adam<float>(model.Parameters(), options.LearningRate, weightDecay: options.WeightDecay, decoupled: options.DecoupledWeightDecay);
        var plateau = options.ReduceLearningRateFactor > 0
            ? new ReduceLROnPlateau<float>(optimizer, options.ReduceLearningRateFactor, options.ReduceLearningRatePatience, minLearningRate: options.MinLearningRate)
            : null;
        var shuffle = new RandomSource(options.Seed);
        var history = new List<EpochRecord>();
        var best = Snapshot(model);
        var (bestEpoch, bestLoss, sinceBest) = (0, double.PositiveInfinity, 0);
        var stride = train.TimeSteps * train.Features;
        var reason = $"ran all {options.Epochs} epochs";
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var learningRate = optimizer.LearningRate;
            model.Train();
            var order = shuffle.Permutation(train.Count);
            double sum = 0;
            for (var start = 0; start < train.Count; start += options.BatchSize)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Restore(model, best);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var size = Math.Min(options.BatchSize, train.Count - start);
                var (x, y) = Batch(train, order, start, size, stride);
                optimizer.ZeroGrad();
                double value;
                using (var tape = new Tape())
                {
                    var loss = Loss(model.Forward(x), y, options);
                    value = loss.ToScalar();
                    if (!double.IsFinite(value))
                    {
                        Restore(model, best);
                        throw new TrainingDivergedException(
                            $"{model.Architecture}: the {options.Loss} loss is {value} at epoch {epoch}, batch {(start / options.BatchSize) + 1}; " +
                            $"restored the weights of epoch {bestEpoch} (lower the learning rate or check the inputs for extreme values)");
                    }

                    tape.Backward(loss);
                }

                if (options.ClipNorm is double maxNorm) GradientClipping.ClipByGlobalNorm(model.Parameters(), maxNorm);
                optimizer.Step();
                sum += value * size;
            }

            var validationLoss = Evaluate(model, validation, options);
            if (!double.IsFinite(validationLoss))
            {
                Restore(model, best);
                throw new TrainingDivergedException($"{model.Architecture}: the validation loss is {validationLoss} at epoch {epoch}; restored the weights of epoch {bestEpoch}");
            }

            var record = new EpochRecord(epoch, sum / train.Count, validationLoss, learningRate, clock.Elapsed.TotalSeconds);
            history.Add(record);
            onEpoch?.Invoke(record);
            if (validationLoss < bestLoss)
            {
                (bestEpoch, bestLoss, sinceBest) = (epoch, validationLoss, 0);
                best = Snapshot(model);
            }
            else if (options.Patience > 0 && ++sinceBest >= options.Patience)
            {
                reason = $"early stopping: no better validation loss for {options.Patience} epochs";
                break;
            }

            plateau?.Step(validationLoss);
        }

        Restore(model, best);
        return new TrainingResult(history, bestEpoch, bestLoss, reason);
    }

    /// <summary>The loss of <paramref name="model"/> on <paramref name="data"/>, in evaluation mode, without recording.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Samples.</param>
    /// <param name="options">Which loss (and quantile).</param>
    public static double Evaluate(ForecastModel model, SequenceData data, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var forecast = model.Predict(data);
        var loss = Loss(Tensor<float>.FromArray(forecast, data.Count, data.Outputs), Tensor<float>.FromArray(data.Targets, data.Count, data.Outputs), options);
        return loss.ToScalar();
    }

    private static Tensor<float> Loss(Tensor<float> prediction, Tensor<float> target, TrainerOptions options) => options.Loss switch
    {
        LossKind.Mse => Losses.Mse(prediction, target),
        LossKind.Mae => Losses.Mae(prediction, target),
        LossKind.Huber => Losses.Huber(prediction, target),
        LossKind.Qlike => Losses.Qlike(prediction, target),
        LossKind.Pinball => Losses.Pinball(prediction, target, options.Quantile),
        LossKind.VolatilityAndValueAtRisk => VolatilityAndValueAtRisk(prediction, target, options.Quantile),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Loss, "unknown loss"),
    };

    // prediction, target [B, 2K]: K volatility columns, then K VaR columns; the means over the K columns weigh the horizons
    // equally, and with K = 1 this is the two-headed loss exactly.
    private static Tensor<float> VolatilityAndValueAtRisk(Tensor<float> prediction, Tensor<float> target, double quantile)
    {
        var k = prediction.Dim(1) / 2;
        if (k < 1 || prediction.Dim(1) != 2 * k)
            throw new ArgumentException($"the volatility and VaR loss needs an even number of outputs (K volatilities, then K VaRs), got {prediction.ShapeText}");
        return Losses.WeightedSum(
            (0.7, Losses.Mse(Ops.Slice(prediction, 1, 0, k), Ops.Slice(target, 1, 0, k))),
            (0.3, Losses.Pinball(Ops.Slice(prediction, 1, k, k), Ops.Slice(target, 1, k, k), quantile)));
    }

    private static (Tensor<float> X, Tensor<float> Y) Batch(SequenceData data, int[] order, int start, int size, int stride)
    {
        var x = new float[size * stride];
        var y = new float[size * data.Outputs];
        for (var i = 0; i < size; i++)
        {
            var sample = order[start + i];
            data.Inputs.AsSpan(sample * stride, stride).CopyTo(x.AsSpan(i * stride));
            data.Targets.AsSpan(sample * data.Outputs, data.Outputs).CopyTo(y.AsSpan(i * data.Outputs));
        }

        return (Tensor<float>.FromArray(x, size, data.TimeSteps, data.Features), Tensor<float>.FromArray(y, size, data.Outputs));
    }

    private static float[][] Snapshot(ForecastModel model) => [.. model.StateEntries().Select(e => (float[])e.Value.Data.Clone())];

    private static void Restore(ForecastModel model, float[][] snapshot)
    {
        var entries = model.StateEntries().ToList();
        for (var i = 0; i < entries.Count; i++) snapshot[i].CopyTo(entries[i].Value.Data, 0);
    }
}
