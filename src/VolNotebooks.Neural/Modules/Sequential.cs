using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Applies layers in order; sub-modules are named "0", "1", ... as in PyTorch.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Sequential<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILayer<T>[] _layers;

    /// <summary>Creates the chain; every layer that is a <see cref="Module{T}"/> contributes its parameters.</summary>
    public Sequential(params ILayer<T>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = (ILayer<T>[])layers.Clone();
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is Module<T> m)
            {
                RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m);
            }
        }
    }

    /// <summary>The number of layers.</summary>
    public int Count => _layers.Length;

    /// <summary>x → layer_n(...layer_1(x)).</summary>
    public Tensor<T> Forward(Tensor<T> x)
    {
        foreach (var layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }
}

/// <summary>Elementwise activation functions as layers.</summary>
public enum ActivationKind
{
    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>x if x &gt; 0 else 0.01 x.</summary>
    LeakyRelu,

    /// <summary>GELU (tanh form).</summary>
    Gelu,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>1 / (1 + exp(-x)).</summary>
    Sigmoid,

    /// <summary>log(1 + exp(x)).</summary>
    Softplus,
}

/// <summary>An activation function as a parameter-free layer.</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="kind">Which function.</param>
public sealed class Activation<T>(ActivationKind kind) : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The function applied.</summary>
    public ActivationKind Kind { get; } = kind;

    /// <summary>x (any shape) → same shape.</summary>
    public Tensor<T> Forward(Tensor<T> x) => Kind switch
    {
        ActivationKind.Relu => Ops.Relu(x),
        ActivationKind.LeakyRelu => Ops.LeakyRelu(x, T.CreateTruncating(0.01)),
        ActivationKind.Gelu => Ops.Gelu(x),
        ActivationKind.Tanh => Ops.Tanh(x),
        ActivationKind.Sigmoid => Ops.Sigmoid(x),
        ActivationKind.Softplus => Ops.Softplus(x),
        _ => throw new InvalidOperationException($"Unknown activation {Kind}."),
    };
}

/// <summary>Applies a layer and adds its input: y = x + f(x).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Residual<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILayer<T> _inner;

    /// <summary>Wraps <paramref name="inner"/>, which must preserve the shape.</summary>
    public Residual(ILayer<T> inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (inner is Module<T> m)
        {
            RegisterModule("inner", m);
        }
    }

    /// <summary>x → x + inner(x).</summary>
    public Tensor<T> Forward(Tensor<T> x) => Ops.Add(x, _inner.Forward(x));
}

/// <summary>Selects the last time step: [B, T, F] → [B, F].</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LastStep<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>x [B, T, F] → [B, F].</summary>
    public Tensor<T> Forward(Tensor<T> x) => Ops.LastStep(x);
}
