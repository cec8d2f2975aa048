using VolNotebooks.Datasets;
using VolNotebooks.Features;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Search;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class WalkForwardAndImportanceTests
{
    /// <summary>Two features: 'signal' (an AR(1) process whose next value is the target) and 'noise' (independent of it).</summary>
    private static SequenceDataset SignalAndNoise(int rows = 400)
    {
        var random = new Random(17);
        var signal = new double[rows];
        for (var t = 1; t < rows; t++) signal[t] = (0.8 * signal[t - 1]) + VolNotebooks.Tests.Features.RealizedVolatilityTests.Normal(random);
        var frame = new FeatureFrame(Enumerable.Range(0, rows).Select(i => new DateOnly(2010, 1, 1).AddDays(i)).ToArray())
            .Add("signal", signal)
            .Add("noise", Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray());
        return SequenceDataset.Create(frame, ["signal", "noise"], Targets.Ahead("next", signal, 1), lookback: 8);
    }

    private static readonly TrainerOptions Quick = new() { Epochs = 15, LearningRate = 0.01, Patience = 5 };
    private static readonly LstmForecasterHyperparameters Small = new(Hidden: 8, Layers: 1, DropoutRate: 0.0);

    private static readonly ExperimentSpec SmallSpec = new() { Model = Small, Training = Quick with { Epochs = 3 } };

    [Fact]
    public void Walk_forward_forecasts_each_sample_once_with_a_model_trained_strictly_before_it()
    {
        var data = SignalAndNoise();
        var result = NetworkWalkForward.Run(SmallSpec, data, trainWindow: 200, refitEvery: 50);
        var folds = WalkForward.Windows(data.Count, 200, 50);
        Assert.Equal(folds.Count, result.Refits);
        Assert.Equal(data.Count - 200, result.ForecastDates.Length);
        Assert.Equal(data.Windows.Skip(200).Select(w => w.InputEndDate), result.ForecastDates);
        Assert.Equal(data.Targets.Skip(200), result.Actuals);
        var again = NetworkWalkForward.Run(SmallSpec, data, 200, 50);
        Assert.Equal(result.Forecasts, again.Forecasts); // same seed, same forecasts
    }

    [Fact]
    public void Walk_forward_from_a_date_starts_forecasting_on_the_first_sample_ending_on_or_after_it()
    {
        var data = SignalAndNoise();
        var firstDay = data.Windows[250].InputEndDate;
        var result = NetworkWalkForward.RunFrom(SmallSpec, data, firstDay, trainWindow: 100, refitEvery: 60, maxRefits: 2);
        Assert.Equal(firstDay, result.ForecastDates[0]);
        Assert.Equal(120, result.ForecastDates.Length); // two refits of 60 forecasts each
        Assert.Equal(data.Targets.Skip(250).Take(120), result.Actuals);
        // 250 samples precede the day; a window of 300 needs 50 more.
        Assert.Contains("needs 50 more samples", Assert.Throws<ArgumentException>(() => NetworkWalkForward.RunFrom(SmallSpec, data, firstDay, 300, 60)).Message);
    }

    [Fact]
    public void Walk_forward_trains_a_two_headed_model_on_the_forward_returns_and_forecasts_its_volatility_head()
    {
        var data = SignalAndNoise(300);
        var spec = new ExperimentSpec { Model = new LstmAttentionDualHyperparameters(8, 8, 4), Training = Quick with { Epochs = 2 } };
        Assert.Contains("forward returns", Assert.Throws<ArgumentException>(() => NetworkWalkForward.Run(spec, data, 200, 50, maxRefits: 1)).Message);
        var forwardReturns = data.Targets.Select(v => -2 * Math.Abs(v)).ToArray();
        var result = NetworkWalkForward.Run(spec, data, 200, 50, maxRefits: 1, forwardReturns: forwardReturns);
        Assert.Equal(50, result.Forecasts.Length); // one forecast per sample: the volatility head, not both outputs
        Assert.All(result.Forecasts, f => Assert.True(double.IsFinite(f)));
    }

    [Fact]
    public void Permutation_importance_ranks_the_signal_above_the_noise()
    {
        var data = SignalAndNoise(600);
        var split = ChronologicalSplit.ByFractions(data.Count, 0.7, 0.15);
        var scaled = data.Scale(data.FitScaler(split.Train));
        var model = ModelCatalog.Get("LSTMForecaster").Create(2, new RandomSource(2), Small);
        Trainer.Fit(model, SequenceData.From(scaled.Subset(split.Train)), SequenceData.From(scaled.Subset(split.Validation)), Quick);
        var importance = PermutationImportance.Compute(model, SequenceData.From(scaled.Subset(split.Validation)), data.FeatureNames, Quick);
        Assert.Equal("signal", importance[0].Feature);
        Assert.True(importance[0].Increase > 0.5, $"signal {importance[0].Increase:G3}");
        Assert.True(Math.Abs(importance[1].Increase) < 0.1 * importance[0].Increase, $"noise {importance[1].Increase:G3}");
    }

    [Fact]
    public void Model_search_scores_trials_by_time_series_cross_validation_reproducibly()
    {
        var data = SignalAndNoise(300);
        var split = ChronologicalSplit.ByFractions(data.Count, 0.7, 0.1);
        var scaled = data.Scale(data.FitScaler(split.Train));
        var prepared = new PreparedData(new DatasetSpec { Symbol = "SIM", Target = new TargetSpec(TargetKind.Return) }, "SIM", data, split, data.FitScaler(split.Train),
            SequenceData.From(scaled.Subset(split.Train)), SequenceData.From(scaled.Subset(split.Validation)), SequenceData.From(scaled.Subset(split.Test)),
            new double[split.Test.Length], null, 1.0, null);
        var space = new SearchSpace().Int("hidden", 4, 8, 4).Float("learning_rate", 1e-3, 3e-2, log: true);
        var spec = SmallSpec with { Training = Quick with { Epochs = 2 } };
        string Run() => string.Join("\n", ModelSearch.Run(spec, prepared, trials: 4, space: space).Trials.Select(t => t.ToString()));
        var first = Run();
        Assert.Equal(first, Run());
        Assert.Equal(4, first.Split('\n').Length);
        Assert.DoesNotContain("Failed", first);
    }
}
