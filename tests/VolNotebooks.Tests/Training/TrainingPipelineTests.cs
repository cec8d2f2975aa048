using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class TrainingPipelineTests
{
    [Fact]
    public void Prepared_data_splits_by_time_and_selects_features_on_training_rows_only()
    {
        var prepared = TrainingPipeline.Prepare(TestFiles.Data, Spec(TargetKind.RealizedVolatility, new DateOnly(2012, 1, 1), horizon: 5));
        var windows = prepared.Dataset.Windows;
        var split = prepared.Split;
        var trainEnd = windows[split.Train.End - 1].TargetLastDate;
        Assert.All(Enumerable.Range(split.Validation.Start, split.Validation.Length), i => Assert.True(windows[i].TargetFirstDate > trainEnd));
        Assert.All(Enumerable.Range(split.Test.Start, split.Test.Length), i => Assert.True(windows[i].InputEndDate < windows[i].TargetFirstDate));
        Assert.Equal(split.Train.Length, prepared.Train.Count);
        Assert.Equal(prepared.Dataset.FeatureCount, prepared.Train.Features);
        Assert.InRange(prepared.Dataset.FeatureCount, 10, 52); // the correlation filter dropped the redundant ones
        Assert.Equal(60, prepared.Train.TimeSteps);
        // The scaler saw training rows only: the training inputs have mean ~0 and unit spread per feature.
        var f = prepared.Train.Features;
        var firstFeature = Enumerable.Range(0, prepared.Train.Inputs.Length / f).Select(i => (double)prepared.Train.Inputs[i * f]).ToArray();
        Assert.InRange(firstFeature.Average(), -0.3, 0.3);
        // Targets are divided by the training root mean square: on that scale their mean square is exactly one.
        Assert.Equal(1.0, prepared.Train.Targets.Average(v => (double)v * v), 5);
        Assert.Equal(prepared.Dataset.Subset(split.Test).Targets, prepared.TestActuals.Select(v => Math.Round(v, 4)).ToArray(), new RoundedComparer());
    }

    [Fact]
    public void Training_scores_the_test_part_with_every_metric()
    {
        var spec = Spec(TargetKind.RealizedVolatility, new DateOnly(2016, 1, 1)) with
        {
            Model = new LstmVolHyperparameters(Hidden: 16, Layers: 1), Training = new TrainerOptions { Epochs = 2 }, Seed = 3,
        };
        var prepared = TrainingPipeline.Prepare(TestFiles.Data, spec);
        var trained = TrainingPipeline.Train(spec, prepared);
        Assert.Equal(["rmse", "mae", "r2", "qlike", "directional_accuracy", "mse"], trained.Metrics.Keys);
        Assert.Equal(prepared.Test.Count, trained.TestForecasts.Length);
        Assert.All(trained.Metrics.Values, v => Assert.True(double.IsFinite(v)));
        // A positive head and positive targets: QLIKE and RMSE agree with a direct computation.
        var actual = prepared.TestActuals;
        var f = trained.TestForecasts;
        var rmse = Math.Sqrt(actual.Zip(f, (a, b) => (a - b) * (a - b)).Average());
        Assert.Equal(rmse, trained.Metrics["rmse"], 12);
    }

    [Fact]
    public void The_two_headed_model_trains_through_the_pipeline_and_reports_its_var_breach_rate()
    {
        var spec = Spec(TargetKind.RealizedVolatility, new DateOnly(2017, 1, 1)) with
        {
            Model = new LstmAttentionDualHyperparameters(Hidden1: 16, Hidden2: 8, AttentionUnits: 8),
            Training = new TrainerOptions { Epochs = 3, LearningRate = 0.005 }, Seed = 2,
        };
        var prepared = TrainingPipeline.Prepare(TestFiles.Data, spec);
        Assert.Equal(prepared.Dataset.Count, prepared.ForwardReturns!.Length);
        // The forward return of a one-day target is the next day's percent log return (direct lookup).
        var w = prepared.Dataset.Windows[10];
        var spy = TestFiles.Data.Load("SPY");
        var day = spy.IndexOf(w.TargetFirstDate);
        Assert.Equal(100 * Math.Log(spy.AdjClose[day] / spy.AdjClose[day - 1]), prepared.ForwardReturns[10], 10);

        var trained = TrainingPipeline.Train(spec, prepared);
        Assert.Equal(prepared.Test.Count, trained.TestForecasts.Length);
        Assert.All(trained.TestForecasts, v => Assert.True(v > 0));
        Assert.InRange(trained.Metrics["var_violation_rate"], 0.0, 0.2);
        var vixSpec = spec with { Data = Spec(TargetKind.Vix, new DateOnly(2019, 1, 1)).Data with { Features = "vix", Lookback = 30 } };
        var e = Assert.Throws<ArgumentException>(() => TrainingPipeline.Train(vixSpec, TrainingPipeline.Prepare(TestFiles.Data, vixSpec)));
        Assert.Contains("--target rv", e.Message);
    }

    private static ExperimentSpec Spec(TargetKind target, DateOnly from, int horizon = 1) => new()
    {
        Data = new DatasetSpec { From = from, Target = new TargetSpec(target, horizon), CorrelationThreshold = 0.95 },
    };

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-4 * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
