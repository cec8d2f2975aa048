using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;
using VolNotebooks.Search;
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
        var model = definition.Create(features, new RandomSource(1));
        Assert.Equal(name, model.Architecture);
        Assert.True(model.ParameterCount > 100);

        var random = new Random(2);
        var inputs = Enumerable.Range(0, samples * steps * features).Select(_ => (float)random.NextDouble()).ToArray();
        var targets = Enumerable.Range(0, samples * model.Outputs).Select(_ => (float)random.NextDouble()).ToArray();
        var forecast = model.Predict(inputs, steps);
        Assert.Equal(samples * model.Outputs, forecast.Length);
        Assert.All(forecast, v => Assert.True(float.IsFinite(v)));

        var data = new SequenceData(inputs, targets, steps, features, model.Outputs);
        var before = model.Parameters().SelectMany(p => p.Value.Data).ToArray();
        var loss = model.Outputs >= 2 ? LossKind.VolatilityAndValueAtRisk : LossKind.Mse;
        var result = Trainer.Fit(model, data, data, new TrainerOptions { Epochs = 2, BatchSize = 16, Loss = loss });
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
            var model = definition.Create(3, new RandomSource((ulong)n), definition.FromSample(point));
            Assert.Equal(model.Outputs, model.Predict(new float[20 * 3], 20).Length);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_search_space_name_but_the_learning_rate_is_a_typed_hyperparameter_of_its_architecture(string name)
    {
        // A sampled value that no record field takes would be silently ignored; the JSON of the defaults names every field.
        var definition = ModelCatalog.Get(name);
        var fields = System.Text.Json.JsonSerializer.SerializeToNode(definition.Defaults, definition.Defaults.GetType())!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.All(definition.Space.Parameters.Where(p => p.Name != "learning_rate"), p => Assert.Contains(p.Name, fields));
        var point = new RandomSampler(3).Sample(definition.Space, [], 0);
        var typed = System.Text.Json.JsonSerializer.SerializeToNode(definition.FromSample(point), definition.Defaults.GetType())!.AsObject();
        Assert.All(point.Where(p => p.Key != "learning_rate"), p => Assert.Equal(Convert.ToDouble(p.Value, System.Globalization.CultureInfo.InvariantCulture), typed[p.Key]!.GetValue<double>()));
    }

    [Theory]
    [InlineData(0, 0.2, "spec.model.hidden: must be >= 1, got 0")]
    [InlineData(8, 1.0, "spec.model.dropout_rate: must be in [0, 1), got 1")]
    [InlineData(8, -0.1, "spec.model.dropout_rate: must be in [0, 1), got -0.1")]
    public void Out_of_range_hyperparameters_name_their_field(int hidden, double dropout, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => new LstmVolHyperparameters(Hidden: hidden, DropoutRate: dropout).Validate()).Message);

    [Fact]
    public void Hyperparameters_print_under_their_search_space_names()
    {
        Assert.Equal("LSTMVol(hidden=16, layers=1, dropout_rate=0.2)", new LstmVolHyperparameters(Hidden: 16, Layers: 1).ToString());
        Assert.StartsWith("CnnLstmBasic(cnn_filters_1=64, cnn_filters_2=32,", new CnnLstmBasicHyperparameters().ToString());
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

    // PyTorch's parameter counts, derived from the layer definitions (weights and biases; BatchNorm running statistics
    // and the positional encoding are buffers, not parameters).
    private static int Lstm(int f, int h, bool bidirectional = false) => ((4 * h * (f + h)) + (8 * h)) * (bidirectional ? 2 : 1);

    private static int Conv(int cin, int cout, int k) => (cout * cin * k) + cout;

    private static int Dense(int i, int o) => (i * o) + o;

    private static int Norm(int c) => 2 * c;

    private static int SelfAttention(int e) => (4 * e * e) + (4 * e);   // in_proj 3E x E + 3E, out_proj E x E + E

    private static int Additive(int d, int u) => (u * d) + u + u;        // W [U, D] + bias [U], v [1, U] without bias

    public static TheoryData<string, int> ResearchCounts => new()
    {
        { "LSTMVol", Lstm(4, 64) + Lstm(64, 64) + Dense(64, 1) },
        { "LSTMForecaster", Lstm(4, 64) + Lstm(64, 64) + Dense(64, 32) + Dense(32, 1) },
        { "CnnBiLstmAttention", Conv(4, 64, 3) + Lstm(64, 64, bidirectional: true) + Additive(128, 64) + Dense(128, 1) },
        { "CnnLstmBasic", Conv(4, 64, 3) + Conv(64, 32, 3) + Lstm(32, 64) + Lstm(64, 32) + Dense(32, 16) + Dense(16, 1) },
        { "CnnLstmDeep", Conv(4, 128, 3) + Conv(128, 64, 3) + Conv(64, 32, 3) + Norm(128) + Norm(64) + Norm(32)
            + Lstm(32, 128) + Lstm(128, 64) + Lstm(64, 32) + Dense(32, 32) + Dense(32, 16) + Dense(16, 1) },
        { "CnnLstmBidirectional", Conv(4, 64, 3) + Conv(64, 32, 3) + Lstm(32, 64, true) + Lstm(128, 32, true) + Dense(64, 32) + Dense(32, 1) },
        { "CnnLstmAttention", Conv(4, 64, 3) + Conv(64, 32, 3) + Lstm(32, 64) + SelfAttention(64) + Norm(64) + Dense(64, 32) + Dense(32, 1) },
        { "CnnLstmMultiscale", Conv(4, 32, 3) + Conv(4, 32, 5) + Conv(4, 32, 7) + Lstm(96, 64) + Lstm(64, 32) + Dense(32, 32) + Dense(32, 1) },
        { "LSTMAttentionDual", Lstm(4, 128) + Lstm(128, 64) + Additive(64, 64) + Dense(64, 1) + Dense(64, 1) },
        { "LSTMAttentionMultiHorizon", Lstm(4, 128) + Lstm(128, 64) + Additive(64, 64) + Dense(64, 3) + Dense(64, 3) },
        { "TransformerForecaster", Dense(4, 32) + (2 * (SelfAttention(32) + Dense(32, 64) + Dense(64, 32) + Norm(32) + Norm(32))) + Dense(32, 1) },
    };

    [Theory]
    [MemberData(nameof(ResearchCounts))]
    public void Every_architecture_has_the_parameter_count_of_its_layer_definition(string name, int expected)
    {
        Assert.Equal(expected, ModelCatalog.Get(name).Create(4, new RandomSource(1)).ParameterCount);
    }

    [Fact]
    public void The_same_seed_builds_the_same_weights()
    {
        foreach (var definition in ModelCatalog.All)
        {
            var a = definition.Create(3, new RandomSource(9)).Parameters().SelectMany(p => p.Value.Data).ToArray();
            var b = definition.Create(3, new RandomSource(9)).Parameters().SelectMany(p => p.Value.Data).ToArray();
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Unknown_models_and_bad_head_counts_are_refused_clearly()
    {
        Assert.Contains("available: LSTMVol, LSTMForecaster", Assert.Throws<KeyNotFoundException>(() => ModelCatalog.Get("GRUThing")).Message);
        var h = new CnnLstmAttentionHyperparameters(LstmUnits: 32, AttentionHeads: 40);
        Assert.Contains("spec.model.attention_heads: 40 heads of lstm_units 32", Assert.Throws<ArgumentException>(() => new CnnLstmAttention(3, new RandomSource(1), h)).Message);
        // Six heads of 64 units are the study's Keras layer (key_dim 64 // 6 = 10): 60 attended features mapped back to 64.
        var six = new CnnLstmAttention(3, new RandomSource(1), new CnnLstmAttentionHyperparameters(LstmUnits: 64, AttentionHeads: 6));
        Assert.Equal([1, 1], six.Forward(new Tensor<float>(1, 30, 3)).Shape.ToArray());
        Assert.Contains("cannot build LSTMVol", Assert.Throws<ArgumentException>(() => ModelCatalog.Get("LSTMVol").Create(3, new RandomSource(1), h)).Message);
    }
}
