using VolNotebooks.Datasets;
using VolNotebooks.Models;

namespace VolNotebooks.Training;

/// <summary>A multi-horizon volatility and VaR model's forecasts for some samples, per horizon, in percent, beside what
/// happened.</summary>
/// <param name="Horizons">Trading days ahead, in the order of the other arrays' first index.</param>
/// <param name="Windows">The samples' windows (their last input day is when each forecast is made).</param>
/// <param name="Volatility">Per horizon, the forecast realized volatility of daily percent log returns over it.</param>
/// <param name="ValueAtRisk">Per horizon, the forecast quantile of the percent log return over it (negative: a loss).</param>
/// <param name="RealizedVolatility">Per horizon, the realized volatility that followed.</param>
/// <param name="RealizedReturn">Per horizon, the percent log return that followed.</param>
public sealed record MultiHorizonForecast(
    IReadOnlyList<int> Horizons, IReadOnlyList<SampleWindow> Windows, double[][] Volatility, double[][] ValueAtRisk,
    double[][] RealizedVolatility, double[][] RealizedReturn)
{
    /// <summary>The forecasts of <paramref name="model"/> on <paramref name="range"/>'s samples of <paramref name="data"/>.</summary>
    /// <param name="model">A trained model with outputs <c>[K volatilities, K VaRs]</c> on the data's target scale.</param>
    /// <param name="horizons">The model's horizons (K of them, ascending; the longest is the data's).</param>
    /// <param name="data">The prepared data the model was trained on.</param>
    /// <param name="part">The scaled samples of <paramref name="range"/> (e.g. <c>data.Test</c>).</param>
    /// <param name="range">Where <paramref name="part"/> lies in <c>data.Dataset</c> (e.g. <c>data.Split.Test</c>).</param>
    public static MultiHorizonForecast Of(ForecastModel model, IReadOnlyList<int> horizons, PreparedData data, SequenceData part, IndexRange range)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(part);
        var k = horizons.Count;
        if (model.Outputs != 2 * k)
            throw new ArgumentException($"{model.Architecture} has {model.Outputs} outputs, not 2 x {k} horizons", nameof(model));
        if (part.Count != range.Length) throw new ArgumentException($"{part.Count} samples do not fill {range}", nameof(part));
        var targets = MultiHorizonTargets.For(data, horizons, range);
        var raw = model.Predict(part);
        double[][] Column(Func<int, int, double> value) =>
            [.. Enumerable.Range(0, k).Select(j => Enumerable.Range(0, range.Length).Select(i => value(i, j)).ToArray())];
        return new MultiHorizonForecast(
            [.. horizons], [.. data.Dataset.Subset(range).Windows],
            Column((i, j) => raw[(i * 2 * k) + j] * data.TargetScale),
            Column((i, j) => raw[(i * 2 * k) + k + j] * data.TargetScale),
            Column((i, j) => targets[(i * 2 * k) + j]),
            Column((i, j) => targets[(i * 2 * k) + k + j]));
    }

    /// <summary>Per horizon, the share of samples whose realized return fell strictly below the VaR forecast.</summary>
    public double[] BreachRates() =>
        [.. Enumerable.Range(0, Horizons.Count).Select(j => RealizedReturn[j].Where((v, i) => v < ValueAtRisk[j][i]).Count() / (double)Windows.Count)];
}
