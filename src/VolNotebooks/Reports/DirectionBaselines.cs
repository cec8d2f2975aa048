using VolNotebooks.Datasets;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Reports;

/// <summary>The naive forecasts a level forecast (the VIX tomorrow) must beat, and the directional hits they score:
/// persistence forecasts no change and so never calls a direction; these call one every day.</summary>
public static class DirectionBaselines
{
    /// <summary>"Always down": today's value minus <paramref name="step"/> - a forecast almost equal to persistence that
    /// calls a fall every day, so its directional accuracy is the share of days the series fell.</summary>
    /// <param name="reference">[N] the last known value per forecast (e.g. <see cref="PreparedData.TestReference"/>).</param>
    /// <param name="step">How far below today's value, positive (0.01 VIX points by default).</param>
    public static double[] AlwaysDown(IReadOnlyList<double> reference, double step = 0.01)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        return [.. reference.Select(v => v - step)];
    }

    /// <summary>The random walk with drift: today's value plus the mean daily change of the target over the training samples
    /// (<c>(y_last - y_first) / (n - 1)</c> over consecutive one-day targets), times the horizon.</summary>
    /// <param name="data">Prepared data with a level target (e.g. the VIX), consecutive daily samples.</param>
    public static (double[] Forecast, double DailyDrift) Drift(PreparedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var train = data.Split.Train;
        if (train.Length < 2) throw new ArgumentException("the drift needs at least 2 training samples", nameof(data));
        var targets = data.Dataset.Targets;
        var drift = (targets[train.End - 1] - targets[train.Start]) / (train.Length - 1);
        return ([.. data.TestReference.Select(v => v + (drift * data.Horizon))], drift);
    }

    /// <summary>How many forecasts call the direction of the change from the reference right, out of how many: the counts behind
    /// <see cref="ForecastMetrics.DirectionalAccuracy"/> (a forecast equal to the reference calls no direction and never hits,
    /// unless the value is unchanged).</summary>
    /// <param name="actual">[N] realized values.</param>
    /// <param name="forecast">[N] forecasts.</param>
    /// <param name="reference">[N] the last known value per forecast.</param>
    public static (int Hits, int Trials) Hits(IReadOnlyList<double> actual, IReadOnlyList<double> forecast, IReadOnlyList<double> reference)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(reference);
        if (actual.Count != forecast.Count || actual.Count != reference.Count) throw new ArgumentException("actual, forecast and reference differ in length");
        var hits = 0;
        var trials = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            if (!double.IsFinite(actual[i]) || !double.IsFinite(forecast[i])) continue;
            trials++;
            if (Math.Sign(actual[i] - reference[i]) == Math.Sign(forecast[i] - reference[i])) hits++;
        }

        return (hits, trials);
    }
}
