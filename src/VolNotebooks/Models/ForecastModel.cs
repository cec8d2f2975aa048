using VolNotebooks.Datasets;
using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>A sequence forecaster: inputs <c>[B, T, F]</c> (B = batch, T = time, F = features) to <c>[B, O]</c>, one value per
/// output head (O = <see cref="Outputs"/>, 1 for all but the two-headed volatility/VaR model).</summary>
/// <remarks>Every research model derives from it, so one trainer, checkpoint format and evaluation serve them all.</remarks>
public abstract class ForecastModel : Module<float>
{
    /// <summary>The architecture's class name, as <c>volnb train --model</c> takes it (e.g. <c>LSTMVol</c>).</summary>
    public abstract string Architecture { get; }

    /// <summary>F, the number of input features per time step.</summary>
    public abstract int InputFeatures { get; }

    /// <summary>O, the number of outputs per sample (heads).</summary>
    public virtual int Outputs => 1;

    /// <summary>Maps inputs <c>[B, T, F]</c> to forecasts <c>[B, O]</c>, recording on the current tape if any.</summary>
    /// <param name="x">Inputs <c>[B, T, F]</c>.</param>
    public abstract Tensor<float> Forward(Tensor<float> x);

    /// <summary>Forecasts <c>[N, O]</c> (row-major) for every sample of <paramref name="data"/>, in evaluation mode, in
    /// batches, without recording; T comes with the data.</summary>
    /// <param name="data">Samples <c>[N, T, F]</c> (their targets are not read).</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    public float[] Predict(SequenceData data, int batchSize = 512)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Features != InputFeatures)
            throw new ArgumentException($"the data have {data.Features} features per step; {Architecture} was built for {InputFeatures}", nameof(data));
        return Predict(data.Inputs, data.TimeSteps, batchSize);
    }

    /// <summary>Forecasts <c>[N, O]</c> (row-major) for every sample of raw row-major inputs <c>[N, T, F]</c>, in evaluation
    /// mode, in batches, without recording.</summary>
    /// <param name="inputs">Row-major inputs <c>[N, T, F]</c>.</param>
    /// <param name="timeSteps">T.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    public float[] Predict(ReadOnlySpan<float> inputs, int timeSteps, int batchSize = 512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSteps, 1);
        var stride = timeSteps * InputFeatures;
        if (inputs.Length % stride != 0)
            throw new ArgumentException($"{inputs.Length} inputs do not form samples of [{timeSteps}, {InputFeatures}]", nameof(inputs));
        var count = inputs.Length / stride;
        var result = new float[count * Outputs];
        var wasTraining = IsTraining;
        Eval();
        try
        {
            for (var start = 0; start < count; start += batchSize)
            {
                var size = Math.Min(batchSize, count - start);
                var x = Tensor<float>.FromArray(inputs.Slice(start * stride, size * stride), size, timeSteps, InputFeatures);
                Forward(x).Data.AsSpan(0, size * Outputs).CopyTo(result.AsSpan(start * Outputs));
            }
        }
        finally
        {
            if (wasTraining) Train();
        }

        return result;
    }
}
