using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Base of the optimizers: a fixed list of parameters and a learning rate that schedules may change.</summary>
/// <typeparam name="T">Element type.</typeparam>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Takes the parameters to update (e.g. <c>model.Parameters()</c>).</summary>
    protected Optimizer(IEnumerable<NamedTensor<T>> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(learningRate);
        Parameters = parameters.Select(p => p.Value).ToArray();
        LearningRate = learningRate;
        InitialLearningRate = learningRate;
    }

    /// <summary>The current learning rate.</summary>
    public double LearningRate { get; set; }

    /// <summary>The learning rate given at construction (schedules start from it).</summary>
    public double InitialLearningRate { get; }

    /// <summary>The number of completed steps.</summary>
    public long StepCount { get; private set; }

    /// <summary>The parameters updated by <see cref="Step"/>.</summary>
    protected IReadOnlyList<Tensor<T>> Parameters { get; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Grad is { } g)
            {
                Update(i, Parameters[i].Data, g);
            }
        }
    }

    /// <summary>Zeroes every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            if (p.Grad is { } g)
            {
                Array.Clear(g);
            }
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, T[] p, T[] grad);
}

/// <summary>Adam and AdamW with PyTorch's exact update (amsgrad off).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>
/// Step t: [AdamW: p ← p(1 - lr·wd)]; [Adam with wd: g ← g + wd·p]; m ← β1 m + (1-β1) g; v ← β2 v + (1-β2) g²;
/// p ← p - (lr / (1-β1^t)) · m / (√v / √(1-β2^t) + ε). Kingma and Ba (2015); Loshchilov and Hutter (2019) for AdamW.
/// </remarks>
public sealed class Adam<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _m;
    private readonly T[][] _v;
    private readonly long[] _steps;

    /// <summary>Creates Adam (<paramref name="decoupled"/> = false, L2 added to the gradient) or AdamW (true).</summary>
    public Adam(
        IEnumerable<NamedTensor<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0.0, bool decoupled = false)
        : base(parameters, learningRate)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
        _m = Parameters.Select(p => new T[p.Length]).ToArray();
        _v = Parameters.Select(p => new T[p.Length]).ToArray();
        _steps = new long[Parameters.Count];
    }

    /// <summary>Decay rate of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator for stability.</summary>
    public double Eps { get; }

    /// <summary>Weight decay coefficient.</summary>
    public double WeightDecay { get; }

    /// <summary>True for AdamW (decay applied to the weights, not the gradient).</summary>
    public bool Decoupled { get; }

    /// <summary>Creates AdamW (PyTorch's default weight decay is 0.01).</summary>
    public static Adam<T> AdamW(IEnumerable<NamedTensor<T>> parameters, double learningRate = 1e-3, double weightDecay = 0.01)
        => new(parameters, learningRate, weightDecay: weightDecay, decoupled: true);

    /// <summary>The first-moment state (m) of parameter <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> FirstMoment(int index) => _m[index];

    /// <summary>The second-moment state (v) of parameter <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> SecondMoment(int index) => _v[index];

    /// <inheritdoc />
    protected override void Update(int index, T[] p, T[] grad)
    {
        // Per-parameter step count, as PyTorch keeps it: a parameter without a gradient on some step is not advanced.
        long t = ++_steps[index];
        T b1 = T.CreateTruncating(Beta1), b2 = T.CreateTruncating(Beta2);
        T oneMinusB1 = T.CreateTruncating(1 - Beta1), oneMinusB2 = T.CreateTruncating(1 - Beta2);
        double bc1 = 1 - Math.Pow(Beta1, t);
        double bc2 = 1 - Math.Pow(Beta2, t);
        T stepSize = T.CreateTruncating(LearningRate / bc1);
        T bc2Sqrt = T.CreateTruncating(Math.Sqrt(bc2));
        T eps = T.CreateTruncating(Eps);
        T wd = T.CreateTruncating(WeightDecay);
        T decay = T.CreateTruncating(1 - LearningRate * WeightDecay);
        T[] mi = _m[index], vi = _v[index];
        int start = 0;
        if (WeightDecay == 0 && typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            start = AdamVector(
                MemoryMarshal.Cast<T, float>(p.AsSpan()), MemoryMarshal.Cast<T, float>(grad.AsSpan()), MemoryMarshal.Cast<T, float>(mi.AsSpan()),
                MemoryMarshal.Cast<T, float>(vi.AsSpan()), float.CreateTruncating(b1), float.CreateTruncating(b2),
                float.CreateTruncating(oneMinusB1), float.CreateTruncating(oneMinusB2), float.CreateTruncating(stepSize),
                float.CreateTruncating(bc2Sqrt), float.CreateTruncating(eps));
        }

        for (int j = start; j < p.Length; j++)
        {
            T g = grad[j];
            if (WeightDecay != 0)
            {
                if (Decoupled)
                {
                    p[j] *= decay;
                }
                else
                {
                    g += wd * p[j];
                }
            }

            mi[j] = mi[j] * b1 + oneMinusB1 * g;
            vi[j] = vi[j] * b2 + oneMinusB2 * g * g;
            T denom = T.Sqrt(vi[j]) / bc2Sqrt + eps;
            p[j] -= stepSize * (mi[j] / denom);
        }
    }
    // The update without weight decay, 8 elements at a time with exactly the scalar loop's operations per element (separate
    // multiplies and adds, correctly rounded sqrt and divide), so it is bit-identical to it; returns where the scalar tail starts.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AdamVector(
        Span<float> p, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, float b1, float b2, float oneMinusB1,
        float oneMinusB2, float stepSize, float bc2Sqrt, float eps)
    {
        var vb1 = Vector256.Create(b1);
        var vb2 = Vector256.Create(b2);
        var v1b1 = Vector256.Create(oneMinusB1);
        var v1b2 = Vector256.Create(oneMinusB2);
        var vStep = Vector256.Create(stepSize);
        var vBc2 = Vector256.Create(bc2Sqrt);
        var vEps = Vector256.Create(eps);
        int j = 0;
        for (; j + 8 <= p.Length; j += 8)
        {
            var g = Vector256.Create(grad.Slice(j, 8));
            var mj = (Vector256.Create(m.Slice(j, 8)) * vb1) + (v1b1 * g);
            var vj = (Vector256.Create(v.Slice(j, 8)) * vb2) + (v1b2 * g * g);
            var denom = (Vector256.Sqrt(vj) / vBc2) + vEps;
            var pj = Vector256.Create(p.Slice(j, 8)) - (vStep * (mj / denom));
            mj.CopyTo(m.Slice(j, 8));
            vj.CopyTo(v.Slice(j, 8));
            pj.CopyTo(p.Slice(j, 8));
        }

        return j;
    }
}

/// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay (PyTorch's update).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <remarks>g ← g + wd·p; buf ← g on the first step, else momentum·buf + (1-dampening) g; d = nesterov ? g + momentum·buf : buf; p ← p - lr·d.</remarks>
public sealed class Sgd<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]?[] _buffers;

    /// <summary>Creates the optimizer.</summary>
    public Sgd(
        IEnumerable<NamedTensor<T>> parameters, double learningRate, double momentum = 0.0, double dampening = 0.0,
        bool nesterov = false, double weightDecay = 0.0)
        : base(parameters, learningRate)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and zero dampening.", nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        _buffers = new T[]?[Parameters.Count];
    }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Dampening of the momentum.</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>L2 weight decay coefficient.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    protected override void Update(int index, T[] p, T[] grad)
    {
        T lr = T.CreateTruncating(LearningRate), mu = T.CreateTruncating(Momentum);
        T damp = T.CreateTruncating(1 - Dampening), wd = T.CreateTruncating(WeightDecay);
        bool first = _buffers[index] is null;
        T[]? buf = Momentum != 0 ? _buffers[index] ??= new T[p.Length] : null;
        for (int j = 0; j < p.Length; j++)
        {
            T d = grad[j] + wd * p[j];
            if (buf is not null)
            {
                buf[j] = first ? d : mu * buf[j] + damp * d;
                d = Nesterov ? d + mu * buf[j] : buf[j];
            }

            p[j] -= lr * d;
        }
    }
}

/// <summary>Gradient clipping by the global L2 norm (PyTorch <c>clip_grad_norm_</c>).</summary>
public static class GradientClipping
{
    /// <summary>Scales all gradients by min(1, maxNorm / (norm + 1e-6)) and returns the norm before clipping.</summary>
    public static double ClipByGlobalNorm<T>(IEnumerable<NamedTensor<T>> parameters, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return ClipByGlobalNorm(parameters.Select(p => p.Value.Grad).OfType<T[]>().ToArray(), maxNorm);
    }

    /// <summary>Clips raw gradient arrays in place; returns the global norm before clipping.</summary>
    public static double ClipByGlobalNorm<T>(IReadOnlyList<T[]> gradients, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNorm);
        double sumSquares = 0;
        foreach (var g in gradients)
        {
            foreach (T x in g)
            {
                double d = double.CreateTruncating(x);
                sumSquares += d * d;
            }
        }

        double norm = Math.Sqrt(sumSquares);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1)
        {
            T c = T.CreateTruncating(coef);
            foreach (var g in gradients)
            {
                for (int i = 0; i < g.Length; i++)
                {
                    g[i] *= c;
                }
            }
        }

        return norm;
    }
}
