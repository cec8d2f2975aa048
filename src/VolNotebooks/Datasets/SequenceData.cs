namespace VolNotebooks.Datasets;

/// <summary>Inputs and targets as the engine takes them: row-major float32 <c>[N, T, F]</c> and <c>[N, O]</c>.</summary>
/// <param name="Inputs">Row-major inputs.</param>
/// <param name="Targets">Row-major targets, <see cref="Outputs"/> per sample.</param>
/// <param name="TimeSteps">T.</param>
/// <param name="Features">F.</param>
/// <param name="Outputs">O, targets per sample (1, or 2 for a volatility and a VaR head).</param>
public sealed record SequenceData(float[] Inputs, float[] Targets, int TimeSteps, int Features, int Outputs = 1)
{
    /// <summary>N, the number of samples.</summary>
    public int Count => Targets.Length / Outputs;

    /// <summary>The samples at positions <paramref name="range"/>.</summary>
    /// <param name="range">Sample positions.</param>
    public SequenceData Slice(IndexRange range)
    {
        var stride = TimeSteps * Features;
        return this with { Inputs = Inputs[(range.Start * stride)..(range.End * stride)], Targets = Targets[(range.Start * Outputs)..(range.End * Outputs)] };
    }

    /// <summary>The same samples with every target divided by <paramref name="scale"/> (see <see cref="TargetScale"/>).</summary>
    /// <param name="scale">A positive divisor.</param>
    public SequenceData DivideTargets(double scale) => this with { Targets = [.. Targets.Select(v => (float)(v / scale))] };

    /// <summary>A dataset's samples as float32.</summary>
    /// <param name="dataset">A (scaled) sequence dataset.</param>
    public static SequenceData From(SequenceDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new SequenceData(dataset.InputsAsSingle(), dataset.TargetsAsSingle(), dataset.Lookback, dataset.FeatureCount);
    }
}
