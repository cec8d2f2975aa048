using VolNotebooks.Datasets;
using VolNotebooks.Explain;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Tests.Explain;

public sealed class GradientAndAttentionTests
{
    private const int T = 6, F = 3;

    [Fact]
    public void Integrated_gradients_of_a_linear_model_are_its_weights_times_the_input_gap()
    {
        // For f(x) = w.x + b the gradient is w everywhere, so IG_k = w_k (x_k - x'_k) exactly (Sundararajan et al. 2017).
        var model = new FlatLinear(new RandomSource(1));
        var x = Values(2, 1.0f);
        var baseline = Values(3, 0.2f);
        var ig = IntegratedGradients.Attribute(model, 0, x, baseline, T, steps: 4);
        var w = model.Parameters().First(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Value.Data;
        for (var k = 0; k < T * F; k++) Assert.Equal(w[k] * (x[k] - baseline[k]), ig[k], 5);
        Assert.Equal(ig.Where((_, k) => k % F == 1).Sum(), IntegratedGradients.ByFeature(ig, F)[1], 12);
    }

    [Fact]
    public void Integrated_gradients_of_the_lstm_sum_to_the_forecast_gap_and_leave_the_model_as_found()
    {
        var model = new LstmAttentionMultiHorizon(F, new RandomSource(2), new LstmAttentionMultiHorizonHyperparameters(8, 4, 4, Horizons: [1, 5]));
        var x = Values(4, 1.5f);
        var baseline = new float[T * F];
        var before = model.Parameters().SelectMany(p => p.Value.Data).ToArray();
        foreach (var output in new[] { 0, 3 })
        {
            var ig = IntegratedGradients.Attribute(model, output, x, baseline, T, steps: 256);
            var gap = model.Predict(x, T)[output] - model.Predict(baseline, T)[output];
            Assert.Equal(gap, ig.Sum(), 3);   // completeness, up to the midpoint rule's error
        }

        Assert.True(model.IsTraining);
        Assert.All(model.Parameters(), p => Assert.Null(p.Value.Grad));
        Assert.Equal(before, model.Parameters().SelectMany(p => p.Value.Data).ToArray());
    }

    [Fact]
    public void Expected_gradients_of_a_linear_model_against_one_background_window_are_its_weights_times_the_gap()
    {
        // f linear: the gradient is w on every path point, so with a single background window x' every draw gives
        // w_k (x_k - x'_k) and so does their mean (Erion et al. 2021, the linear case of integrated gradients).
        var model = new FlatLinear(new RandomSource(1));
        var x = Values(5, 1.0f);
        var background = Values(6, 0.5f);
        var eg = ExpectedGradients.Attribute(model, 0, x, background, T, samples: 32, seed: 7);
        var w = model.Parameters().First(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Value.Data;
        for (var k = 0; k < T * F; k++) Assert.Equal(w[k] * (x[k] - background[k]), eg[k], 5);
    }

    [Fact]
    public void Expected_gradients_estimate_the_gap_to_the_background_mean_without_bias_and_repeat_by_seed()
    {
        // Sum_k EG_k is an unbiased estimate of f(x) - E f(x') over the background: the mean of 300 one-draw estimates
        // (independent seeds) lies within 4 standard errors of the exact gap, computed by running every background row.
        var model = new LstmAttentionMultiHorizon(F, new RandomSource(2), new LstmAttentionMultiHorizonHyperparameters(8, 4, 4, Horizons: [1, 5]));
        var x = Values(8, 1.5f);
        var background = Enumerable.Range(0, 6).SelectMany(i => Values(20 + i, 1f)).ToArray();
        var before = model.Parameters().SelectMany(p => p.Value.Data).ToArray();
        const int output = 1;
        var predictions = model.Predict(background, T);
        var gap = model.Predict(x, T)[output] - Enumerable.Range(0, 6).Average(i => predictions[(i * model.Outputs) + output]);
        var draws = Enumerable.Range(0, 300).Select(seed => ExpectedGradients.Attribute(model, output, x, background, T, samples: 1, seed: (ulong)seed).Sum()).ToArray();
        var mean = draws.Average();
        var standardError = Math.Sqrt(draws.Sum(d => (d - mean) * (d - mean)) / (draws.Length - 1) / draws.Length);
        Assert.True(Math.Abs(mean - gap) < 4 * standardError, $"mean {mean} vs gap {gap}, standard error {standardError}");

        var first = ExpectedGradients.Attribute(model, output, x, background, T, samples: 64, seed: 3);
        Assert.Equal(first, ExpectedGradients.Attribute(model, output, x, background, T, samples: 64, seed: 3));
        Assert.NotEqual(first, ExpectedGradients.Attribute(model, output, x, background, T, samples: 64, seed: 4));
        Assert.True(model.IsTraining);
        Assert.All(model.Parameters(), p => Assert.Null(p.Value.Grad));
        Assert.Equal(before, model.Parameters().SelectMany(p => p.Value.Data).ToArray());
        Assert.Throws<ArgumentException>(() => ExpectedGradients.Attribute(model, output, x, background.AsSpan(1).ToArray(), T));
    }

    [Fact]
    public void Attention_map_rows_are_the_models_weights_by_lag_and_profiles_average_them()
    {
        var model = new LstmAttentionMultiHorizon(F, new RandomSource(3), new LstmAttentionMultiHorizonHyperparameters(8, 4, 4, Horizons: [1]));
        const int n = 5;
        var inputs = Enumerable.Range(0, n).SelectMany(i => Values(10 + i, 1f)).ToArray();
        var data = new SequenceData(inputs, new float[n * 2], T, F, 2);
        var day = new DateOnly(2024, 1, 1);
        var windows = Enumerable.Range(0, n).Select(i => new SampleWindow(i, i + T - 1, i + T, i + T, day, day.AddDays(i), day, day)).ToArray();
        var map = AttentionMap.Of(model, data, windows, batchSize: 2);

        model.Eval();
        model.Forward(Tensor<float>.FromArray(inputs, n, T, F));
        var direct = model.LastAttention!.Data;
        Assert.Equal(day.AddDays(3), map.Dates[3]);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(1.0, map.Weights[i].Sum(), 5);
            Assert.Equal(direct[(i * T) + T - 1], map.Weights[i][0], 6);   // lag 0 is the forecast day, the last step
            Assert.Equal(direct[i * T], map.Weights[i][T - 1], 6);
        }

        var (calm, stressed, threshold, stressedDays) = map.CalmAndStressed([1, 5, 2, 9, 3], quantile: 0.75);
        Assert.Equal(5, threshold);   // sorted 1 2 3 5 9, index floor(0.75 * 4) = 3
        Assert.Equal(2, stressedDays);
        Assert.Equal((map.Weights[1][2] + map.Weights[3][2]) / 2, stressed[2], 12);
        Assert.Equal((map.Weights[0][0] + map.Weights[2][0] + map.Weights[4][0]) / 3, calm[0], 12);
        Assert.Throws<ArgumentException>(() => AttentionMap.Of(new FlatLinear(new RandomSource(1)), data, windows));
    }

    private static float[] Values(int seed, float spread)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, T * F).Select(_ => (float)(spread * ((2 * rng.NextDouble()) - 1)))];
    }

    /// <summary>f(x) = w . vec(x) + b over the whole [T, F] window.</summary>
    private sealed class FlatLinear : ForecastModel
    {
        private readonly Linear<float> _linear;

        public FlatLinear(RandomSource rng) => _linear = RegisterModule("linear", new Linear<float>(T * F, 1, rng));

        public override string Architecture => "FlatLinear";

        public override int InputFeatures => F;

        public override Tensor<float> Forward(Tensor<float> x) => _linear.Forward(Ops.Reshape(x, x.Dim(0), T * F));
    }
}
