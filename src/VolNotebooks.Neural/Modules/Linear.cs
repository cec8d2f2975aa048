using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Fully connected layer y = x Wᵀ + b over the last dimension (PyTorch <c>nn.Linear</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Linear<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer with PyTorch's default initialization, U(-1/√in, 1/√in) for weight and bias.</summary>
    public Linear(int inFeatures, int outFeatures, RandomSource rng, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", new Tensor<T>(outFeatures, inFeatures));
        Init.KaimingUniform(Weight, inFeatures, rng);
        if (bias)
        {
            Bias = RegisterParameter("bias", new Tensor<T>(outFeatures));
            Init.KaimingUniform(Bias, inFeatures, rng);
        }
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight [out, in].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>x [..., in] → [..., out].</summary>
    public Tensor<T> Forward(Tensor<T> x) => Ops.Linear(x, Weight, Bias);
}
