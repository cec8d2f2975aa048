using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>Shared pieces of the convolutional models: the engine's Conv1d takes channels first, <c>[B, C, L]</c>.</summary>
internal static class Sequences
{
    /// <summary><c>[B, T, F]</c> to <c>[B, F, T]</c> and back.</summary>
    public static Tensor<float> SwapTimeAndChannels(Tensor<float> x) => Ops.Transpose(x, 1, 2);
}
