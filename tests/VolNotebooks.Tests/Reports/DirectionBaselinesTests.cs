using VolNotebooks.Datasets;
using VolNotebooks.Evaluation;
using VolNotebooks.Features;
using VolNotebooks.Reports;

namespace VolNotebooks.Tests.Reports;

public sealed class DirectionBaselinesTests
{
    // Ten daily samples whose targets are 10, 11, ..., 19 (a level series rising one point a day), split 6/2/2.
    private static PreparedData Rising(TargetKind kind = TargetKind.Vix, Func<int, double>? target = null)
    {
        var days = Enumerable.Range(0, 12).Select(i => new DateOnly(2022, 1, 3).AddDays(i)).ToArray();
        var level = days.Select((_, i) => target?.Invoke(i) ?? 9.0 + i).ToArray();
        var frame = new FeatureFrame(days).Add("level", level);
        var data = SequenceDataset.Create(frame, ["level"], Targets.Ahead("next", level, 1), lookback: 2);
        var split = new ChronologicalSplit(new IndexRange(0, 6), new IndexRange(6, 2), new IndexRange(8, data.Count - 8));
        var scaled = data.Scale(data.FitScaler(split.Train));
        return new PreparedData(new DatasetSpec { Symbol = "SIM", Target = new TargetSpec(kind) }, "SIM", data, split, data.FitScaler(split.Train),
            SequenceData.From(scaled.Subset(split.Train)), SequenceData.From(scaled.Subset(split.Validation)), SequenceData.From(scaled.Subset(split.Test)),
            [.. Enumerable.Range(split.Test.Start, split.Test.Length).Select(i => data.Targets[i] - 1)], null, 1.0, null);
    }

    [Fact]
    public void Always_down_calls_a_fall_every_day_and_scores_the_share_of_falling_days()
    {
        double[] reference = [20, 20, 20, 20];
        double[] actual = [19, 21, 18, 20];   // falls on 2 of 4 days, unchanged on one
        var forecast = DirectionBaselines.AlwaysDown(reference);
        Assert.Equal([19.99, 19.99, 19.99, 19.99], forecast);
        Assert.Equal((2, 4), DirectionBaselines.Hits(actual, forecast, reference));
        // Persistence forecasts no change: it hits only the unchanged day.
        Assert.Equal((1, 4), DirectionBaselines.Hits(actual, reference, reference));
        Assert.Equal(0.25, ForecastMetrics.DirectionalAccuracy([.. actual.Select((v, i) => v - reference[i])], new double[4]));
    }

    [Fact]
    public void Drift_adds_the_training_targets_mean_daily_change_to_todays_value()
    {
        var data = Rising();
        var (forecast, drift) = DirectionBaselines.Drift(data);
        Assert.Equal(1.0, drift, 12); // targets rise one point a day over the training samples
        Assert.Equal(data.TestReference.Select(v => v + 1), forecast);
    }

    [Fact]
    public void Network_and_baselines_are_compared_as_squared_volatilities_on_the_test_windows()
    {
        // Thirty test samples are the minimum a comparison takes: 40 samples split 6/2/32.
        var days = Enumerable.Range(0, 45).Select(i => new DateOnly(2022, 1, 3).AddDays(i)).ToArray();
        var level = days.Select((_, i) => 1.0 + (0.1 * (i % 4))).ToArray();
        var data = SequenceDataset.Create(new FeatureFrame(days).Add("rv", level), ["rv"], Targets.Ahead("next", level, 1), lookback: 2);
        var split = new ChronologicalSplit(new IndexRange(0, 6), new IndexRange(6, 2), new IndexRange(8, data.Count - 8));
        var scaled = data.Scale(data.FitScaler(split.Train));
        var prepared = new PreparedData(new DatasetSpec { Symbol = "SIM", Target = new TargetSpec(TargetKind.RealizedVolatility) }, "SIM", data, split, data.FitScaler(split.Train),
            SequenceData.From(scaled.Subset(split.Train)), SequenceData.From(scaled.Subset(split.Validation)), SequenceData.From(scaled.Subset(split.Test)),
            new double[split.Test.Length], null, 1.0, null);
        var starts = prepared.TestWindows.Select(w => w.TargetFirstDate).ToArray();
        var garch = new VolatilityForecast("GARCH", starts, [1], [[.. starts.Select(_ => 2.0)]]);
        var network = prepared.TestActuals.Select(v => v + 0.5).ToArray();
        var table = ComparisonSeries.NetworkAgainstBaselines("t", prepared, "net", network, [garch]);
        Assert.Equal(["net", "GARCH"], table.ModelNames);
        Assert.Equal(starts, table.Dates);
        Assert.Equal(prepared.TestActuals.Select(v => v * v), table.Actual);
        Assert.Equal(network.Select(v => v * v), table.Forecasts[0]);
        Assert.All(table.Forecasts[1], v => Assert.Equal(4.0, v));
    }
}
