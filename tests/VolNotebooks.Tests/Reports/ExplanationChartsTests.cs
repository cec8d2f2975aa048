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
        var json = ExplanationCharts.Beeswarm(Days, "%").ToJson();
        var swarm = json["data"]!.AsArray();
        Assert.Equal(3, swarm.Count);
        // rows named by feature, the most important (rv and vix tie at 0.4, volume last) at the top
        var axis = json["layout"]!["yaxis"]!;
        Assert.Equal([2.0, 1.0, 0.0], Numbers(axis["tickvals"]));
        Assert.Equal("volume", axis["ticktext"]![2]!.GetValue<string>());
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

    [Fact]
    public void Beeswarm_colours_a_features_dots_by_the_rank_of_that_days_value_with_one_colour_bar()
    {
        // Three days; rv's values 2.0, -1.0, 2.0 rank 0.75, 0, 0.75 (the tie shares ranks 1 and 2 of 0..2, over 2).
        var days = new[] { Days[0], Days[1], Days[0] };
        double[][] values = [[2.0, 0.1, 5], [-1.0, 0.3, double.NaN], [2.0, 0.2, 7]];
        var swarm = ExplanationCharts.Beeswarm(days, "%", values).ToJson()["data"]!.AsArray();
        var rv = swarm.Single(t => t!["name"]!.GetValue<string>() == "rv")!;
        Assert.Equal([0.75, 0.0, 0.75], Numbers(rv["marker"]!["color"]));
        var vix = swarm.Single(t => t!["name"]!.GetValue<string>() == "vix")!;
        Assert.Equal([0.0, 1.0, 0.5], Numbers(vix["marker"]!["color"]));
        var volume = swarm.Single(t => t!["name"]!.GetValue<string>() == "volume")!;
        Assert.Equal([0.0, double.NaN, 1.0], Numbers(volume["marker"]!["color"]));   // a missing value: no colour of the scale
        Assert.Single(swarm, t => t!["marker"]!["showscale"]!.GetValue<bool>());
        Assert.Throws<ArgumentException>(() => ExplanationCharts.Beeswarm(days, "%", values[..2]));
        Assert.Equal([[3.0, 4.0], [7.0, 8.0]], ShapleyExplainer.LastDayValues([1, 2, 3, 4, 5, 6, 7, 8], 2, 2));
    }

    private static double[] Numbers(JsonNode? array) => [.. array!.AsArray().Select(v => v is null ? double.NaN : v.GetValue<double>())];
}
