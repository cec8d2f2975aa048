using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>A named parameter or buffer of a module, with its hierarchical name (e.g. <c>lstm.l0.w_ih</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="Name">Dot-separated path from the root module.</param>
/// <param name="Value">The tensor itself (not a copy).</param>
public readonly record struct NamedTensor<T>(string Name, Tensor<T> Value)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>A layer that maps one tensor to one tensor, so it can be chained in a <see cref="Sequential{T}"/>.</summary>
/// <typeparam name="T">Element type.</typeparam>
public interface ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Applies the layer.</summary>
    Tensor<T> Forward(Tensor<T> x);
}

/// <summary>Base class of every layer and model: owns parameters, buffers and sub-modules, and a train/eval mode.</summary>
/// <typeparam name="T">Element type.</typeparam>
public abstract class Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<NamedTensor<T>> _parameters = [];
    private readonly List<NamedTensor<T>> _buffers = [];
    private readonly List<(string Name, Module<T> Module)> _children = [];

    /// <summary>Whether the module is in training mode (dropout active, batch statistics used); true after construction.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>The total number of trainable scalars.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Value.Length);

    /// <summary>All trainable parameters, this module's first, then each sub-module's in registration order.</summary>
    public IEnumerable<NamedTensor<T>> Parameters() => Collect(m => m._parameters, string.Empty);

    /// <summary>All non-trainable state (e.g. BatchNorm running statistics), named like <see cref="Parameters"/>.</summary>
    public IEnumerable<NamedTensor<T>> Buffers() => Collect(m => m._buffers, string.Empty);

    /// <summary>Parameters followed by buffers: everything a checkpoint must hold.</summary>
    public IEnumerable<NamedTensor<T>> StateEntries() => Parameters().Concat(Buffers());

    /// <summary>Switches this module and all sub-modules to training mode.</summary>
    public void Train() => SetMode(true);

    /// <summary>Switches this module and all sub-modules to evaluation mode.</summary>
    public void Eval() => SetMode(false);

    /// <summary>Sets every parameter gradient to zero (buffers are kept and cleared, not reallocated).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            if (p.Value.Grad is { } g)
            {
                Array.Clear(g);
            }
        }
    }

    /// <summary>Registers a trainable parameter under <paramref name="name"/> and marks it as requiring gradients.</summary>
    protected Tensor<T> RegisterParameter(string name, Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.RequiresGrad = true;
        _parameters.Add(new NamedTensor<T>(name, value));
        return value;
    }

    /// <summary>Registers non-trainable state under <paramref name="name"/>.</summary>
    protected Tensor<T> RegisterBuffer(string name, Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _buffers.Add(new NamedTensor<T>(name, value));
        return value;
    }

    /// <summary>Registers a sub-module under <paramref name="name"/>; its entries are prefixed with <c>name.</c>.</summary>
    protected TModule RegisterModule<TModule>(string name, TModule module)
        where TModule : Module<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        _children.Add((name, module));
        return module;
    }

    /// <summary>Called when the mode changes, after <see cref="IsTraining"/> is updated.</summary>
    protected virtual void OnModeChanged()
    {
    }

    private void SetMode(bool training)
    {
        IsTraining = training;
        OnModeChanged();
        foreach (var (_, child) in _children)
        {
            child.SetMode(training);
        }
    }

    private IEnumerable<NamedTensor<T>> Collect(Func<Module<T>, List<NamedTensor<T>>> select, string prefix)
    {
        foreach (var entry in select(this))
        {
            yield return entry with { Name = prefix + entry.Name };
        }

        foreach (var (name, child) in _children)
        {
            foreach (var entry in child.Collect(select, prefix + name + "."))
            {
                yield return entry;
            }
        }
    }
}
