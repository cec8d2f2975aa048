using VolNotebooks.Explain;

namespace VolNotebooks.Tests.Explain;

public sealed class ShapleyExplainerTests
{
    private const int T = 3, F = 4;
    private static readonly string[] Names = ["a", "b", "c", "d"];

    [Fact]
    public void Exact_values_of_a_linear_model_are_weights_times_the_gap_to_the_background_mean()
    {
        // Closed form (Lundberg and Lee 2017, linear model with independent features): phi_j = sum_t w_tj (x_tj - E[b_tj]).
        var w = Enumerable.Range(0, T * F).Select(k => 0.3 * (k - 5)).ToArray();
        var explainer = new ShapleyExplainer(Linear(w, 0.7), T, Names, Background(5, 1));
        var x = Sample(2);
        var shap = explainer.Exact(x);
        var background = Background(5, 1);
        for (var j = 0; j < F; j++)
        {
            var expected = 0.0;
            for (var t = 0; t < T; t++)
            {
                var k = (t * F) + j;
                var mean = Enumerable.Range(0, 5).Average(b => (double)background[(b * T * F) + k]);
                expected += w[k] * (x[k] - mean);
            }

            Assert.Equal(expected, shap.Values[j], 9);
        }

        Assert.True(shap.Exact);
        Assert.Equal(16, shap.Coalitions);
    }

    [Fact]
    public void Exact_values_sum_to_the_forecast_minus_the_background_mean_forecast()
    {
        var model = Nonlinear();
        var background = Background(6, 3);
        var explainer = new ShapleyExplainer(model, T, Names, background);
        var x = Sample(4);
        var shap = explainer.Exact(x);
        Assert.Equal(model(x)[0], shap.Prediction, 12);
        Assert.Equal(model(background).Average(), shap.BaseValue, 12);
        Assert.Equal(shap.Prediction - shap.BaseValue, shap.Values.Sum(), 10);
    }

    [Fact]
    public void Symmetric_features_get_equal_values_and_an_unused_feature_gets_zero()
    {
        // f is symmetric in features a and b and ignores d; x and the background give a and b the same values.
        static double[] F2(float[] inputs) => [.. Enumerable.Range(0, inputs.Length / (T * F)).Select(n =>
        {
            var s = inputs.AsSpan(n * T * F, T * F);
            double a = 0, b = 0, c = 0;
            for (var t = 0; t < T; t++) (a, b, c) = (a + s[(t * F) + 0], b + s[(t * F) + 1], c + s[(t * F) + 2]);
            return (a * b) + Math.Tanh(a + b) + (c * c * (a + b));
        })];
        var background = Background(4, 5);
        var x = Sample(6);
        for (var t = 0; t < T; t++) x[(t * F) + 1] = x[(t * F) + 0];
        for (var n = 0; n < 4; n++)
            for (var t = 0; t < T; t++) background[(n * T * F) + (t * F) + 1] = background[(n * T * F) + (t * F) + 0];
        var shap = new ShapleyExplainer(F2, T, Names, background).Exact(x);
        Assert.Equal(shap.Values[0], shap.Values[1], 12);
        Assert.Equal(0.0, shap.Values[3]);
        Assert.NotEqual(0.0, shap.Values[2]);
    }

    [Fact]
    public void Kernel_shap_is_exact_for_a_linear_model_and_close_to_exact_values_for_a_nonlinear_one()
    {
        var names = Enumerable.Range(0, 8).Select(i => $"f{i}").ToArray();
        const int f = 8;
        var rng = new Random(7);
        var w = Enumerable.Range(0, T * f).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var background = Enumerable.Range(0, 4 * T * f).Select(_ => (float)rng.NextDouble()).ToArray();
        var x = Enumerable.Range(0, T * f).Select(_ => (float)(2 * rng.NextDouble())).ToArray();
        var linear = new ShapleyExplainer(Linear(w, 0), T, names, background);
        var exact = linear.Exact(x);
        var kernel = linear.Kernel(x, 40, seed: 1);
        Assert.False(kernel.Exact);
        for (var j = 0; j < f; j++) Assert.Equal(exact.Values[j], kernel.Values[j], 8);

        double[] Bumpy(float[] inputs) => [.. Enumerable.Range(0, inputs.Length / (T * f)).Select(n =>
        {
            var s = inputs.AsSpan(n * T * f, T * f);
            double sum = 0;
            for (var k = 0; k < s.Length; k++) sum += w[k] * s[k];
            return Math.Tanh(sum) + (s[0] * s[1]);
        })];
        var nonlinear = new ShapleyExplainer(Bumpy, T, names, background);
        var truth = nonlinear.Exact(x);
        var sampled = nonlinear.Kernel(x, 200, seed: 3);
        Assert.Equal(truth.Prediction - truth.BaseValue, sampled.Values.Sum(), 10);   // efficiency is a constraint
        var error = truth.Values.Zip(sampled.Values, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(error < 0.1 * truth.Values.Max(Math.Abs), $"max |kernel - exact| = {error}");
        Assert.Equal(sampled.Values, nonlinear.Kernel(x, 200, seed: 3).Values);      // seeded
    }

    private static Func<float[], double[]> Linear(double[] w, double bias) => inputs =>
        [.. Enumerable.Range(0, inputs.Length / w.Length).Select(n =>
        {
            var sum = bias;
            for (var k = 0; k < w.Length; k++) sum += w[k] * inputs[(n * w.Length) + k];
            return sum;
        })];

    private static Func<float[], double[]> Nonlinear() => inputs =>
        [.. Enumerable.Range(0, inputs.Length / (T * F)).Select(n =>
        {
            var s = inputs.AsSpan(n * T * F, T * F);
            return Math.Exp(0.1 * s[0]) * s[5] + Math.Sin(s[2] * s[7]) + (s[11] * s[3] * s[4]);
        })];

    private static float[] Background(int rows, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, rows * T * F).Select(_ => (float)(rng.NextDouble() - 0.5))];
    }

    private static float[] Sample(int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, T * F).Select(_ => (float)(2 * rng.NextDouble()))];
    }
}
