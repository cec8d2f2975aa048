namespace VolNotebooks.Training;

/// <summary>One training of the ablation study: one ticker, one input variant, one seed.</summary>
/// <param name="Ticker">The symbol.</param>
/// <param name="Variant">The feature recipe of the variant (<c>raw</c>, <c>ohlcv</c>, <c>feat</c>).</param>
/// <param name="Seed">The seed of the initialization, the dropout masks and the mini-batch order.</param>
/// <param name="Spec">The whole experiment; <c>volnb train --spec</c> on it reproduces <see cref="Metrics"/> bit for bit.</param>
/// <param name="Metrics">Test metrics as <see cref="TrainingPipeline.Score"/> computes them (<c>mae</c>, <c>rmse</c>,
/// <c>directional_accuracy</c>, ...), in percent log return.</param>
/// <param name="TestForecasts">Forecasts of the test days' percent log returns, aligned with the ticker's test dates.</param>
/// <param name="Training">Per-epoch history, the best epoch and why training stopped.</param>
/// <param name="Seconds">Wall time of the training and scoring.</param>
public sealed record AblationRun(
    string Ticker, string Variant, ulong Seed, ExperimentSpec Spec, IReadOnlyDictionary<string, double> Metrics,
    double[] TestForecasts, TrainingResult Training, double Seconds)
{
    /// <summary>Test mean absolute error, percent.</summary>
    public double Mae => Metrics["mae"];

    /// <summary>Test root mean squared error, percent.</summary>
    public double Rmse => Metrics["rmse"];

    /// <summary>Share of test days with the sign right, in [0, 1].</summary>
    public double DirectionalAccuracy => Metrics["directional_accuracy"];
}
