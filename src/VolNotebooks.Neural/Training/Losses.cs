using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Regression losses reduced by the mean over all elements; each returns a one-element tensor.</summary>
/// <remarks>Prediction and target must have the same shape. Gradients flow to the prediction (and, where noted, to other inputs).</remarks>
public static class Losses
{
    /// <summary>Mean squared error: mean((ŷ - y)²).</summary>
    public static Tensor<T> Mse<T>(Tensor<T> prediction, Tensor<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Elementwise(prediction, target, static (p, y) =>
        {
            T d = p - y;
            return (d * d, (d + d));
        });

    /// <summary>Mean absolute error: mean(|ŷ - y|); the gradient at a tie is 0 (as PyTorch's sign).</summary>
    public static Tensor<T> Mae<T>(Tensor<T> prediction, Tensor<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Elementwise(prediction, target, static (p, y) =>
        {
            T d = p - y;
            return (T.Abs(d), d > T.Zero ? T.One : d < T.Zero ? -T.One : T.Zero);
        });

    /// <summary>Huber loss: 0.5 d² where |d| &lt; δ, else δ(|d| - 0.5 δ), with d = ŷ - y (PyTorch <c>HuberLoss</c>).</summary>
    public static Tensor<T> Huber<T>(Tensor<T> prediction, Tensor<T> target, double delta = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(delta);
        T dl = T.CreateTruncating(delta);
        T half = T.CreateTruncating(0.5);
        return Elementwise(prediction, target, (p, y) =>
        {
            T d = p - y;
            return T.Abs(d) < dl
                ? (half * d * d, d)
                : (dl * (T.Abs(d) - half * dl), d > T.Zero ? dl : -dl);
        });
    }

    /// <summary>QLIKE for variances: mean(y/ŷ - log(y/ŷ) - 1); ŷ must be strictly positive.</summary>
    /// <exception cref="ArgumentException">A predicted variance is zero, negative or not finite (the message names its index).</exception>
    public static Tensor<T> Qlike<T>(Tensor<T> predictedVariance, Tensor<T> targetVariance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(predictedVariance);
        for (int i = 0; i < predictedVariance.Length; i++)
        {
            T p = predictedVariance.Data[i];
            if (!(p > T.Zero) || !T.IsFinite(p))
            {
                throw new ArgumentException(
                    $"QLIKE needs strictly positive predicted variances; element {i} is {p}. " +
                    "Map the network output through Softplus or Exp before this loss.",
                    nameof(predictedVariance));
            }
        }

        return Elementwise(predictedVariance, targetVariance, static (p, y) =>
        {
            T ratio = y / p;
            return (ratio - T.Log(ratio) - T.One, (p - y) / (p * p));
        });
    }

    /// <summary>Pinball (quantile) loss at level τ: mean(max(τ(y - q), (τ - 1)(y - q))); at a tie the gradient is split as in PyTorch's maximum.</summary>
    public static Tensor<T> Pinball<T>(Tensor<T> quantile, Tensor<T> target, double tau)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(tau > 0 && tau < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "The quantile level must be in (0, 1).");
        }

        T t = T.CreateTruncating(tau);
        T tieGrad = T.CreateTruncating(0.5 - tau);
        return Elementwise(quantile, target, (q, y) =>
        {
            T d = y - q;
            T a = t * d, b = (t - T.One) * d;
            T grad = a > b ? -t : a < b ? T.One - t : tieGrad;
            return (T.Max(a, b), grad);
        });
    }

    /// <summary>Gaussian negative log-likelihood: mean(0.5 (log σ² + (y - μ)² / σ²)), σ² clamped below at eps (PyTorch <c>GaussianNLLLoss</c>, full=False).</summary>
    public static Tensor<T> GaussianNll<T>(Tensor<T> mean, Tensor<T> variance, Tensor<T> target, double eps = 1e-6)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Ops.RequireSameShape(mean, target, nameof(GaussianNll));
        Ops.RequireSameShape(variance, target, nameof(GaussianNll));
        int n = mean.Length;
        T half = T.CreateTruncating(0.5), e = T.CreateTruncating(eps), invN = T.One / T.CreateTruncating(n);
        var dMean = new T[n];
        var dVar = new T[n];
        T total = T.Zero;
        for (int i = 0; i < n; i++)
        {
            T v = T.Max(variance.Data[i], e);
            T d = target.Data[i] - mean.Data[i];
            total += half * (T.Log(v) + d * d / v);
            dMean[i] = -d / v * invN;
            dVar[i] = half * (T.One / v - d * d / (v * v)) * invN;
        }

        var loss = Tensor<T>.Scalar(total * invN);
        if (Tape.IsRecording && (mean.RequiresGrad || variance.RequiresGrad))
        {
            loss.RequiresGrad = true;
            Tape.Record(loss, () =>
            {
                if (loss.Grad is null)
                {
                    return;
                }

                T g = loss.Grad[0];
                Accumulate(mean, dMean, g);
                Accumulate(variance, dVar, g);
            });
        }

        return loss;
    }

    /// <summary>Σ wᵢ · lossᵢ, e.g. 0.7 · MSE + 0.3 · pinball.</summary>
    public static Tensor<T> WeightedSum<T>(params (double Weight, Tensor<T> Loss)[] terms)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Length == 0)
        {
            throw new ArgumentException("At least one term is needed.", nameof(terms));
        }

        Tensor<T> sum = Ops.Scale(terms[0].Loss, T.CreateTruncating(terms[0].Weight));
        for (int i = 1; i < terms.Length; i++)
        {
            sum = Ops.Add(sum, Ops.Scale(terms[i].Loss, T.CreateTruncating(terms[i].Weight)));
        }

        return sum;
    }

    // loss = (1/N) Σ f(p, y); df/dp comes from the same callback.
    private static Tensor<T> Elementwise<T>(Tensor<T> prediction, Tensor<T> target, Func<T, T, (T Value, T Grad)> f)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Ops.RequireSameShape(prediction, target, "loss");
        int n = prediction.Length;
        T invN = T.One / T.CreateTruncating(n);
        var grad = new T[n];
        T total = T.Zero;
        for (int i = 0; i < n; i++)
        {
            var (value, g) = f(prediction.Data[i], target.Data[i]);
            total += value;
            grad[i] = g * invN;
        }

        var loss = Tensor<T>.Scalar(total * invN);
        if (Tape.ShouldTrack(prediction))
        {
            loss.RequiresGrad = true;
            Tape.Record(loss, () =>
            {
                if (loss.Grad is not null)
                {
                    Accumulate(prediction, grad, loss.Grad[0]);
                }
            });
        }

        return loss;
    }

    private static void Accumulate<T>(Tensor<T> x, T[] localGrad, T upstream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!x.RequiresGrad)
        {
            return;
        }

        T[] dx = x.EnsureGrad();
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] += upstream * localGrad[i];
        }
    }
}
