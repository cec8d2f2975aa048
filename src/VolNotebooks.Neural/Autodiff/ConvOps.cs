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
        => Convolve(x, weight, bias, stride, padLeft, padRight, dilation, channelsLast: false);

    /// <summary><see cref="Conv1d{T}"/> over a batch-first sequence with channels last (Keras' <c>Conv1D</c> layout):
    /// x [B, L, C_in] → [B, L_out, C_out], the same weight layout [C_out, C_in, K].</summary>
    /// <remarks>Bit for bit the channels-first convolution of the transposed input, transposed back (the same products in
    /// the same order), without the two transposes and the layout copies around the matrix multiply: im2col reads x where
    /// it lies, and the product's rows [B·L_out, C_out] already are the output.</remarks>
    public static Tensor<T> Conv1dChannelsLast<T>(Tensor<T> x, Tensor<T> weight, Tensor<T>? bias, int stride = 1, int padLeft = 0, int padRight = 0, int dilation = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Convolve(x, weight, bias, stride, padLeft, padRight, dilation, channelsLast: true);

    private static Tensor<T> Convolve<T>(
        Tensor<T> x, Tensor<T> weight, Tensor<T>? bias, int stride, int padLeft, int padRight, int dilation, bool channelsLast)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dilation);
        int channelAxis = channelsLast ? 2 : 1;
        if (x.Rank != 3 || weight.Rank != 3 || weight.Dim(1) != x.Dim(channelAxis))
        {
            string layout = channelsLast ? "[B, L, C_in]" : "[B, C_in, L]";
            throw new ArgumentException($"Conv1d: input {x.ShapeText} must be {layout} with C_in = weight {weight.ShapeText}[1].");
        }

        if (bias is not null && bias.Length != weight.Dim(0))
        {
            throw new ArgumentException($"Conv1d: bias {bias.ShapeText} must have C_out = {weight.Dim(0)} values.", nameof(bias));
        }

        int b = x.Dim(0), cin = x.Dim(channelAxis), len = x.Dim(3 - channelAxis), cout = weight.Dim(0), k = weight.Dim(2);
        int lout = (len + padLeft + padRight - dilation * (k - 1) - 1) / stride + 1;
        if (lout <= 0)
        {
            throw new ArgumentException($"Conv1d: input length {len} is too short for kernel {k}, dilation {dilation}.", nameof(x));
        }

        int ck = cin * k, rows = b * lout;
        var geometry = new ConvGeometry(b, cin, len, cout, k, lout, stride, padLeft, dilation, channelsLast);
        T[] cols = Im2Col(x.Data, geometry, BufferPool<T>.Rent(rows * ck));

        // yRows [B*L_out, C_out] = bias + cols [B*L_out, C_in*K] · Wᵀ [C_in*K, C_out]; channels last, these rows are the
        // output itself.
        T[] yRows = channelsLast ? GC.AllocateUninitializedArray<T>(rows * cout) : BufferPool<T>.Rent(rows * cout);
        BiasedProduct(cols, weight.Data, bias?.Data, yRows, rows, cout, ck);
        Tensor<T> y;
        if (channelsLast)
        {
            y = new Tensor<T>(yRows, b, lout, cout);
        }
        else
        {
            y = new Tensor<T>(ChannelsFirst(yRows, b, lout, cout), b, cout, lout);
            BufferPool<T>.Return(yRows);
        }

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

                T[] dyRows = channelsLast ? y.Grad : ChannelsLast(y.Grad, b, cout, lout, BufferPool<T>.Rent(y.Length));
                if (weight.RequiresGrad)
                {
                    // dW [C_out, C_in*K] += dyᵀ [C_out, B*L_out] · cols [B*L_out, C_in*K], with dyᵀ copied out first: the
                    // product reads its A operand by rows several times faster than through a transposed view, with the
                    // same multiply-add chain per element (the same bits).
                    T[] dyT = TransposeRows(y.Grad, geometry, BufferPool<T>.Rent(y.Length));
                    MatMul(dyT, 0, false, cols, 0, false, weight.EnsureGrad(), 0, cout, ck, rows, accumulate: true);
                    BufferPool<T>.Return(dyT);
                }

                if (bias is not null && bias.RequiresGrad)
                {
                    ColumnSums.AddTo(dyRows, 0, rows, cout, cout, bias.EnsureGrad());
                }

                if (x.RequiresGrad)
                {
                    // dcols [B*L_out, C_in*K] = dyRows [B*L_out, C_out] · W [C_out, C_in*K]
                    T[] dcols = BufferPool<T>.Rent(rows * ck);
                    MatMul(dyRows, 0, false, weight.Data, 0, false, dcols, 0, rows, ck, cout, accumulate: false);
                    Col2ImAdd(dcols, x.EnsureGrad(), geometry);
                    BufferPool<T>.Return(dcols);
                }

                if (!channelsLast)
                {
                    BufferPool<T>.Return(dyRows);
                }

                BufferPool<T>.Return(cols);
            });
        }
        else
        {
            BufferPool<T>.Return(cols);
        }

        return y;
    }

    // dyᵀ [C_out, B*L_out] from the output gradient: channel o of every sample, one contiguous run per sample channels
    // first, a column of the [B*L_out, C_out] rows channels last.
    private static T[] TransposeRows<T>(T[] dy, ConvGeometry g, T[] dyT)
        where T : unmanaged
    {
        int rows = g.B * g.Lout;
        if (g.ChannelsLast)
        {
            TransposeInto(dy, 0, rows, g.Cout, g.Cout, dyT);
        }
        else
        {
            for (int i = 0; i < g.B; i++)
            {
                for (int o = 0; o < g.Cout; o++)
                {
                    dy.AsSpan(((i * g.Cout) + o) * g.Lout, g.Lout).CopyTo(dyT.AsSpan((o * rows) + (i * g.Lout), g.Lout));
                }
            }
        }

        return dyT;
    }

    /// <summary>Max over windows along the last axis: x [B, C, L] → [B, C, ⌊(L - k)/stride⌋ + 1]; ties take the first index.</summary>
    public static Tensor<T> MaxPool1d<T>(Tensor<T> x, int kernel, int stride = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Pool1d(x, kernel, stride <= 0 ? kernel : stride, max: true);

    /// <summary>Max over windows along the time axis of a batch-first sequence with channels last: x [B, L, C] →
    /// [B, ⌊(L - k)/stride⌋ + 1, C]; ties take the first index.</summary>
    /// <remarks>Bit for bit <see cref="MaxPool1d{T}"/> of the transposed input, transposed back, gradient included (an
    /// input element shared by overlapping windows receives their terms in the same order, window by window).</remarks>
    public static Tensor<T> MaxPool1dChannelsLast<T>(Tensor<T> x, int kernel, int stride = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        stride = stride <= 0 ? kernel : stride;
        if (x.Rank != 3 || x.Dim(1) < kernel)
        {
            throw new ArgumentException($"Pooling expects [B, L, C] with L ≥ {kernel}, got {x.ShapeText}.", nameof(x));
        }

        int len = x.Dim(1), c = x.Dim(2), lout = (len - kernel) / stride + 1, windows = x.Dim(0) * lout;
        var y = Tensor<T>.Uninitialized([x.Dim(0), lout, c]);
        int[] argmax = BufferPool<int>.Rent(y.Length);
        T[] xd = x.Data, yd = y.Data;
        // One window of every channel at a time, channels innermost (contiguous); windows are independent, so they split.
        Engine.ParallelRanges(windows, Engine.PartsFor(CopyWork * (long)windows * kernel * c), 1, (w0, w1) =>
            MaxWindows(xd, yd, argmax, w0, w1, len, c, lout, kernel, stride));

        RecordGather(x, y, argmax);
        return y;
    }

    // Windows w0..w1 of a channels-last max pooling (a static method: the loops keep the arrays in registers instead of
    // reloading them from a closure after every store). float runs whole vectors of channels: a lane takes the later
    // element only when it is strictly greater, as the scalar loop does (NaN never wins, the first maximum stays).
    private static void MaxWindows<T>(T[] xd, T[] yd, int[] argmax, int w0, int w1, int len, int c, int lout, int kernel, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int vc = typeof(T) == typeof(float) && Vector.IsHardwareAccelerated ? c / Vector<float>.Count * Vector<float>.Count : 0;
        float[]? xf = xd as float[], yf = yd as float[];
        for (int w = w0; w < w1; w++)
        {
            int start = ((w / lout * len) + (w % lout * stride)) * c, dst = w * c;
            for (int ch = 0; ch < vc; ch += Vector<float>.Count)
            {
                var best = new Vector<float>(xf!, start + ch);
                var index = new Vector<int>(start + ch) + Lanes;
                for (int k = 1; k < kernel; k++)
                {
                    int src = start + k * c + ch;
                    var v = new Vector<float>(xf!, src);
                    var greater = Vector.GreaterThan(v, best);
                    best = Vector.ConditionalSelect(greater, v, best);
                    index = Vector.ConditionalSelect(greater, new Vector<int>(src) + Lanes, index);
                }

                best.CopyTo(yf!, dst + ch);
                index.CopyTo(argmax, dst + ch);
            }

            for (int ch = vc; ch < c; ch++)
            {
                int best = start + ch;
                T bestValue = xd[best];
                for (int k = 1, src = best + c; k < kernel; k++, src += c)
                {
                    if (xd[src] > bestValue)
                    {
                        best = src;
                        bestValue = xd[src];
                    }
                }

                yd[dst + ch] = bestValue;
                argmax[dst + ch] = best;
            }
        }
    }

    // 0, 1, ..., Vector<int>.Count - 1
    private static readonly Vector<int> Lanes = CreateLanes();

    private static Vector<int> CreateLanes()
    {
        var lanes = new int[Vector<int>.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = i;
        }

        return new Vector<int>(lanes);
    }

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

    // Where x[b, c, pos] lives: at SampleStart(b) + c * ChannelStride + pos * PositionStride.
    private readonly record struct ConvGeometry(int B, int Cin, int L, int Cout, int K, int Lout, int Stride, int PadLeft, int Dilation, bool ChannelsLast)
    {
        public int ChannelStride => ChannelsLast ? 1 : L;

        public int PositionStride => ChannelsLast ? Cin : 1;

        public int SampleStart(int b) => b * Cin * L;
    }

    /// <summary>What copying one element counts as against <see cref="Engine.PartsFor"/>'s multiply-adds: a strided copy
    /// costs a few of them.</summary>
    private const long CopyWork = 4;

    // cols[(b, t), (c, k)] = x[b, c, t·stride + k·dilation - padLeft], zero outside [0, L); every element of cols is written.
    private static T[] Im2Col<T>(T[] x, ConvGeometry g, T[] cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Samples are independent copies: split over the batch when the copying pays for the hand-off.
        Engine.ParallelRanges(g.B, Engine.PartsFor(CopyWork * g.B * g.Lout * g.Cin * g.K), 1, (b0, b1) => MoveTaps(x, cols, g, b0, b1, toColumns: true));

        return cols;
    }

    private static void Col2ImAdd<T>(T[] dcols, T[] dx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A sample's input gradient gathers only its own rows, in the same order whichever thread runs it (and whichever
        // layout): an element receives its terms by t, then k, ascending.
        Engine.ParallelRanges(g.B, Engine.PartsFor(CopyWork * g.B * g.Lout * g.Cin * g.K), 1, (b0, b1) => MoveTaps(dx, dcols, g, b0, b1, toColumns: false));
    }

    // Samples b0..b1, tap by tap: toColumns copies x into cols (zeros for a tap outside the sequence), otherwise adds
    // cols back into x. Adding, an element of x still receives its terms by t, then k (the channel loop inside the tap
    // loop touches other elements only).
    private static void MoveTaps<T>(T[] x, T[] cols, ConvGeometry g, int b0, int b1, bool toColumns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cin = g.Cin, kernel = g.K, len = g.L, lout = g.Lout, ck = cin * kernel, cs = g.ChannelStride, ps = g.PositionStride;
        for (int b = b0; b < b1; b++)
        {
            int sample = g.SampleStart(b);
            for (int t = 0; t < lout; t++)
            {
                int row = (b * lout + t) * ck;
                for (int k = 0; k < kernel; k++)
                {
                    int pos = t * g.Stride + k * g.Dilation - g.PadLeft;
                    bool inside = (uint)pos < (uint)len;
                    int at = sample + pos * ps;
                    if (toColumns)
                    {
                        for (int c = 0, col = row + k; c < cin; c++, col += kernel, at += cs)
                        {
                            cols[col] = inside ? x[at] : T.Zero;
                        }
                    }
                    else if (inside)
                    {
                        for (int c = 0, col = row + k; c < cin; c++, col += kernel, at += cs)
                        {
                            x[at] += cols[col];
                        }
                    }
                }
            }
        }
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
