using VolNotebooks.Datasets;
using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

/// <summary>Networks trained on a simulated GARCH(1,1) series, whose true conditional variance is known.</summary>
public sealed class SimulatedVolatilityTests
{
    private const int Steps = 20;

    /// <summary>Returns (percent) and true conditional variances of a GARCH(1,1) with omega 0.05, alpha 0.1, beta 0.85.</summary>
    private static ArchSimulation Simulate(int n) =>
        new ArchModel(new ZeroMean(), new Garch(), new NormalDistribution()).Simulate([0.05, 0.10, 0.85], n, seed: 2026);

    /// <summary>Windows of the last <see cref="Steps"/> returns (and their squares); targets per <paramref name="target"/>.</summary>
    private static SequenceData Windows(ArchSimulation sim, int from, int count, Func<int, float[]> target, int outputs)
    {
        var inputs = new float[count * Steps * 2];
        var targets = new float[count * outputs];
        for (var i = 0; i < count; i++)
        {
            var t = from + i;   // forecast made at t for day t + 1
            for (var k = 0; k < Steps; k++)
            {
                var r = sim.Returns[t - Steps + 1 + k];
                inputs[(((i * Steps) + k) * 2) + 0] = (float)r;
                inputs[(((i * Steps) + k) * 2) + 1] = (float)(r * r);
            }

            target(t + 1).CopyTo(targets, i * outputs);
        }

        return new SequenceData(inputs, targets, Steps, 2, outputs);
    }

    [Fact]
    public void Lstm_vol_trained_with_qlike_beats_a_constant_and_comes_within_10_percent_of_the_true_variance()
    {
        var sim = Simulate(4200);
        float[] Squared(int day) => [(float)(sim.Returns[day] * sim.Returns[day])];
        var train = Windows(sim, 100, 3000, Squared, 1);
        var validation = Windows(sim, 3100, 500, Squared, 1);
        var test = Windows(sim, 3600, 590, Squared, 1);
        var model = new LstmVol(2, new RandomSource(12), new LstmVolHyperparameters(Hidden: 16, Layers: 1));
        Trainer.Fit(model, train, validation, new TrainerOptions { Epochs = 25, Loss = LossKind.Qlike, LearningRate = 0.005, Patience = 6, Seed = 4 });

        var actual = test.Targets.Select(v => (double)v).ToArray();
        var network = model.Predict(test.Inputs, Steps).Select(v => (double)v).ToArray();
        var truth = Enumerable.Range(3601, 590).Select(day => sim.ConditionalVariance[day]).ToArray();
        var constant = Enumerable.Repeat(train.Targets.Average(v => (double)v), actual.Length).ToArray();
        var (qNetwork, qTruth, qConstant) = (ForecastMetrics.Qlike(actual, network), ForecastMetrics.Qlike(actual, truth), ForecastMetrics.Qlike(actual, constant));
        Assert.True(qNetwork < qConstant, $"network {qNetwork:0.0000} vs constant {qConstant:0.0000}");
        Assert.True(qNetwork < 1.10 * qTruth, $"network {qNetwork:0.0000} vs true variance {qTruth:0.0000}");
    }

    [Fact]
    public void The_two_headed_model_learns_a_positive_volatility_and_a_1_percent_value_at_risk()
    {
        var sim = Simulate(3300);
        float[] Both(int day) => [(float)Math.Sqrt(sim.ConditionalVariance[day]), (float)sim.Returns[day]];
        var train = Windows(sim, 100, 2600, Both, 2);
        var validation = Windows(sim, 2700, 590, Both, 2);
        var model = new LstmAttentionDual(2, new RandomSource(3), new LstmAttentionDualHyperparameters(Hidden1: 16, Hidden2: 8, AttentionUnits: 8));
        var result = Trainer.Fit(model, train, validation, new TrainerOptions { Epochs = 12, Loss = LossKind.VolatilityAndValueAtRisk, Quantile = 0.01, LearningRate = 0.005, Seed = 5 });
        Assert.All(result.History, e => Assert.True(double.IsFinite(e.ValidationLoss)));

        var forecast = model.Predict(validation.Inputs, Steps);
        Assert.Equal(2 * validation.Count, forecast.Length);
        var violations = 0;
        for (var i = 0; i < validation.Count; i++)
        {
            Assert.True(forecast[2 * i] > 0, "the volatility head is positive");
            if (validation.Targets[(2 * i) + 1] < forecast[(2 * i) + 1]) violations++;
        }

        // A 1% VaR is breached on about 1% of days; a model that learned nothing (VaR near 0) would be breached ~50%.
        Assert.InRange(violations / (double)validation.Count, 0.0, 0.05);
        Assert.NotNull(model.LastAttention);
    }
}
