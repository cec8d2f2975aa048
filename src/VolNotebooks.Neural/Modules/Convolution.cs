using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>How a <see cref="Conv1d{T}"/> pads its input.</summary>
public enum Padding
{
    /// <summary>No padding: L_out = ⌊(L - dilation·(K-1) - 1)/stride⌋ + 1.</summary>
    Valid,

    /// <summary>Pads dilation·(K-1) zeros in total, the smaller half on the left (PyTorch padding='same'); stride 1 keeps L.</summary>
    Same,
}

/// <summary>1-D convolution (PyTorch <c>nn.Conv1d</c>, the same weights): <see cref="Forward"/> takes channels first, x [B, C_in, L] →
/// [B, C_out, L_out]; <see cref="ForwardChannelsLast"/> a batch-first sequence, x [B, L, C_in] → [B, L_out, C_out].</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Conv1d<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer with PyTorch's default initialization, U(-1/√(C_in·K), 1/√(C_in·K)).</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, RandomSource rng, int stride = 1, Padding padding = Padding.Valid, int dilation = 1, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        if (padding == Padding.Same && stride != 1)
        {
            throw new ArgumentException("Padding.Same supports stride 1 only (as in PyTorch).", nameof(padding));
        }

        Stride = stride;
        Dilation = dilation;
        int total = padding == Padding.Same ? dilation * (kernelSize - 1) : 0;
        PadLeft = total / 2;
        PadRight = total - PadLeft;
        Weight = RegisterParameter("weight", new Tensor<T>(outChannels, inChannels, kernelSize));
        Init.KaimingUniform(Weight, inChannels * kernelSize, rng);
        if (bias)
        {
            Bias = RegisterParameter("bias", new Tensor<T>(outChannels));
            Init.KaimingUniform(Bias, inChannels * kernelSize, rng);
        }
    }

    /// <summary>Weight [C_out, C_in, K].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Bias [C_out], or null.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>Step between output positions.</summary>
    public int Stride { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>Zeros added before the sequence.</summary>
    public int PadLeft { get; }

    /// <summary>Zeros added after the sequence.</summary>
    public int PadRight { get; }

    /// <summary>x [B, C_in, L] → [B, C_out, L_out].</summary>
    public Tensor<T> Forward(Tensor<T> x) => Ops.Conv1d(x, Weight, Bias, Stride, PadLeft, PadRight, Dilation);

    /// <summary>A batch-first sequence with channels last (Keras' layout): x [B, L, C_in] → [B, L_out, C_out], bit for bit
    /// <see cref="Forward"/> of the transposed input, transposed back, and faster (no layout copies).</summary>
    public Tensor<T> ForwardChannelsLast(Tensor<T> x) => Ops.Conv1dChannelsLast(x, Weight, Bias, Stride, PadLeft, PadRight, Dilation);
}

/// <summary>Max pooling along the last axis: [B, C, L] → [B, C, ⌊(L - k)/stride⌋ + 1] (PyTorch <c>nn.MaxPool1d</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="kernelSize">Window length.</param>
/// <param name="stride">Step (0 = kernel size).</param>
public sealed class MaxPool1d<T>(int kernelSize, int stride = 0) : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>x [B, C, L] → [B, C, L_out].</summary>
    public Tensor<T> Forward(Tensor<T> x) => Ops.MaxPool1d(x, kernelSize, stride);

    /// <summary>Along the time axis of a batch-first sequence with channels last: x [B, L, C] → [B, L_out, C].</summary>
    public Tensor<T> ForwardChannelsLast(Tensor<T> x) => Ops.MaxPool1dChannelsLast(x, kernelSize, stride);
}

/// <summary>Average pooling along the last axis: [B, C, L] → [B, C, ⌊(L - k)/stride⌋ + 1] (PyTorch <c>nn.AvgPool1d</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="kernelSize">Window length.</param>
/// <param name="stride">Step (0 = kernel size).</param>
public sealed class AvgPool1d<T>(int kernelSize, int stride = 0) : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>x [B, C, L] → [B, C, L_out].</summary>
    public Tensor<T> Forward(Tensor<T> x) => Ops.AvgPool1d(x, kernelSize, stride);
}

/// <summary>Global pooling over time of a batch-first sequence: [B, T, F] → [B, F] (Keras <c>GlobalAveragePooling1D</c>/<c>GlobalMaxPooling1D</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="max">True for the maximum, false for the mean.</param>
public sealed class GlobalPool1d<T>(bool max) : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether this takes the maximum (else the mean).</summary>
    public bool IsMax { get; } = max;

    /// <summary>x [B, T, F] → [B, F].</summary>
    public Tensor<T> Forward(Tensor<T> x) => IsMax ? Ops.MaxAxis(x, 1) : Ops.MeanAxis(x, 1);
}
