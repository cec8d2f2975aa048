using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Explain;

/// <summary>Integrated gradients (Sundararajan, Taly and Yan 2017) of one output of a forecaster, from the engine's
/// reverse-mode autodiff.</summary>
/// <remarks><c>IG_k(x) = (x_k - x'_k) * integral over a in [0, 1] of d f(x' + a (x - x')) / d x_k</c>, the integral by the
/// midpoint rule over <c>steps</c> points, all in one batch. The attributions sum to about <c>f(x) - f(x')</c>
/// (completeness); the gap shrinks as the steps grow.</remarks>
public static class IntegratedGradients
{
    /// <summary>Attributions of output <paramref name="output"/> to every input value of <paramref name="x"/>, row-major <c>[T, F]</c>.</summary>
    /// <param name="model">The forecaster (run in evaluation mode; its parameters' gradients are left as they were found).</param>
    /// <param name="output">Which output column (0 .. O-1).</param>
    /// <param name="x">One input window, row-major <c>[T, F]</c> (scaled as the model was trained).</param>
    /// <param name="baseline">The reference window x' <c>[T, F]</c>, e.g. zeros (the training mean on a standard scale).</param>
    /// <param name="timeSteps">T.</param>
    /// <param name="steps">Points of the midpoint rule, at least 1.</param>
    public static double[] Attribute(ForecastModel model, int output, ReadOnlySpan<float> x, ReadOnlySpan<float> baseline, int timeSteps, int steps = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(output, model.Outputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var stride = timeSteps * model.InputFeatures;
        if (x.Length != stride || baseline.Length != stride)
            throw new ArgumentException($"x and the baseline must be [{timeSteps}, {model.InputFeatures}] = {stride} values, got {x.Length} and {baseline.Length}");

        // inputs [steps, T, F]: x' + a_k (x - x'), a_k = (k + 1/2) / steps
        var inputs = new float[steps * stride];
        for (var k = 0; k < steps; k++)
        {
            var a = (k + 0.5f) / steps;
            for (var i = 0; i < stride; i++) inputs[(k * stride) + i] = baseline[i] + (a * (x[i] - baseline[i]));
        }

        var grad = InputGradients(model, output, inputs, steps, timeSteps);
        var attribution = new double[stride];
        for (var i = 0; i < stride; i++)
        {
            double sum = 0;
            for (var k = 0; k < steps; k++) sum += grad[(k * stride) + i];
            attribution[i] = (x[i] - baseline[i]) * sum / steps;
        }

        return attribution;
    }

    /// <summary>d f_output / d input at each of <paramref name="count"/> windows <c>[T, F]</c> (row-major, one batch), with
    /// the model in evaluation mode; its training mode and its parameters' gradients are left as they were found.</summary>
    internal static float[] InputGradients(ForecastModel model, int output, float[] inputs, int count, int timeSteps)
    {
        var parameters = model.Parameters().Select(p => p.Value).ToArray();
        var savedGrads = parameters.Select(p => p.Grad is null ? null : (float[])p.Grad.Clone()).ToArray();
        var wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            var input = Tensor<float>.FromArray(inputs, count, timeSteps, model.InputFeatures);
            input.RequiresGrad = true;
            using (var tape = new Tape())
            {
                tape.Backward(Ops.Sum(Ops.Slice(model.Forward(input), 1, output, 1)));
            }

            return input.Grad ?? throw new InvalidOperationException($"{model.Architecture}'s output does not depend on its input");
        }
        finally
        {
            for (var p = 0; p < parameters.Length; p++) parameters[p].Grad = savedGrads[p];
            if (wasTraining) model.Train();
        }
    }

    /// <summary>Attributions <c>[T, F]</c> summed over the T days: one value per feature.</summary>
    /// <param name="attribution">Row-major <c>[T, F]</c>, as <see cref="Attribute"/> returns them.</param>
    /// <param name="features">F.</param>
    public static double[] ByFeature(ReadOnlySpan<double> attribution, int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (attribution.Length % features != 0) throw new ArgumentException($"{attribution.Length} values are not rows of {features}", nameof(attribution));
        var result = new double[features];
        for (var i = 0; i < attribution.Length; i++) result[i % features] += attribution[i];
        return result;
    }
}
