using System.Numerics;
using VolNotebooks.Neural.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace VolNotebooks.Neural;

public static partial class Ops
{
    /// <summary>y = x Wᵀ + b over the last dimension: x [..., in], weight [out, in], bias [out] or null → [..., out].</summary>
    public static Tensor<T> Linear<T>(Tensor<T> x, Tensor<T> weight, Tensor<T>? bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        int nOut = weight.Dim(0), nIn = weight.Dim(1);
        if (x.Dim(-1) != nIn)
        {
            throw new ArgumentException($"Linear: input {x.ShapeText} does not end in {nIn} (weight {weight.ShapeText}).", nameof(x));
        }

        if (bias is not null && bias.Length != nOut)
        {
            throw new ArgumentException($"Linear: bias {bias.ShapeText} must have {nOut} values (weight {weight.ShapeText}).", nameof(bias));
        }

        int rows = x.Length / nIn;
        int[] outShape = x.ShapeArray();
        outShape[^1] = nOut;
        // y[R,out] = bias + x[R,in] · Wᵀ[in,out]
        var y = Tensor<T>.Uninitialized(outShape);
        BiasedProduct(x.Data, weight.Data, bias?.Data, y.Data, rows, nOut, nIn);
        bool track = Tape.IsRecording && (x.RequiresGrad || weight.RequiresGrad || (bias?.RequiresGrad ?? false));
        if (track)
        {
            y.RequiresGrad = true;
            Tape.Record(y, () => LinearBackward(x, weight, bias, y, rows, nIn, nOut));
        }

        return y;
    }

    /// <summary>Batched matrix product over leading dimensions: a [..., M, K] · b [..., K, N] → [..., M, N]; with <paramref name="transposeB"/> b is [..., N, K].</summary>
    public static Tensor<T> BatchMatMul<T>(Tensor<T> a, Tensor<T> b, bool transposeB = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank < 2 || a.Rank != b.Rank)
        {
            throw new ArgumentException($"BatchMatMul: ranks of {a.ShapeText} and {b.ShapeText} must match and be at least 2.");
        }

        int m = a.Dim(-2), k = a.Dim(-1);
        int n = transposeB ? b.Dim(-2) : b.Dim(-1);
        int kb = transposeB ? b.Dim(-1) : b.Dim(-2);
        int batch = a.Length / Math.Max(1, m * k);
        if (kb != k || b.Length / Math.Max(1, kb * n) != batch)
        {
            throw new ArgumentException($"BatchMatMul: {a.ShapeText} and {b.ShapeText} (transposeB={transposeB}) do not conform.");
        }

        int[] outShape = a.ShapeArray();
        outShape[^1] = n;
        var y = new Tensor<T>(outShape);
        for (int i = 0; i < batch; i++)
        {
            MatMul(a.Data, i * m * k, false, b.Data, i * k * n, transposeB, y.Data, i * m * n, m, n, k, accumulate: false);
        }

        if (Tape.ShouldTrack(a, b))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                for (int i = 0; i < batch; i++)
                {
                    if (a.RequiresGrad)
                    {
                        // dA[M,K] += dY[M,N] · op(B)ᵀ
                        MatMul(y.Grad, i * m * n, false, b.Data, i * k * n, !transposeB, a.EnsureGrad(), i * m * k, m, k, n, accumulate: true);
                    }

                    if (b.RequiresGrad)
                    {
                        if (transposeB)
                        {
                            // dB[N,K] += dYᵀ[N,M] · A[M,K]
                            MatMul(y.Grad, i * m * n, true, a.Data, i * m * k, false, b.EnsureGrad(), i * k * n, n, k, m, accumulate: true);
                        }
                        else
                        {
                            // dB[K,N] += Aᵀ[K,M] · dY[M,N]
                            MatMul(a.Data, i * m * k, true, y.Grad, i * m * n, false, b.EnsureGrad(), i * k * n, k, n, m, accumulate: true);
                        }
                    }
                }
            });
        }

        return y;
    }

    /// <summary>Attention pooling Σ_t weights[b, t] · h[b, t, :]: weights [B, T], h [B, T, D] → [B, D].</summary>
    /// <remarks>Equivalent to <c>BatchMatMul(weights.Reshape(B, 1, T), h)</c>, without per-batch matrix setup.</remarks>
    public static Tensor<T> WeightedSumOverTime<T>(Tensor<T> weights, Tensor<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(h);
        if (h.Rank != 3 || weights.Rank != 2 || weights.Dim(0) != h.Dim(0) || weights.Dim(1) != h.Dim(1))
        {
            throw new ArgumentException($"WeightedSumOverTime: weights {weights.ShapeText} must be [B, T] for h {h.ShapeText} [B, T, D].");
        }

        int b = h.Dim(0), steps = h.Dim(1), d = h.Dim(2);
        var y = new Tensor<T>(b, d);
        for (int i = 0; i < b; i++)
        {
            var yi = y.Data.AsSpan(i * d, d);
            for (int t = 0; t < steps; t++)
            {
                TP.MultiplyAdd<T>(h.Data.AsSpan((i * steps + t) * d, d), weights.Data[i * steps + t], yi, yi);
            }
        }

        if (Tape.ShouldTrack(weights, h))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[]? dw = weights.RequiresGrad ? weights.EnsureGrad() : null;
                T[]? dh = h.RequiresGrad ? h.EnsureGrad() : null;
                for (int i = 0; i < b; i++)
                {
                    var dyi = y.Grad.AsSpan(i * d, d);
                    for (int t = 0; t < steps; t++)
                    {
                        int row = (i * steps + t) * d;
                        if (dw is not null)
                        {
                            // d(loss)/d(weight) = dy · h_t, added left to right: TensorPrimitives.Dot groups by the
                            // machine's vector width, and results must be the same on AVX2 and AVX-512 machines.
                            var ht = h.Data.AsSpan(row, d);
                            T dot = T.Zero;
                            for (int k = 0; k < d; k++) dot += dyi[k] * ht[k];
                            dw[i * steps + t] += dot;
                        }

                        if (dh is not null)
                        {
                            var dhr = dh.AsSpan(row, d);
                            TP.MultiplyAdd<T>(dyi, weights.Data[i * steps + t], dhr, dhr);
                        }
                    }
                }
            });
        }

        return y;
    }

    private static void LinearBackward<T>(Tensor<T> x, Tensor<T> weight, Tensor<T>? bias, Tensor<T> y, int rows, int nIn, int nOut)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Grad is null)
        {
            return;
        }

        T[] dy = y.Grad;
        if (x.RequiresGrad)
        {
            // dx[R,in] += dy[R,out] · W[out,in]
            MatMul(dy, 0, false, weight.Data, 0, false, x.EnsureGrad(), 0, rows, nIn, nOut, accumulate: true);
        }

        if (weight.RequiresGrad)
        {
            // dW[out,in] += dyᵀ[out,R] · x[R,in]
            MatMul(dy, 0, true, x.Data, 0, false, weight.EnsureGrad(), 0, nOut, nIn, rows, accumulate: true);
        }

        if (bias is not null && bias.RequiresGrad)
        {
            ColumnSums.AddTo(dy, 0, rows, nOut, nOut, bias.EnsureGrad());
        }
    }

    /// <summary>c [M, N] = bias (zeros without one) + a [M, K] · wᵀ, w [N, K]: every element one fma chain over k from
    /// its bias, as <see cref="MatMul{T}"/> computes it. The rows split over threads, each writing its rows' bias right
    /// before multiplying them (and first filling its rows of a with <paramref name="gather"/>, when given).</summary>
    internal static void BiasedProduct<T>(T[] a, T[] w, T[]? bias, T[] c, int m, int n, int k, Action<int, int>? gather = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] wT = Transpose2D(w, 0, n, k);
        Engine.ParallelRanges(m, Engine.PartsFor((long)m * n * k), 4, (r0, r1) =>
        {
            gather?.Invoke(r0, r1);
            for (int r = r0; r < r1; r++)
            {
                if (bias is null)
                {
                    Array.Clear(c, r * n, n);
                }
                else
                {
                    bias.AsSpan(0, n).CopyTo(c.AsSpan(r * n, n));
                }
            }

            Gemm.MultiplySerial(r1 - r0, n, k, a, new MatrixView(r0 * k, k, 1), wT, 0, n, c, r0 * n, n, accumulate: true);
        });
    }
}
