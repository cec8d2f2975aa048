using System.Globalization;
using Plotly.NET;
using VolNotebooks.Charts;
using Chart = Plotly.NET.CSharp.Chart;
using VolNotebooks.Explain;

namespace VolNotebooks.Reports;

/// <summary>The explanation charts of the risk notebook: mean |SHAP| bars, a SHAP beeswarm, a waterfall for one day,
/// the attention heatmap (day x lag) and attention profiles.</summary>
public static class ExplanationCharts
{
    /// <summary>Each feature's mean absolute Shapley value over the explained days, largest first (global importance).</summary>
    /// <param name="explanations">One explanation per day, all over the same features.</param>
    /// <param name="unit">The forecast's unit, for the axis.</param>
    public static PlotlyChart MeanAbsoluteShap(IReadOnlyList<ShapleyExplanation> explanations, string unit)
    {
        var ranked = MeanAbsolute(explanations);
        var chart = Plot.Bar(ranked.Select(r => r.Feature), [.. ranked.Select(r => r.Value)], "mean |SHAP|", showLegend: false)
            .WithAxes(yTitle: $"mean |SHAP|, {unit}");
        return PlotlyChart.Create(chart, $"Mean |SHAP| over {explanations.Count} days", height: 380);
    }

    /// <summary>Features ranked by mean absolute Shapley value over <paramref name="explanations"/>, largest first.</summary>
    /// <param name="explanations">One explanation per day, all over the same features.</param>
    public static IReadOnlyList<(string Feature, double Value)> MeanAbsolute(IReadOnlyList<ShapleyExplanation> explanations)
    {
        ArgumentNullException.ThrowIfNull(explanations);
        if (explanations.Count == 0) throw new ArgumentException("no explanations", nameof(explanations));
        var features = explanations[0].Features;
        return [.. features.Select((f, j) => (f, explanations.Average(e => Math.Abs(e.Values[j])))).OrderByDescending(p => p.Item2)];
    }

    /// <summary>Every day's Shapley value of every feature as a dot (a beeswarm), features ordered by mean |SHAP|, the
    /// dots of a feature spread vertically by a fixed pattern so that they do not hide each other. With
    /// <paramref name="featureValues"/>, a dot's colour is where that day's value of the feature ranks among the shown
    /// days (blue the lowest, red the highest), so the chart also says in which direction a feature pushes.</summary>
    /// <param name="explanations">One explanation per day.</param>
    /// <param name="unit">The forecast's unit.</param>
    /// <param name="featureValues">Per day (as <paramref name="explanations"/>), the value of every feature (as their
    /// <see cref="ShapleyExplanation.Features"/>), e.g. <see cref="ShapleyExplainer.LastDayValues"/>; null: one colour per feature.</param>
    public static PlotlyChart Beeswarm(IReadOnlyList<ShapleyExplanation> explanations, string unit, IReadOnlyList<double[]>? featureValues = null)
    {
        ArgumentNullException.ThrowIfNull(explanations);
        if (explanations.Count == 0) throw new ArgumentException("no explanations to draw", nameof(explanations));
        if (featureValues is not null && (featureValues.Count != explanations.Count || featureValues.Any(v => v is null || v.Length != explanations[0].Features.Count)))
            throw new ArgumentException($"featureValues must hold {explanations[0].Features.Count} values for each of the {explanations.Count} days", nameof(featureValues));
        var ranked = MeanAbsolute(explanations);
        var features = explanations[0].Features.ToList();
        var dots = new List<GenericChart>();
        for (var r = 0; r < ranked.Count; r++)
        {
            var j = features.IndexOf(ranked[r].Feature);
            var x = explanations.Select(e => e.Values[j]).ToArray();
            var y = x.Select((_, n) => ranked.Count - 1 - r + (0.3 * (((n * 0.618034) % 1) - 0.5))).ToArray();
            var trace = Plot.Scatter(x, y, ranked[r].Feature, ScatterMode.Markers, markerSize: featureValues is null ? 4 : 6, opacity: 0.6,
                showLegend: featureValues is null);
            dots.Add(featureValues is null ? trace : Plot.ColorByValue(trace, Ranks(featureValues.Select(v => v[j]).ToArray()), 0, 1,
                "#1f77b4", "#d62728", r == 0 ? "feature value" : null, ("low", "high")));
        }

        var rows = Enumerable.Range(0, ranked.Count).Select(r => (double)(ranked.Count - 1 - r)).ToArray();
        var chart = Chart.Combine(dots).WithAxes(xTitle: $"SHAP value, {unit}", yTitle: "feature (top: most important)")
            .WithYLabels(rows, [.. ranked.Select(p => p.Feature)]);
        var title = featureValues is null ? "SHAP values per day (one dot per day and feature)"
            : "SHAP values per day (one dot per day and feature, coloured by the feature's value that day)";
        return PlotlyChart.Create(chart, title, height: 120 + (28 * ranked.Count));
    }

    // Each value's rank among the finite values, scaled to [0, 1] (ties share their mean rank; a single value is 0.5);
    // a missing (NaN) value gets NaN, which plotly.js draws without a colour of the scale.
    private static double[] Ranks(double[] values)
    {
        var ranks = values.Select(v => double.IsNaN(v) ? double.NaN : 0.5).ToArray();
        var order = Enumerable.Range(0, values.Length).Where(i => !double.IsNaN(values[i])).OrderBy(i => values[i]).ToArray();
        if (order.Length < 2) return ranks;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (var k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2.0 / (order.Length - 1);
            start = end + 1;
        }

        return ranks;
    }

    /// <summary>One day's forecast built up from the background mean: a bar per feature's contribution (largest |SHAP|
    /// first, at most <paramref name="top"/>, the rest summed) and the running total from the base value to the forecast.</summary>
    /// <param name="explanation">The day's explanation.</param>
    /// <param name="title">Chart title (name the day).</param>
    /// <param name="top">Features shown by name.</param>
    public static PlotlyChart Waterfall(ShapleyExplanation explanation, string title, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var order = Enumerable.Range(0, explanation.Values.Length).OrderByDescending(j => Math.Abs(explanation.Values[j])).ToList();
        var names = new List<string> { "E f (base)" };
        var steps = new List<double> { explanation.BaseValue };
        foreach (var j in order.Take(top))
        {
            names.Add(explanation.Features[j]);
            steps.Add(explanation.Values[j]);
        }

        if (order.Count > top)
        {
            names.Add($"{order.Count - top} others");
            steps.Add(order.Skip(top).Sum(j => explanation.Values[j]));
        }

        names.Add("forecast");
        var running = new double[names.Count];
        running[0] = explanation.BaseValue;
        for (var i = 1; i < steps.Count; i++) running[i] = running[i - 1] + steps[i];
        running[^1] = explanation.Prediction;
        var contributions = steps.Skip(1).Prepend(double.NaN).Append(double.NaN).ToArray();
        var chart = Chart.Combine([Plot.Bar(names, contributions, "contribution"), Plot.Scatter(names, running, "running total", ScatterMode.LinesAndMarkers)])
            .WithAxes(yTitle: "forecast");
        return PlotlyChart.Create(chart, title, height: 400);
    }

    /// <summary>Per-feature attributions of one forecast by several methods side by side (e.g. SHAP and integrated
    /// gradients), ordered by the first method's absolute value.</summary>
    /// <param name="features">Feature names.</param>
    /// <param name="methods">Method names and one value per feature.</param>
    public static Table AttributionTable(IReadOnlyList<string> features, params (string Method, double[] Values)[] methods)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(methods);
        var table = new Table(["feature", .. methods.Select(m => m.Method)]);
        foreach (var (method, _) in methods) table.Format(method, "0.0000");
        var order = Enumerable.Range(0, features.Count).OrderByDescending(j => methods.Length == 0 ? 0 : Math.Abs(methods[0].Values[j]));
        foreach (var j in order) table.AddRow([features[j], .. methods.Select(m => (object?)m.Values[j])]);
        return table;
    }

    /// <summary>The attention weights as a heatmap: one column per forecast day (every <paramref name="everyNth"/> day),
    /// one row per lag (0 = the forecast day).</summary>
    /// <param name="map">The attention map.</param>
    /// <param name="everyNth">Show every n-th day, to keep long test periods readable.</param>
    public static PlotlyChart AttentionHeatmap(AttentionMap map, int everyNth = 1)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(everyNth, 1);
        var days = Enumerable.Range(0, map.Weights.Length).Where(n => n % everyNth == 0).ToArray();
        var z = new double[map.Lags, days.Length];
        for (var lag = 0; lag < map.Lags; lag++)
            for (var d = 0; d < days.Length; d++) z[lag, d] = map.Weights[days[d]][lag];
        var x = days.Select(n => map.Dates[n].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        var y = Enumerable.Range(0, map.Lags).Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray();
        var chart = Plot.Heatmap(z, x, y, colorScale: "Viridis").WithAxes(xTitle: "forecast day", yTitle: "lag, trading days");
        return PlotlyChart.Create(chart, "Attention over the input window: forecast day x lag (0 = the forecast day)", height: 420);
    }

    /// <summary>Average attention by lag in named groups of days (e.g. calm and stressed).</summary>
    /// <param name="profiles">Group names and their average weight per lag.</param>
    public static PlotlyChart AttentionProfiles(params (string Name, double[] Profile)[] profiles)
    {
        var chart = Chart.Combine(profiles.Select(p => Plot.Scatter(Enumerable.Range(0, p.Profile.Length).Select(l => (double)l), p.Profile, p.Name, ScatterMode.LinesAndMarkers)))
            .WithAxes(xTitle: "lag, trading days (0 = forecast day)", yTitle: "mean attention weight");
        return PlotlyChart.Create(chart, "Average attention by lag", height: 360);
    }
}
