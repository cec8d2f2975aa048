using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Explain;

/// <summary>Expected gradients (Erion, Janizek, Sturmfels, Lundberg and Lee 2021): integrated gradients averaged over
/// baselines drawn from a background of real windows instead of one chosen reference.</summary>
/// <remarks>
/// <c>EG_k(x) = E over x' ~ background, a ~ U(0, 1) of (x_k - x'_k) * d f(x' + a (x - x')) / d x_k</c>, estimated from
/// <c>samples</c> seeded draws of a background row and a point on the path, all in one batch. Its sum estimates
/// <c>f(x) - E f(x')</c> without bias (the same target as SHAP's efficiency with that background), so it answers "why this
/// forecast rather than a typical one" instead of "rather than the all-zeros window"; the Monte Carlo error shrinks as
/// one over the square root of the samples.
/// </remarks>
public static class ExpectedGradients
{
    /// <summary>Attributions of output <paramref name="output"/> to every input value of <paramref name="x"/>, row-major <c>[T, F]</c>.</summary>
    /// <param name="model">The forecaster (run in evaluation mode; its parameters' gradients are left as they were found).</param>
    /// <param name="output">Which output column (0 .. O-1).</param>
    /// <param name="x">One input window, row-major <c>[T, F]</c> (scaled as the model was trained).</param>
    /// <param name="background">Background windows, row-major <c>[n, T, F]</c>, e.g. training rows (never test rows).</param>
    /// <param name="timeSteps">T.</param>
    /// <param name="samples">Draws of a (background row, path point) pair, at least 1.</param>
    /// <param name="seed">Seed of the draws: the same seed gives the same attributions bit for bit.</param>
    public static double[] Attribute(ForecastModel model, int output, ReadOnlySpan<float> x, ReadOnlySpan<float> background, int timeSteps, int samples = 256, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(output, model.Outputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeSteps);
        var stride = timeSteps * model.InputFeatures;
        if (x.Length != stride)
            throw new ArgumentException($"x must be [{timeSteps}, {model.InputFeatures}] = {stride} values, got {x.Length}", nameof(x));
        if (background.Length == 0 || background.Length % stride != 0)
            throw new ArgumentException($"the background must be whole windows of [{timeSteps}, {model.InputFeatures}] = {stride} values, got {background.Length}", nameof(background));

        // inputs [samples, T, F]: x'_s + a_s (x - x'_s); gaps [samples, T, F]: x - x'_s
        var rows = background.Length / stride;
        var rng = new RandomSource(seed);
        var inputs = new float[samples * stride];
        var gaps = new float[samples * stride];
        for (var s = 0; s < samples; s++)
        {
            var reference = background.Slice(rng.NextInt(rows) * stride, stride);
            var a = (float)rng.NextDouble();
            for (var i = 0; i < stride; i++)
            {
                gaps[(s * stride) + i] = x[i] - reference[i];
                inputs[(s * stride) + i] = reference[i] + (a * gaps[(s * stride) + i]);
            }
        }

        var grad = IntegratedGradients.InputGradients(model, output, inputs, samples, timeSteps);
        var attribution = new double[stride];
        for (var i = 0; i < stride; i++)
        {
            double sum = 0;
            for (var s = 0; s < samples; s++) sum += (double)gaps[(s * stride) + i] * grad[(s * stride) + i];
            attribution[i] = sum / samples;
        }

        return attribution;
    }
}
