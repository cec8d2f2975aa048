using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Explain;

/// <summary>The attention weights of an attention forecaster over its input days, one row per forecast day (day x lag):
/// explains <i>when</i> in the window the model looks.</summary>
/// <param name="Dates">Per row, the day the forecast is made (the window's last input day).</param>
/// <param name="Weights">Per row, the weight of each lag: index 0 the forecast day itself, T-1 the oldest day of the
/// window; each row sums to 1.</param>
public sealed record AttentionMap(IReadOnlyList<DateOnly> Dates, double[][] Weights)
{
    /// <summary>T, the lags per row.</summary>
    public int Lags => Weights.Length == 0 ? 0 : Weights[0].Length;

    /// <summary>The attention of <paramref name="model"/> on every sample of <paramref name="data"/>, in evaluation mode.</summary>
    /// <param name="model">A forecaster with attention (<see cref="IAttentionModel"/>).</param>
    /// <param name="data">Scaled samples <c>[N, T, F]</c>.</param>
    /// <param name="windows">The samples' windows, aligned with <paramref name="data"/>.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    public static AttentionMap Of(ForecastModel model, SequenceData data, IReadOnlyList<SampleWindow> windows, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(windows);
        if (model is not IAttentionModel attentive) throw new ArgumentException($"{model.Architecture} has no attention weights", nameof(model));
        if (windows.Count != data.Count) throw new ArgumentException($"{windows.Count} windows for {data.Count} samples", nameof(windows));
        var t = data.TimeSteps;
        var stride = t * data.Features;
        var weights = new double[data.Count][];
        var wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                var size = Math.Min(batchSize, data.Count - start);
                model.Forward(Tensor<float>.FromArray(data.Inputs.AsSpan(start * stride, size * stride), size, t, data.Features));
                var attention = attentive.LastAttention!.Data;
                for (var i = 0; i < size; i++)
                {
                    var row = new double[t];
                    for (var lag = 0; lag < t; lag++) row[lag] = attention[(i * t) + (t - 1 - lag)];
                    weights[start + i] = row;
                }
            }
        }
        finally
        {
            if (wasTraining) model.Train();
        }

        return new AttentionMap([.. windows.Select(w => w.InputEndDate)], weights);
    }

    /// <summary>The mean weight of each lag over the rows where <paramref name="include"/> holds (NaN where none does).</summary>
    /// <param name="include">Per row, whether it counts.</param>
    public double[] Profile(Func<int, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        var profile = new double[Lags];
        var count = 0;
        for (var n = 0; n < Weights.Length; n++)
        {
            if (!include(n)) continue;
            count++;
            for (var lag = 0; lag < profile.Length; lag++) profile[lag] += Weights[n][lag];
        }

        for (var lag = 0; lag < profile.Length; lag++) profile[lag] = count == 0 ? double.NaN : profile[lag] / count;
        return profile;
    }

    /// <summary>The average profiles of calm and stressed days: a day is stressed when its <paramref name="stress"/> value
    /// (e.g. VIX, or trailing realized volatility, known on the day) is at or above the <paramref name="quantile"/> quantile
    /// of all the map's days.</summary>
    /// <param name="stress">Per row, a stress measure known on the forecast day.</param>
    /// <param name="quantile">Quantile in (0, 1) that separates stressed from calm days (0.8: the top fifth are stressed).</param>
    public (double[] Calm, double[] Stressed, double Threshold, int StressedDays) CalmAndStressed(IReadOnlyList<double> stress, double quantile = 0.8)
    {
        ArgumentNullException.ThrowIfNull(stress);
        if (stress.Count != Weights.Length) throw new ArgumentException($"{stress.Count} stress values for {Weights.Length} days", nameof(stress));
        if (!(quantile > 0 && quantile < 1)) throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "must be in (0, 1)");
        var sorted = stress.Order().ToArray();
        var threshold = sorted[(int)Math.Floor(quantile * (sorted.Length - 1))];
        return (Profile(n => stress[n] < threshold), Profile(n => stress[n] >= threshold), threshold, stress.Count(v => v >= threshold));
    }
}
