using System.Text.Json.Nodes;
using VolNotebooks.Explain;
using VolNotebooks.Reports;

namespace VolNotebooks.Tests.Reports;

public sealed class ExplanationChartsTests
{
    private static readonly ShapleyExplanation[] Days =
    [
        new(["rv", "vix", "volume"], [0.5, -0.2, 0.01], 1.0, 1.31, 8, true),
        new(["rv", "vix", "volume"], [-0.3, 0.6, 0.03], 1.0, 1.33, 8, true),
    ];

    [Fact]
    public void Mean_absolute_shap_ranks_features_by_their_average_absolute_value()
    {
        // rv: (0.5 + 0.3) / 2 = 0.4, vix: (0.2 + 0.6) / 2 = 0.4 ... vix ties rv; volume 0.02 last.
        var ranked = ExplanationCharts.MeanAbsolute(Days);
        Assert.Equal(0.4, ranked[0].Value, 12);
        Assert.Equal(("volume", 0.02), (ranked[2].Feature, Math.Round(ranked[2].Value, 12)));
        var bar = Assert.Single(ExplanationCharts.MeanAbsoluteShap(Days, "%").ToJson()["data"]!.AsArray())!;
        Assert.Equal("bar", bar["type"]!.GetValue<string>());
        Assert.Equal([0.4, 0.4, 0.02], Numbers(bar["y"]).Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Waterfall_runs_from_the_base_value_through_each_contribution_to_the_forecast()
    {
        var data = ExplanationCharts.Waterfall(Days[0], "day", top: 2).ToJson()["data"]!;
        Assert.Equal(("bar", "scatter"), (data[0]!["type"]!.GetValue<string>(), data[1]!["type"]!.GetValue<string>()));
        // base 1.0, +0.5 (rv), -0.2 (vix), +0.01 (1 other) = 1.31, the forecast.
        Assert.Equal([1.0, 1.5, 1.3, 1.31, 1.31], Numbers(data[1]!["y"]).Select(v => Math.Round(v, 12)));
        Assert.Equal(5, Numbers(data[0]!["y"]).Length);
    }

    [Fact]
    public void Beeswarm_draws_one_dot_per_day_and_feature_and_the_heatmap_one_cell_per_lag_and_shown_day()
    {
        var swarm = ExplanationCharts.Beeswarm(Days, "%").ToJson()["data"]!.AsArray();
        Assert.Equal(3, swarm.Count);
        Assert.All(swarm, t => Assert.Equal(2, Numbers(t!["y"]).Length));

        var day = new DateOnly(2024, 3, 1);
        var map = new AttentionMap([day, day.AddDays(1), day.AddDays(2)], [[0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.2, 0.2, 0.6]]);
        var heat = Assert.Single(ExplanationCharts.AttentionHeatmap(map, everyNth: 2).ToJson()["data"]!.AsArray())!;
        var z = heat["z"]!.AsArray();
        Assert.Equal(3, z.Count);
        Assert.Equal(2, z[0]!.AsArray().Count);
        Assert.Equal(0.6, z[2]![1]!.GetValue<double>());
        Assert.Equal(["2024-03-01", "2024-03-03"], heat["x"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    private static double[] Numbers(JsonNode? array) => [.. array!.AsArray().Select(v => v is null ? double.NaN : v.GetValue<double>())];
}
