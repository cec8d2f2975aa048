using VolNotebooks.Models;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class TrainingPipelineTests
{
    [Fact]
    public void Prepared_data_splits_by_time_and_selects_features_on_training_rows_only()
    {
        var prepared = TrainingPipeline.Prepare(TestFiles.Data, "SPY", TargetKind.RealizedVolatility, horizon: 5, from: new DateOnly(2012, 1, 1));
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
        var prepared = TrainingPipeline.Prepare(TestFiles.Data, "SPY", TargetKind.RealizedVolatility, from: new DateOnly(2016, 1, 1));
        var trained = TrainingPipeline.Train(ModelCatalog.Get("LSTMVol"), prepared, new TrainerOptions { Epochs = 2 }, seed: 3,
            new Hyperparameters(new Dictionary<string, object> { ["hidden"] = 16, ["layers"] = 1 }));
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
        var prepared = TrainingPipeline.Prepare(TestFiles.Data, "SPY", TargetKind.RealizedVolatility, from: new DateOnly(2017, 1, 1));
        Assert.Equal(prepared.Dataset.Count, prepared.ForwardReturns!.Length);
        // The forward return of a one-day target is the next day's percent log return (direct lookup).
        var w = prepared.Dataset.Windows[10];
        var spy = TestFiles.Data.Load("SPY");
        var day = spy.IndexOf(w.TargetFirstDate);
        Assert.Equal(100 * Math.Log(spy.AdjClose[day] / spy.AdjClose[day - 1]), prepared.ForwardReturns[10], 10);

        var h = new Hyperparameters(new Dictionary<string, object> { ["hidden1"] = 16, ["hidden2"] = 8, ["attention_units"] = 8 });
        var trained = TrainingPipeline.Train(ModelCatalog.Get("LSTMAttentionDual"), prepared, new TrainerOptions { Epochs = 3, LearningRate = 0.005 }, seed: 2, h);
        Assert.Equal(prepared.Test.Count, trained.TestForecasts.Length);
        Assert.All(trained.TestForecasts, v => Assert.True(v > 0));
        Assert.InRange(trained.Metrics["var_violation_rate"], 0.0, 0.2);
        var e = Assert.Throws<ArgumentException>(() => TrainingPipeline.Train(ModelCatalog.Get("LSTMAttentionDual"),
            TrainingPipeline.Prepare(TestFiles.Data, "SPY", TargetKind.Vix, from: new DateOnly(2019, 1, 1)), new TrainerOptions { Epochs = 1 }, 1, h));
        Assert.Contains("--target rv", e.Message);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-4 * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
