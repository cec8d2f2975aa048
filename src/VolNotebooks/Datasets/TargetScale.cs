namespace VolNotebooks.Datasets;

/// <summary>The divisor that brings a target to a scale near one, so one learning rate suits every target (VIX near 20,
/// volatility near 1%, returns near 0): the root mean square of the training targets.</summary>
/// <remarks>One definition serves the chronological split and every walk-forward window, so a forecast is always the
/// network's output times the scale fitted on the rows it was trained on.</remarks>
public static class TargetScale
{
    /// <summary>The root mean square of <paramref name="trainingTargets"/>, or 1 when it is zero (all-zero targets).</summary>
    /// <param name="trainingTargets">Targets of the training samples only, in their unit.</param>
    public static double Fit(ReadOnlySpan<double> trainingTargets)
    {
        if (trainingTargets.IsEmpty) throw new ArgumentException("no training targets to fit a scale on", nameof(trainingTargets));
        var sum = 0.0;
        foreach (var v in trainingTargets) sum += v * v;
        var rms = Math.Sqrt(sum / trainingTargets.Length);
        return rms > 0 ? rms : 1.0;
    }
}
