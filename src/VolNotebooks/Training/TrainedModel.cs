using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Runs;

namespace VolNotebooks.Training;

/// <summary>A trained model with the spec it came from, its history and its test metrics.</summary>
/// <param name="Spec">The experiment it ran.</param>
/// <param name="Model">The network, holding its best-validation weights.</param>
/// <param name="Training">Per-epoch history.</param>
/// <param name="Metrics">Test metrics: <c>rmse</c>, <c>mae</c>, <c>r2</c>, <c>qlike</c>, <c>directional_accuracy</c>, <c>mse</c>
/// (and <c>var_violation_rate</c> for a volatility/VaR model).</param>
/// <param name="TestForecasts">Forecasts on the test samples, in the target's unit.</param>
/// <param name="Seconds">Wall time of training.</param>
public sealed record TrainedModel(
    ExperimentSpec Spec, ForecastModel Model, TrainingResult Training, IReadOnlyDictionary<string, double> Metrics, double[] TestForecasts, double Seconds)
{
    /// <summary>The checkpoint of this model for the data it was trained on: the spec whole, the weights, the features
    /// and scaler the data gave, and the metrics.</summary>
    /// <param name="data">The prepared data it was trained on.</param>
    public Checkpoint ToCheckpoint(PreparedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Checkpoint(Spec, Model, data.Dataset.FeatureNames, data.Dataset.TargetName, data.Scaler, data.TargetScale,
            Training.History.Count, Training.BestEpoch, Metrics);
    }

    /// <summary>This training as a run to record: the spec, the test metrics (plus <c>best_epoch</c> and
    /// <c>best_validation_loss</c>), the per-epoch history, and the SHA-256 of the files it wrote.</summary>
    /// <param name="startedAt">When training started.</param>
    /// <param name="writtenFiles">Files the run wrote (a checkpoint), hashed now.</param>
    public RunRecord ToRun(DateTimeOffset startedAt, params string[] writtenFiles)
    {
        ArgumentNullException.ThrowIfNull(writtenFiles);
        var metrics = new Dictionary<string, double>(Metrics)
        {
            ["best_epoch"] = Training.BestEpoch,
            ["best_validation_loss"] = Training.BestValidationLoss,
        };
        return new RunRecord
        {
            Kind = RunKind.Train,
            Model = Spec.Model.Architecture,
            StartedAt = startedAt,
            Seconds = Seconds,
            Spec = Spec.ToJson(),
            Metrics = metrics,
            History = [.. Training.History.Select(e => new RunEpoch(e.Epoch, e.TrainLoss, e.ValidationLoss, e.LearningRate, e.Seconds))],
            Artifacts = [.. writtenFiles.Select(RunArtifact.Of)],
        };
    }
}
