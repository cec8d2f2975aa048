using VolNotebooks.Features;

namespace VolNotebooks.Datasets;

/// <summary>A dataset spec made ready for a network: chronological train / validation / test parts, inputs scaled with a
/// scaler fitted on the training rows, targets divided by their training scale, with the reference value each
/// forecast's direction is judged against.</summary>
/// <param name="Spec">The spec it was built from.</param>
/// <param name="Symbol">The symbol, as the data folder names it.</param>
/// <param name="Dataset">All samples, unscaled, with their dates.</param>
/// <param name="Split">The chronological split: targets never straddle two parts.</param>
/// <param name="Scaler">Input scaler fitted on the training samples' rows.</param>
/// <param name="Train">Scaled training samples.</param>
/// <param name="Validation">Scaled validation samples.</param>
/// <param name="Test">Scaled test samples.</param>
/// <param name="TestReference">Per test sample, the last value known when the forecast is made (for directional accuracy):
/// zero for returns, today's VIX, the trailing realized volatility over the horizon.</param>
/// <param name="FeatureSelection">What the correlation filter kept and dropped (computed on training rows), if it ran.</param>
/// <param name="TargetScale">The targets in <see cref="Train"/>, <see cref="Validation"/> and <see cref="Test"/> are divided
/// by it (<see cref="Datasets.TargetScale"/>).</param>
/// <param name="ForwardReturns">For realized-volatility targets, per sample (aligned with <see cref="Dataset"/>), the percent
/// log return over the target's days - what a Value-at-Risk head forecasts a quantile of.</param>
public sealed record PreparedData(
    DatasetSpec Spec, string Symbol, SequenceDataset Dataset, ChronologicalSplit Split, ColumnScaler Scaler,
    SequenceData Train, SequenceData Validation, SequenceData Test, double[] TestReference, CorrelationSelection? FeatureSelection,
    double TargetScale, double[]? ForwardReturns)
{
    /// <summary>The symbol's daily percent log returns <c>100 ln(P_t / P_(t-1))</c> on the rows the sample windows index
    /// (<see cref="SampleWindow.InputEnd"/>, <see cref="SampleWindow.TargetFirst"/>), so targets over other horizons can be
    /// built for the same samples; null when the data were made without them.</summary>
    public double[]? DailyPercentReturns { get; init; }

    /// <summary>What is forecast.</summary>
    public TargetKind Target => Spec.Target.Kind;

    /// <summary>Trading days ahead.</summary>
    public int Horizon => Spec.Target.Horizon;

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
