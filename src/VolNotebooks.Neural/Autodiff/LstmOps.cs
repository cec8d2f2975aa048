using System.Numerics;
using VolNotebooks.Neural.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace VolNotebooks.Neural;

public static partial class Ops
{
    /// <summary>One fused LSTM layer in one direction over a whole batch-first sequence, with a hand-written backward through time.</summary>
    /// <param name="x">Input [B, T, F].</param>
    /// <param name="wIh">Input weights [4H, F], gate blocks i, f, g, o.</param>
    /// <param name="wHh">Recurrent weights [4H, H].</param>
    /// <param name="bIh">Input bias [4H].</param>
    /// <param name="bHh">Recurrent bias [4H].</param>
    /// <param name="h0">Initial hidden state [B, H], or null for zeros.</param>
    /// <param name="c0">Initial cell state [B, H], or null for zeros.</param>
    /// <param name="reverse">Run from t = T-1 down to 0 (outputs stay at their time index).</param>
    /// <param name="recurrentMask">Recurrent dropout mask [B, H] (entries 0 or 1/(1-p)), one per sequence and the same at
    /// every step, multiplied into h_(t-1) before it enters the recurrence (Keras <c>recurrent_dropout</c>); null for none.
    /// It is a constant: no gradient flows to it.</param>
    /// <returns>Output [B, T, H] (h_t for every t), final hidden state [B, H] and final cell state [B, H].</returns>
    /// <remarks>
    /// The input projection x W_ihᵀ + b_ih + b_hh is one matrix multiply over all B·T rows; the recurrence then adds
    /// h_(t-1) W_hhᵀ step by step. The batch is split into fixed row ranges that run the whole recurrence independently,
    /// so results do not depend on the thread count. With a recurrent mask m the recurrence reads (h_(t-1) ⊙ m) W_hhᵀ
    /// while the outputs stay the unmasked h_t; without one the kernel is exactly the unmasked one.
    /// </remarks>
    public static (Tensor<T> Output, Tensor<T> HN, Tensor<T> CN) LstmLayer<T>(
        Tensor<T> x, Tensor<T> wIh, Tensor<T> wHh, Tensor<T> bIh, Tensor<T> bHh, Tensor<T>? h0, Tensor<T>? c0, bool reverse,
        Tensor<T>? recurrentMask = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3)
        {
            throw new ArgumentException($"LSTM input must be [B, T, F], got {x.ShapeText}.", nameof(x));
        }

        int b = x.Dim(0), steps = x.Dim(1), f = x.Dim(2), h = wHh.Dim(1), g4 = 4 * h;
        if (wIh.Dim(0) != g4 || wIh.Dim(1) != f || wHh.Dim(0) != g4 || bIh.Length != g4 || bHh.Length != g4)
        {
            throw new ArgumentException($"LSTM weights {wIh.ShapeText}, {wHh.ShapeText} do not fit input {x.ShapeText} and H={h}.");
        }

        CheckState(h0, b, h, nameof(h0));
        CheckState(c0, b, h, nameof(c0));
        CheckState(recurrentMask, b, h, nameof(recurrentMask));
        T[]? mask = recurrentMask?.Data;
        int rows = steps * b;

        // xt [T*B, F] time-major, then z [T*B, 4H] = xt W_ihᵀ + (b_ih + b_hh); z becomes the activated gates in place.
        // Each thread gathers its rows of xt, writes their bias and multiplies them while they are in its cache.
        T[] xt = BufferPool<T>.Rent(x.Length);
        T[] gates = BufferPool<T>.Rent(rows * g4);
        var bias = new T[g4];
        TP.Add<T>(bIh.Data, bHh.Data, bias);
        BiasedProduct(xt, wIh.Data, bias, gates, rows, g4, f, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                Array.Copy(x.Data, ((r % b * steps) + (r / b)) * f, xt, r * f, f);
            }
        });
        // W_hhᵀ [H, 4H], packed once into the kernels' panel layout: every time step multiplies by it.
        var wHhT = Gemm.Pack(h, g4, Transpose2D(wHh.Data, 0, g4, h), 0, g4);
        T[] cs = BufferPool<T>.Rent(rows * h);
        T[] tanhCs = BufferPool<T>.Rent(rows * h);
        T[] hs = BufferPool<T>.Rent(rows * h);
        T[] h0d = h0?.Data ?? new T[b * h];
        T[] c0d = c0?.Data ?? new T[b * h];

        Engine.ParallelRanges(b, Engine.PartsFor((long)rows * g4 * h), 4, (b0, b1) =>
        {
            int n = b1 - b0;
            T[]? hMasked = mask is null ? null : new T[n * h];
            for (int s = 0; s < steps; s++)
            {
                int t = reverse ? steps - 1 - s : s;
                int tPrev = reverse ? t + 1 : t - 1;
                T[] hPrev = s == 0 ? h0d : hs;
                T[] cPrev = s == 0 ? c0d : cs;
                int prevRow = s == 0 ? b0 : tPrev * b + b0;
                int row = t * b + b0;

                if (hMasked is null)
                {
                    // gates[t, b0..b1) += h_prev W_hhᵀ
                    Gemm.MultiplySerial(n, hPrev, new MatrixView(prevRow * h, h, 1), wHhT, gates, row * g4, g4, accumulate: true);
                }
                else
                {
                    // gates[t, b0..b1) += (h_prev ⊙ m) W_hhᵀ
                    TP.Multiply<T>(hPrev.AsSpan(prevRow * h, n * h), mask.AsSpan(b0 * h, n * h), hMasked);
                    Gemm.MultiplySerial(n, hMasked, new MatrixView(0, h, 1), wHhT, gates, row * g4, g4, accumulate: true);
                }

                for (int r = 0; r < n; r++)
                {
                    LstmCell.Forward<T>(
                        gates.AsSpan((row + r) * g4, g4),
                        cPrev.AsSpan((prevRow + r) * h, h),
                        cs.AsSpan((row + r) * h, h),
                        tanhCs.AsSpan((row + r) * h, h),
                        hs.AsSpan((row + r) * h, h));
                }
            }
        });

        var output = new Tensor<T>(FromTimeMajor(hs, b, steps, h, GC.AllocateUninitializedArray<T>(rows * h)), b, steps, h);
        int lastRow = (reverse ? 0 : steps - 1) * b;
        var hn = new Tensor<T>(hs.AsSpan(lastRow * h, b * h).ToArray(), b, h);
        var cn = new Tensor<T>(cs.AsSpan(lastRow * h, b * h).ToArray(), b, h);

        bool track = Tape.IsRecording && (x.RequiresGrad || wIh.RequiresGrad || wHh.RequiresGrad || bIh.RequiresGrad
            || bHh.RequiresGrad || (h0?.RequiresGrad ?? false) || (c0?.RequiresGrad ?? false));
        if (track)
        {
            output.RequiresGrad = hn.RequiresGrad = cn.RequiresGrad = true;
            Tape.Record(output, hn, cn, () =>
            {
                if (output.Grad is null && hn.Grad is null && cn.Grad is null)
                {
                    return;
                }

                var saved = new LstmSaved<T>(b, steps, f, h, reverse, xt, gates, cs, tanhCs, hs, h0d, c0d, mask);
                LstmLayerBackward(saved, x, wIh, wHh, bIh, bHh, h0, c0, output.Grad, hn.Grad, cn.Grad);
                BufferPool<T>.Return(xt, gates, cs, tanhCs, hs);
            });
        }
        else
        {
            BufferPool<T>.Return(xt, gates, cs, tanhCs, hs);
        }

        return (output, hn, cn);
    }

    private static void LstmLayerBackward<T>(
        LstmSaved<T> s, Tensor<T> x, Tensor<T> wIh, Tensor<T> wHh, Tensor<T> bIh, Tensor<T> bHh, Tensor<T>? h0, Tensor<T>? c0,
        T[]? dOutput, T[]? dhn, T[]? dcn)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = s.Batch, steps = s.Steps, h = s.Hidden, g4 = 4 * h, rows = steps * b;
        // dz rows are padded: read transposed by the weight gradients, a 2^k-float stride would map every row to the same
        // few L1 sets.
        int ldz = g4 + 16;
        T[] dz = BufferPool<T>.Rent(rows * ldz);
        var dh0 = new T[b * h];
        var dc0 = new T[b * h];
        int lastRow = (s.Reverse ? 0 : steps - 1) * b;
        var wHhPacked = Gemm.Pack(g4, h, wHh.Data, 0, h);   // W_hh [4H, H], read at every step below

        Engine.ParallelRanges(b, Engine.PartsFor((long)rows * g4 * h), 4, (b0, b1) =>
        {
            int n = b1 - b0;
            var dh = new T[n * h];
            var dc = new T[n * h];
            if (dhn is not null)
            {
                Array.Copy(dhn, b0 * h, dh, 0, n * h);
            }

            if (dcn is not null)
            {
                Array.Copy(dcn, b0 * h, dc, 0, n * h);
            }

            for (int k = steps - 1; k >= 0; k--)
            {
                int t = s.Reverse ? steps - 1 - k : k;
                int tPrev = s.Reverse ? t + 1 : t - 1;
                T[] cPrev = k == 0 ? s.C0 : s.C;
                int prevRow = k == 0 ? b0 : tPrev * b + b0;
                int row = t * b + b0;
                for (int r = 0; r < n; r++)
                {
                    var dhr = dh.AsSpan(r * h, h);
                    if (dOutput is not null)
                    {
                        // dOutput is batch-first [B, T, H]
                        TP.Add<T>(dhr, dOutput.AsSpan(((b0 + r) * steps + t) * h, h), dhr);
                    }

                    LstmCell.Backward<T>(
                        s.Gates.AsSpan((row + r) * g4, g4),
                        cPrev.AsSpan((prevRow + r) * h, h),
                        s.TanhC.AsSpan((row + r) * h, h),
                        dhr,
                        dc.AsSpan(r * h, h),
                        dz.AsSpan((row + r) * ldz, g4));
                }

                // dh_prev[n, H] = dz[t, b0..b1) [n, 4H] · W_hh [4H, H]
                Gemm.MultiplySerial(n, dz, new MatrixView(row * ldz, ldz, 1), wHhPacked, dh, 0, h, accumulate: false);
                if (s.Mask is not null)
                {
                    // h_prev entered the recurrence as h_prev ⊙ m
                    TP.Multiply<T>(dh, s.Mask.AsSpan(b0 * h, n * h), dh);
                }
            }

            Array.Copy(dh, 0, dh0, b0 * h, n * h);
            Array.Copy(dc, 0, dc0, b0 * h, n * h);
        });

        if (wIh.RequiresGrad)
        {
            // dW_ih[4H, F] += dzᵀ [4H, T*B] · xt [T*B, F]
            MatMul(dz, 0, true, s.Xt, 0, false, wIh.EnsureGrad(), 0, g4, s.Features, rows, accumulate: true, lda: ldz);
        }

        if (wHh.RequiresGrad)
        {
            // dW_hh[4H, H] += dzᵀ [4H, T*B] · (h_prev ⊙ m) [T*B, H]
            T[] hPrev = PreviousHidden(s);
            MatMul(dz, 0, true, hPrev, 0, false, wHh.EnsureGrad(), 0, g4, h, rows, accumulate: true, lda: ldz);
            BufferPool<T>.Return(hPrev);
        }

        if (bIh.RequiresGrad || bHh.RequiresGrad)
        {
            var db = new T[g4];
            ColumnSums.AddTo(dz, 0, rows, g4, ldz, db);

            if (bIh.RequiresGrad)
            {
                TP.Add<T>(bIh.EnsureGrad(), db, bIh.Grad);
            }

            if (bHh.RequiresGrad)
            {
                TP.Add<T>(bHh.EnsureGrad(), db, bHh.Grad);
            }
        }

        if (x.RequiresGrad)
        {
            // dxt [T*B, F] = dz [T*B, 4H] · W_ih [4H, F], then added to the batch-first dx row by row
            T[] dxt = BufferPool<T>.Rent(rows * s.Features);
            MatMul(dz, 0, false, wIh.Data, 0, false, dxt, 0, rows, s.Features, g4, accumulate: false, lda: ldz);
            AddFromTimeMajor(dxt, b, steps, s.Features, x.EnsureGrad());
            BufferPool<T>.Return(dxt);
        }

        BufferPool<T>.Return(dz);
        if (h0 is not null && h0.RequiresGrad)
        {
            TP.Add<T>(h0.EnsureGrad(), dh0, h0.Grad);
        }

        if (c0 is not null && c0.RequiresGrad)
        {
            TP.Add<T>(c0.EnsureGrad(), dc0, c0.Grad);
        }
    }

    // h_prev for every processed step, time-major [T*B, H]: the state each step started from, masked as the recurrence read it.
    private static T[] PreviousHidden<T>(LstmSaved<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = s.Batch, steps = s.Steps, h = s.Hidden, block = b * h;
        T[] prev = BufferPool<T>.Rent(steps * block);
        Engine.ParallelRanges(steps, Engine.PartsFor(CopyWork * steps * block), 1, (t0, t1) =>
        {
            for (int t = t0; t < t1; t++)
            {
                bool first = s.Reverse ? t == steps - 1 : t == 0;
                if (first)
                {
                    Array.Copy(s.H0, 0, prev, t * block, block);
                }
                else
                {
                    Array.Copy(s.H, (s.Reverse ? t + 1 : t - 1) * block, prev, t * block, block);
                }

                if (s.Mask is not null)
                {
                    TP.Multiply<T>(prev.AsSpan(t * block, block), s.Mask, prev.AsSpan(t * block, block));
                }
            }
        });

        return prev;
    }

    private static void CheckState<T>(Tensor<T>? state, int b, int h, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (state is not null && (state.Rank != 2 || state.Dim(0) != b || state.Dim(1) != h))
        {
            throw new ArgumentException($"Initial state {name} must be [{b}, {h}], got {state.ShapeText}.", name);
        }
    }

    /// <summary>[T, B, F] → [B, T, F] into <paramref name="y"/>, split over the batch.</summary>
    internal static T[] FromTimeMajor<T>(T[] x, int b, int steps, int f, T[] y)
    {
        Engine.ParallelRanges(b, Engine.PartsFor(CopyWork * x.Length), 1, (i0, i1) =>
        {
            for (int i = i0; i < i1; i++)
            {
                for (int t = 0; t < steps; t++)
                {
                    Array.Copy(x, (t * b + i) * f, y, (i * steps + t) * f, f);
                }
            }
        });

        return y;
    }

    /// <summary>y [B, T, F] += x [T, B, F], split over the batch (one addition per element, as adding a converted copy).</summary>
    private static void AddFromTimeMajor<T>(T[] x, int b, int steps, int f, T[] y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Engine.ParallelRanges(b, Engine.PartsFor(CopyWork * x.Length), 1, (i0, i1) =>
        {
            for (int i = i0; i < i1; i++)
            {
                for (int t = 0; t < steps; t++)
                {
                    var row = y.AsSpan((i * steps + t) * f, f);
                    TP.Add<T>(row, x.AsSpan((t * b + i) * f, f), row);
                }
            }
        });
    }

    private sealed record LstmSaved<T>(
        int Batch, int Steps, int Features, int Hidden, bool Reverse, T[] Xt, T[] Gates, T[] C, T[] TanhC, T[] H, T[] H0, T[] C0, T[]? Mask);
}
