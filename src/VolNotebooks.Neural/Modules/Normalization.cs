using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Layer normalization over the last dimension with learnable weight and bias (PyTorch <c>nn.LayerNorm</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LayerNorm<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer for width <paramref name="size"/>; weight starts at 1, bias at 0.</summary>
    public LayerNorm(int size, double eps = 1e-5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Eps = eps;
        Weight = RegisterParameter("weight", Tensor<T>.Full(T.One, size));
        Bias = RegisterParameter("bias", new Tensor<T>(size));
    }

    /// <summary>Added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Scale [D].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Shift [D].</summary>
    public Tensor<T> Bias { get; }

    /// <summary>x [..., D] → same shape.</summary>
    public Tensor<T> Forward(Tensor<T> x) => Ops.LayerNorm(x, Weight, Bias, Eps);
}

/// <summary>Batch normalization for [N, C] or [N, C, L] input with running statistics (PyTorch <c>nn.BatchNorm1d</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class BatchNorm1d<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer for <paramref name="channels"/> channels; running mean 0, running variance 1.</summary>
    public BatchNorm1d(int channels, double eps = 1e-5, double momentum = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        Eps = eps;
        Momentum = momentum;
        Weight = RegisterParameter("weight", Tensor<T>.Full(T.One, channels));
        Bias = RegisterParameter("bias", new Tensor<T>(channels));
        RunningMean = RegisterBuffer("running_mean", new Tensor<T>(channels));
        RunningVar = RegisterBuffer("running_var", Tensor<T>.Full(T.One, channels));
    }

    /// <summary>Added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Weight of the new batch statistic in the running average.</summary>
    public double Momentum { get; }

    /// <summary>Scale [C].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Shift [C].</summary>
    public Tensor<T> Bias { get; }

    /// <summary>Running mean [C] (used in eval mode).</summary>
    public Tensor<T> RunningMean { get; }

    /// <summary>Running unbiased variance [C] (used in eval mode).</summary>
    public Tensor<T> RunningVar { get; }

    /// <summary>x [N, C] or [N, C, L] → same shape.</summary>
    public Tensor<T> Forward(Tensor<T> x) => Ops.BatchNorm(x, Weight, Bias, RunningMean, RunningVar, IsTraining, Momentum, Eps);

    /// <summary>A batch-first sequence with channels last: x [N, L, C] → same shape, bit for bit <see cref="Forward"/> of
    /// the transposed input, transposed back.</summary>
    public Tensor<T> ForwardChannelsLast(Tensor<T> x) =>
        Ops.BatchNormChannelsLast(x, Weight, Bias, RunningMean, RunningVar, IsTraining, Momentum, Eps);
}
