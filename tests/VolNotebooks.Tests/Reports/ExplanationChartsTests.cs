using VolNotebooks.Charts;
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
        var bar = Assert.IsType<Bar>(ExplanationCharts.MeanAbsoluteShap(Days, "%").Traces.Single());
        Assert.Equal([0.4, 0.4, 0.02], bar.Y.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Waterfall_runs_from_the_base_value_through_each_contribution_to_the_forecast()
    {
        var figure = ExplanationCharts.Waterfall(Days[0], "day", top: 2);
        var running = Assert.IsType<Scatter>(figure.Traces[1]);
        // base 1.0, +0.5 (rv), -0.2 (vix), +0.01 (1 other) = 1.31, the forecast.
        Assert.Equal([1.0, 1.5, 1.3, 1.31, 1.31], running.Y.Select(v => Math.Round(v, 12)));
        Assert.Equal(5, Assert.IsType<Bar>(figure.Traces[0]).Y.Length);
    }

    [Fact]
    public void Beeswarm_draws_one_dot_per_day_and_feature_and_the_heatmap_one_cell_per_lag_and_shown_day()
    {
        var swarm = ExplanationCharts.Beeswarm(Days, "%");
        Assert.Equal(3, swarm.Traces.Count);
        Assert.All(swarm.Traces, t => Assert.Equal(2, ((Scatter)t).Y.Length));

        var day = new DateOnly(2024, 3, 1);
        var map = new AttentionMap([day, day.AddDays(1), day.AddDays(2)], [[0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.2, 0.2, 0.6]]);
        var heat = Assert.IsType<Heatmap>(ExplanationCharts.AttentionHeatmap(map, everyNth: 2).Traces.Single());
        Assert.Equal(3, heat.Z.GetLength(0));
        Assert.Equal(2, heat.Z.GetLength(1));
        Assert.Equal(0.6, heat.Z[2, 1]);
        Assert.Equal(["2024-03-01", "2024-03-03"], heat.X);
    }
}
