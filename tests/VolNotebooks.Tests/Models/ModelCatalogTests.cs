using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Models;

public sealed class ModelCatalogTests
{
    public static TheoryData<string> Names => new(ModelCatalog.All.Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_model_maps_batches_of_sequences_to_one_forecast_each_and_trains(string name)
    {
        const int features = 4, steps = 20, samples = 48;
        var definition = ModelCatalog.Get(name);
        var model = definition.Create(features, new RandomSource(1), new Hyperparameters());
        Assert.Equal(name, model.Architecture);
        Assert.True(model.ParameterCount > 100);

        var random = new Random(2);
        var inputs = Enumerable.Range(0, samples * steps * features).Select(_ => (float)random.NextDouble()).ToArray();
        var targets = Enumerable.Range(0, samples).Select(_ => (float)random.NextDouble()).ToArray();
        var forecast = model.Predict(inputs, steps);
        Assert.Equal(samples, forecast.Length);
        Assert.All(forecast, v => Assert.True(float.IsFinite(v)));

        var data = new SequenceData(inputs, targets, steps, features);
        var before = model.Parameters().SelectMany(p => p.Value.Data).ToArray();
        var result = Trainer.Fit(model, data, data, new TrainerOptions { Epochs = 2, BatchSize = 16 });
        Assert.Equal(2, result.History.Count);
        Assert.NotEqual(before, model.Parameters().SelectMany(p => p.Value.Data).ToArray());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_search_space_builds_a_model_at_random_points(string name)
    {
        var definition = ModelCatalog.Get(name);
        var sampler = new RandomSampler(5);
        for (var n = 0; n < 3; n++)
        {
            var point = sampler.Sample(definition.Space, [], n);
            var model = definition.Create(3, new RandomSource((ulong)n), new Hyperparameters(point));
            Assert.Single(model.Predict(new float[20 * 3], 20));
        }
    }

    [Fact]
    public void Lstm_forecaster_has_pytorchs_parameter_count()
    {
        // PyTorch layout, two biases per LSTM layer: 4H(F+H) + 8H per layer, then Linear(64, 32) and Linear(32, 1).
        const int f = 5, h = 64;
        var expected = (4 * h * (f + h)) + (8 * h) + (4 * h * (h + h)) + (8 * h) + ((h * 32) + 32) + (32 + 1);
        Assert.Equal(expected, new LstmForecaster(f, new RandomSource(1)).ParameterCount);
        Assert.Equal(53_569, expected);
    }

    [Fact]
    public void The_same_seed_builds_the_same_weights()
    {
        foreach (var definition in ModelCatalog.All)
        {
            var a = definition.Create(3, new RandomSource(9), new Hyperparameters()).Parameters().SelectMany(p => p.Value.Data).ToArray();
            var b = definition.Create(3, new RandomSource(9), new Hyperparameters()).Parameters().SelectMany(p => p.Value.Data).ToArray();
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Unknown_models_and_bad_head_counts_are_refused_clearly()
    {
        Assert.Contains("available: LSTMVol, LSTMForecaster", Assert.Throws<KeyNotFoundException>(() => ModelCatalog.Get("GRUThing")).Message);
        var h = new Hyperparameters(new Dictionary<string, object> { ["lstm_units"] = 96, ["attention_heads"] = 5 });
        Assert.Contains("must divide", Assert.Throws<ArgumentException>(() => new CnnLstmAttention(3, new RandomSource(1), h)).Message);
    }
}
