using VolNotebooks.Neural;

namespace VolNotebooks.Models;

/// <summary>A forecaster with attention over its input days, which keeps the weights of its last forward pass.</summary>
public interface IAttentionModel
{
    /// <summary>The attention weights <c>[B, T]</c> of the last forward pass (t = 0 the oldest input day; each row sums to 1),
    /// or <see langword="null"/> before the first.</summary>
    Tensor<float>? LastAttention { get; }
}
