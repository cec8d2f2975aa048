using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class MultiHorizonTests
{
    private static readonly Lazy<PreparedData> Prepared = new(() => TrainingPipeline.Prepare(TestFiles.Data, Spec(seed: 1)));

    [Fact]
    public void Targets_are_forward_realized_volatility_and_forward_return_over_each_horizon_from_the_prices()
    {
        var data = Prepared.Value;
        var horizons = LstmAttentionMultiHorizonHyperparameters.StudyHorizons;
        var targets = MultiHorizonTargets.For(data, horizons, data.Split.Test);
        var spy = TestFiles.Data.Load("SPY");
        var i = 7;
        var w = data.Dataset.Windows[data.Split.Test.Start + i];
        var t = spy.IndexOf(w.InputEndDate);
        double Percent(int day) => 100 * Math.Log(spy.AdjClose[day] / spy.AdjClose[day - 1]);
        for (var j = 0; j < 3; j++)
        {
            var h = horizons[j];
            // The return over h days is 100 ln(P_(t+h) / P_t); the volatility the root mean square of the h daily returns.
            Assert.Equal(100 * Math.Log(spy.AdjClose[t + h] / spy.AdjClose[t]), targets[(i * 6) + 3 + j], 9);
            Assert.Equal(Math.Sqrt(Enumerable.Range(t + 1, h).Average(d => Percent(d) * Percent(d))), targets[(i * 6) + j], 9);
        }

        // The longest horizon's volatility is the data's own target.
        Assert.Equal(data.TestActuals[i], targets[(i * 6) + 2], 6);   // the actuals went through float targets
    }

    [Fact]
    public void Data_prepared_for_another_horizon_is_refused_with_the_spec_to_use()
    {
        var five = TrainingPipeline.Prepare(TestFiles.Data, Spec(seed: 1) with { Data = Spec(seed: 1).Data with { Target = new TargetSpec(TargetKind.RealizedVolatility, 5) } });
        var e = Assert.Throws<ArgumentException>(() => MultiHorizonTargets.For(five, [1, 5, 22], five.Split.Test));
        Assert.Contains("horizon 22", e.Message);
        Assert.Throws<ArgumentException>(() => MultiHorizonTargets.For(five, [5, 1], five.Split.Test));
    }

    [Fact]
    public void The_multi_horizon_model_trains_through_the_pipeline_reproducibly_with_recurrent_dropout()
    {
        var spec = Spec(seed: 4);
        var data = Prepared.Value;
        var first = TrainingPipeline.Train(spec, data);
        var again = TrainingPipeline.Train(spec, data);
        foreach (var h in new[] { 1, 5, 22 })
        {
            Assert.True(double.IsFinite(first.Metrics[$"rmse_{h}"]));
            Assert.InRange(first.Metrics[$"var_violation_rate_{h}"], 0.0, 0.5);
        }

        // Same seed, same dropout masks, same numbers.
        Assert.Equal(first.Metrics, again.Metrics);
        Assert.Equal(first.TestForecasts, again.TestForecasts);
        Assert.Equal(data.Test.Count, first.TestForecasts.Length);
        Assert.All(first.TestForecasts, v => Assert.True(v > 0));

        var forecast = MultiHorizonForecast.Of(first.Model, [1, 5, 22], data, data.Test, data.Split.Test);
        Assert.Equal(first.TestForecasts, forecast.Volatility[2]);
        var breaches = forecast.RealizedReturn[0].Where((v, i) => v < forecast.ValueAtRisk[0][i]).Count();
        Assert.Equal(breaches / (double)data.Test.Count, first.Metrics["var_violation_rate_1"]);
    }

    [Fact]
    public void A_checkpoint_of_the_multi_horizon_model_reloads_with_its_horizons_and_the_same_six_outputs()
    {
        var data = Prepared.Value;
        var spec = Spec(seed: 5) with { Model = new LstmAttentionMultiHorizonHyperparameters(Hidden1: 8, Hidden2: 4, AttentionUnits: 4, Horizons: [1, 22]), Training = new TrainerOptions { Epochs = 1 } };
        var trained = TrainingPipeline.Train(spec, data);
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "multi.ckpt");
        trained.ToCheckpoint(data).Save(path);
        var loaded = Checkpoint.Load(path);
        Assert.Equal(spec.Model, loaded.Spec.Model);
        Assert.Equal(4, loaded.Model.Outputs);
        Assert.Equal(trained.Model.Predict(data.Test), loaded.Model.Predict(data.Test));
    }

    [Fact]
    public void Hyperparameters_with_horizons_round_trip_through_the_spec_json()
    {
        var spec = Spec(seed: 3) with { Model = new LstmAttentionMultiHorizonHyperparameters(Hidden1: 32, Horizons: [1, 5]) };
        var back = ExperimentSpec.FromJson(spec.ToJson());
        Assert.Equal(spec.Model, back.Model);
        Assert.Equal([1, 5], ((LstmAttentionMultiHorizonHyperparameters)back.Model).HorizonDays);
        Assert.Contains("\"recurrent_dropout\": 0.1", spec.ToJson(indented: true));
        var bad = new LstmAttentionMultiHorizonHyperparameters(Horizons: [5, 5]);
        Assert.Contains("spec.model.horizons", Assert.Throws<ArgumentException>(bad.Validate).Message);
    }

    private static ExperimentSpec Spec(ulong seed) => new()
    {
        Data = new DatasetSpec
        {
            From = new DateOnly(2018, 1, 1), To = new DateOnly(2021, 12, 31), Features = "risk",
            Target = new TargetSpec(TargetKind.RealizedVolatility, 22), Lookback = 30,
        },
        Model = new LstmAttentionMultiHorizonHyperparameters(Hidden1: 16, Hidden2: 8, AttentionUnits: 8),
        Training = new TrainerOptions { Epochs = 2, LearningRate = 0.005 },
        Seed = seed,
    };
}
