using VolNotebooks.Datasets;
using VolNotebooks.Models;

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
}
