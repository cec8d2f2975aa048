using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class TrainerTests
{
    /// <summary>Windows of an AR(1) process x_t = 0.7 x_(t-1) + e_t, e_t ~ N(0, 1): the best forecast's MSE is 1 (the
    /// noise variance), forecasting zero costs 1 / (1 - 0.49) = 1.96 (simulation with known truth).</summary>
    private static (SequenceData Train, SequenceData Validation) Ar1(int samples = 900, int steps = 10, int seed = 5)
    {
        var random = new Random(seed);
        var x = new double[samples + steps + 50];
        for (var t = 1; t < x.Length; t++) x[t] = (0.7 * x[t - 1]) + VolNotebooks.Tests.Features.RealizedVolatilityTests.Normal(random);
        var inputs = new float[samples * steps];
        var targets = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            for (var k = 0; k < steps; k++) inputs[(i * steps) + k] = (float)x[50 + i + k];
            targets[i] = (float)x[50 + i + steps];
        }

        var cut = samples * 3 / 4;
        return (new SequenceData(inputs[..(cut * steps)], targets[..cut], steps, 1), new SequenceData(inputs[(cut * steps)..], targets[cut..], steps, 1));
    }

    private static readonly TrainerOptions Fast = new() { Epochs = 25, BatchSize = 32, LearningRate = 0.01, Patience = 8, Seed = 11 };

    [Fact]
    public void Learns_an_ar1_process_close_to_the_best_possible_loss()
    {
        var (train, validation) = Ar1();
        var model = new LstmForecaster(1, new RandomSource(3), new LstmForecasterHyperparameters(Hidden: 8, Layers: 1, DropoutRate: 0));
        var result = Trainer.Fit(model, train, validation, Fast);
        Assert.InRange(result.BestValidationLoss, 0.8, 1.2);
        Assert.True(result.History[0].TrainLoss > result.History[result.BestEpoch - 1].TrainLoss);
        // The restored weights are the best epoch's: evaluating again gives its validation loss.
        Assert.Equal(result.BestValidationLoss, Trainer.Evaluate(model, validation, Fast), 5);
    }

    [Fact]
    public void Same_seeds_give_bit_identical_weights()
    {
        var (train, validation) = Ar1(samples: 300);
        float[] Weights()
        {
            var model = new LstmForecaster(1, new RandomSource(9), new LstmForecasterHyperparameters(Hidden: 8, Layers: 2, DropoutRate: 0.2));
            Trainer.Fit(model, train, validation, Fast with { Epochs = 4 });
            return [.. model.Parameters().SelectMany(p => p.Value.Data)];
        }

        Assert.Equal(Weights(), Weights());
    }

    [Fact]
    public void Early_stopping_ends_training_after_patience_epochs_without_improvement()
    {
        var (train, validation) = Ar1(samples: 300);
        var model = new LstmForecaster(1, new RandomSource(4), new LstmForecasterHyperparameters(Hidden: 8, Layers: 1, DropoutRate: 0));
        var result = Trainer.Fit(model, train, validation, Fast with { Epochs = 200, Patience = 3, LearningRate = 0.05 });
        Assert.StartsWith("early stopping", result.StopReason);
        Assert.Equal(result.BestEpoch + 3, result.History.Count);
    }

    [Fact]
    public void A_diverging_loss_stops_with_a_clear_error_and_keeps_finite_weights()
    {
        var (train, validation) = Ar1(samples: 200);
        var huge = train with { Targets = [.. train.Targets.Select(t => t * 1e30f)] };
        var model = new LstmForecaster(1, new RandomSource(4), new LstmForecasterHyperparameters(Hidden: 8, Layers: 1, DropoutRate: 0));
        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, huge, validation, Fast with { ClipNorm = null, LearningRate = 1e3 }));
        Assert.Contains("epoch 1", e.Message);
        Assert.All(model.Parameters().SelectMany(p => p.Value.Data), w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void Lstm_vol_trains_on_variances_with_qlike_through_its_positive_head()
    {
        var (train, validation) = Ar1(samples: 300);
        SequenceData Squared(SequenceData d) => d with { Targets = [.. d.Targets.Select(t => (t * t) + 0.01f)] };
        var model = new LstmVol(1, new RandomSource(8), new LstmVolHyperparameters(Hidden: 8, Layers: 1));
        var result = Trainer.Fit(model, Squared(train), Squared(validation), Fast with { Epochs = 3, Loss = LossKind.Qlike });
        Assert.All(result.History, r => Assert.True(double.IsFinite(r.ValidationLoss) && r.ValidationLoss >= 0));
        Assert.All(model.Predict(validation.Inputs, validation.TimeSteps), f => Assert.True(f > 0));
    }

    [Fact]
    public void A_feature_count_mismatch_is_refused()
    {
        var (train, validation) = Ar1(samples: 50);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Fit(new LstmForecaster(3, new RandomSource(1)), train, validation));
        Assert.Contains("has 1 features but LSTMForecaster expects 3", e.Message);
    }
}
