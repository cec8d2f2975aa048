using System.Numerics;
using VolNotebooks.Neural.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace VolNotebooks.Neural;

public static partial class Ops
{
    /// <summary>1-D cross-correlation (PyTorch <c>conv1d</c>): x [B, C_in, L], weight [C_out, C_in, K], bias [C_out] → [B, C_out, L_out].</summary>
    /// <remarks>
    /// y[b, o, t] = bias[o] + Σ_c Σ_k weight[o, c, k] · x[b, c, t·stride + k·dilation - padLeft] (zero outside [0, L)).
    /// L_out = ⌊(L + padLeft + padRight - dilation·(K-1) - 1) / stride⌋ + 1. Computed as im2col followed by one matrix multiply.
    /// </remarks>
    public static Tensor<T> Conv1d<T>(Tensor<T> x, Tensor<T> weight, Tensor<T>? bias, int stride = 1, int padLeft = 0, int padRight = 0, int dilation = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dilation);
        if (x.Rank != 3 || weight.Rank != 3 || weight.Dim(1) != x.Dim(1))
        {
            throw new ArgumentException($"Conv1d: input {x.ShapeText} must be [B, C_in, L] with C_in = weight {weight.ShapeText}[1].");
        }

        int b = x.Dim(0), cin = x.Dim(1), len = x.Dim(2), cout = weight.Dim(0), k = weight.Dim(2);
        int lout = (len + padLeft + padRight - dilation * (k - 1) - 1) / stride + 1;
        if (lout <= 0)
        {
            throw new ArgumentException($"Conv1d: input length {len} is too short for kernel {k}, dilation {dilation}.", nameof(x));
        }

        int ck = cin * k, rows = b * lout;
        var geometry = new ConvGeometry(b, cin, len, cout, k, lout, stride, padLeft, dilation);
        T[] cols = Im2Col(x.Data, geometry, BufferPool<T>.Rent(rows * ck));

        // yRows [B*L_out, C_out] = cols [B*L_out, C_in*K] · Wᵀ [C_in*K, C_out] + bias (the bias rows overwrite every element)
        T[] yRows = bias is null ? BufferPool<T>.RentCleared(rows * cout) : BufferPool<T>.Rent(rows * cout);
        if (bias is not null)
        {
            for (int r = 0; r < rows; r++)
            {
                bias.Data.CopyTo(yRows, r * cout);
            }
        }

        MatMul(cols, 0, false, weight.Data, 0, true, yRows, 0, rows, cout, ck, accumulate: true);
        var y = new Tensor<T>(ChannelsFirst(yRows, b, lout, cout), b, cout, lout);
        BufferPool<T>.Return(yRows);

        bool track = Tape.IsRecording && (x.RequiresGrad || weight.RequiresGrad || (bias?.RequiresGrad ?? false));
        if (track)
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dyRows = ChannelsLast(y.Grad, b, cout, lout, BufferPool<T>.Rent(y.Length));
                if (weight.RequiresGrad)
                {
                    // dW [C_out, C_in*K] += dyᵀ [C_out, B*L_out] · cols [B*L_out, C_in*K]. dyᵀ's row o is channel o of every
                    // sample, contiguous runs of y.Grad: copied so, the product reads its A operand by rows, several times
                    // faster than the transposed read, with the same multiply-add chain per element (the same bits).
                    T[] dyT = BufferPool<T>.Rent(y.Length);
                    for (int i = 0; i < b; i++)
                    {
                        for (int o = 0; o < cout; o++)
                        {
                            y.Grad.AsSpan(((i * cout) + o) * lout, lout).CopyTo(dyT.AsSpan((o * rows) + (i * lout), lout));
                        }
                    }

                    MatMul(dyT, 0, false, cols, 0, false, weight.EnsureGrad(), 0, cout, ck, rows, accumulate: true);
                    BufferPool<T>.Return(dyT);
                }

                if (bias is not null && bias.RequiresGrad)
                {
                    T[] db = bias.EnsureGrad();
                    for (int r = 0; r < rows; r++)
                    {
                        TP.Add<T>(db, dyRows.AsSpan(r * cout, cout), db);
                    }
                }

                if (x.RequiresGrad)
                {
                    // dcols [B*L_out, C_in*K] = dyRows [B*L_out, C_out] · W [C_out, C_in*K]
                    T[] dcols = BufferPool<T>.Rent(rows * ck);
                    MatMul(dyRows, 0, false, weight.Data, 0, false, dcols, 0, rows, ck, cout, accumulate: false);
                    Col2ImAdd(dcols, x.EnsureGrad(), geometry);
                    BufferPool<T>.Return(dcols);
                }

                BufferPool<T>.Return(dyRows, cols);
            });
        }
        else
        {
            BufferPool<T>.Return(cols);
        }

        return y;
    }

    /// <summary>Max over windows along the last axis: x [B, C, L] → [B, C, ⌊(L - k)/stride⌋ + 1]; ties take the first index.</summary>
    public static Tensor<T> MaxPool1d<T>(Tensor<T> x, int kernel, int stride = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Pool1d(x, kernel, stride <= 0 ? kernel : stride, max: true);

    /// <summary>Mean over windows along the last axis: x [B, C, L] → [B, C, ⌊(L - k)/stride⌋ + 1].</summary>
    public static Tensor<T> AvgPool1d<T>(Tensor<T> x, int kernel, int stride = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Pool1d(x, kernel, stride <= 0 ? kernel : stride, max: false);

    /// <summary>Sums over one axis, removing it: e.g. [B, T, F] with axis 1 → [B, F].</summary>
    public static Tensor<T> SumAxis<T>(Tensor<T> x, int axis)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ax = x.NormalizeAxis(axis);
        int size = x.Dim(ax), outer = 1;
        for (int d = 0; d < ax; d++)
        {
            outer *= x.Dim(d);
        }

        int inner = x.Length / Math.Max(1, outer * size);
        int[] shape = x.ShapeArray().Where((_, i) => i != ax).ToArray();
        var y = new Tensor<T>(shape);
        for (int o = 0; o < outer; o++)
        {
            var dst = y.Data.AsSpan(o * inner, inner);
            for (int s = 0; s < size; s++)
            {
                TP.Add<T>(dst, x.Data.AsSpan((o * size + s) * inner, inner), dst);
            }
        }

        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dx = x.EnsureGrad();
                for (int o = 0; o < outer; o++)
                {
                    for (int s = 0; s < size; s++)
                    {
                        var d = dx.AsSpan((o * size + s) * inner, inner);
                        TP.Add<T>(d, y.Grad.AsSpan(o * inner, inner), d);
                    }
                }
            });
        }

        return y;
    }

    /// <summary>Mean over one axis, removing it.</summary>
    public static Tensor<T> MeanAxis<T>(Tensor<T> x, int axis)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Scale(SumAxis(x, axis), T.One / T.CreateTruncating(x.Dim(axis)));

    /// <summary>Maximum over one axis, removing it (the gradient goes to the first maximal element).</summary>
    public static Tensor<T> MaxAxis<T>(Tensor<T> x, int axis)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ax = x.NormalizeAxis(axis);
        int size = x.Dim(ax), outer = 1;
        for (int d = 0; d < ax; d++)
        {
            outer *= x.Dim(d);
        }

        int inner = x.Length / Math.Max(1, outer * size);
        var y = new Tensor<T>(x.ShapeArray().Where((_, i) => i != ax).ToArray());
        int[] argmax = BufferPool<int>.Rent(y.Length);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int best = (o * size) * inner + i;
                for (int s = 1; s < size; s++)
                {
                    int idx = (o * size + s) * inner + i;
                    if (x.Data[idx] > x.Data[best])
                    {
                        best = idx;
                    }
                }

                argmax[o * inner + i] = best;
                y.Data[o * inner + i] = x.Data[best];
            }
        }

        RecordGather(x, y, argmax);
        return y;
    }

    private static Tensor<T> Pool1d<T>(Tensor<T> x, int kernel, int stride, bool max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        if (x.Rank != 3 || x.Dim(2) < kernel)
        {
            throw new ArgumentException($"Pooling expects [B, C, L] with L ≥ {kernel}, got {x.ShapeText}.", nameof(x));
        }

        int rows = x.Dim(0) * x.Dim(1), len = x.Dim(2);
        int lout = (len - kernel) / stride + 1;
        if (max)
        {
            // Every output is written below, so the array needs no clearing; rows are independent, so they split.
            var y = Tensor<T>.Uninitialized([x.Dim(0), x.Dim(1), lout]);
            int[] argmax = BufferPool<int>.Rent(y.Length);
            T[] xd = x.Data, yd = y.Data;
            Engine.ParallelRanges(rows, Engine.PartsFor(CopyWork * (long)rows * lout * kernel), 1, (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    for (int j = 0; j < lout; j++)
                    {
                        int start = r * len + j * stride;
                        int best = start;
                        T bestValue = xd[start];
                        for (int idx = start + 1; idx < start + kernel; idx++)
                        {
                            if (xd[idx] > bestValue)
                            {
                                best = idx;
                                bestValue = xd[idx];
                            }
                        }

                        argmax[r * lout + j] = best;
                        yd[r * lout + j] = bestValue;
                    }
                }
            });

            RecordGather(x, y, argmax);
            return y;
        }

        return AveragePool(x, kernel, stride, rows, len, lout);
    }

    private static Tensor<T> AveragePool<T>(Tensor<T> x, int kernel, int stride, int rows, int len, int lout)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new Tensor<T>(x.Dim(0), x.Dim(1), lout);
        T inv = T.One / T.CreateTruncating(kernel);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < lout; j++)
            {
                T acc = T.Zero;
                for (int k = 0; k < kernel; k++)
                {
                    acc += x.Data[r * len + j * stride + k];
                }

                y.Data[r * lout + j] = acc * inv;
            }
        }

        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                T[] dx = x.EnsureGrad();
                for (int r = 0; r < rows; r++)
                {
                    for (int j = 0; j < lout; j++)
                    {
                        T g = y.Grad[r * lout + j] * inv;
                        for (int k = 0; k < kernel; k++)
                        {
                            dx[r * len + j * stride + k] += g;
                        }
                    }
                }
            });
        }

        return y;
    }

    // y[i] = x[source[i]]; backward scatters dy back to the chosen elements. Takes ownership of the pooled source array.
    private static void RecordGather<T>(Tensor<T> x, Tensor<T> y, int[] source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Tape.ShouldTrack(x))
        {
            BufferPool<int>.Return(source);
            return;
        }

        y.RequiresGrad = true;
        Tape.Record(y, () =>
        {
            if (y.Grad is null)
            {
                return;
            }

            T[] dx = x.EnsureGrad();
            for (int i = 0; i < y.Length; i++)
            {
                dx[source[i]] += y.Grad[i];
            }

            BufferPool<int>.Return(source);
        });
    }

    private readonly record struct ConvGeometry(int B, int Cin, int L, int Cout, int K, int Lout, int Stride, int PadLeft, int Dilation);

    // cols[(b, t), (c, k)] = x[b, c, t·stride + k·dilation - padLeft], zero outside [0, L); every element of cols is written.
    /// <summary>What copying one element counts as against <see cref="Engine.PartsFor"/>'s multiply-adds: a strided copy
    /// costs a few of them.</summary>
    private const long CopyWork = 4;

    private static T[] Im2Col<T>(T[] x, ConvGeometry g, T[] cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ck = g.Cin * g.K;
        // Samples are independent copies: split over the batch when the copying pays for the hand-off.
        Engine.ParallelRanges(g.B, Engine.PartsFor(CopyWork * g.B * g.Lout * ck), 1, (b0, b1) =>
        {
            for (int b = b0; b < b1; b++)
            {
                for (int t = 0; t < g.Lout; t++)
                {
                    int row = (b * g.Lout + t) * ck;
                    for (int c = 0; c < g.Cin; c++)
                    {
                        int src = (b * g.Cin + c) * g.L;
                        for (int k = 0; k < g.K; k++)
                        {
                            int pos = t * g.Stride + k * g.Dilation - g.PadLeft;
                            cols[row + c * g.K + k] = (uint)pos < (uint)g.L ? x[src + pos] : T.Zero;
                        }
                    }
                }
            }
        });

        return cols;
    }

    private static void Col2ImAdd<T>(T[] dcols, T[] dx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ck = g.Cin * g.K;
        // A sample's input gradient gathers only its own rows, in the same order whichever thread runs it.
        Engine.ParallelRanges(g.B, Engine.PartsFor(CopyWork * g.B * g.Lout * ck), 1, (b0, b1) =>
        {
            for (int b = b0; b < b1; b++)
            {
                for (int t = 0; t < g.Lout; t++)
                {
                    int row = (b * g.Lout + t) * ck;
                    for (int c = 0; c < g.Cin; c++)
                    {
                        int dst = (b * g.Cin + c) * g.L;
                        for (int k = 0; k < g.K; k++)
                        {
                            int pos = t * g.Stride + k * g.Dilation - g.PadLeft;
                            if ((uint)pos < (uint)g.L)
                            {
                                dx[dst + pos] += dcols[row + c * g.K + k];
                            }
                        }
                    }
                }
            }
        });
    }

    // [B*L, C] rows → [B, C, L]
    private static T[] ChannelsFirst<T>(T[] rows, int b, int len, int c)
    {
        var y = GC.AllocateUninitializedArray<T>(rows.Length);
        Engine.ParallelRanges(b, Engine.PartsFor(CopyWork * rows.Length), 1, (i0, i1) =>
        {
            for (int i = i0; i < i1; i++)
            {
                for (int t = 0; t < len; t++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        y[(i * c + ch) * len + t] = rows[(i * len + t) * c + ch];
                    }
                }
            }
        });

        return y;
    }

    // [B, C, L] → [B*L, C] rows, into y
    private static T[] ChannelsLast<T>(T[] x, int b, int c, int len, T[] y)
    {
        Engine.ParallelRanges(b, Engine.PartsFor(CopyWork * b * c * len), 1, (i0, i1) =>
        {
            for (int i = i0; i < i1; i++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    for (int t = 0; t < len; t++)
                    {
                        y[(i * len + t) * c + ch] = x[(i * c + ch) * len + t];
                    }
                }
            }
        });

        return y;
    }
}
