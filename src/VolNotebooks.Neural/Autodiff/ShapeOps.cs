using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace VolNotebooks.Neural;

public static partial class Ops
{
    /// <summary>The same elements with a new shape (a view: the data array is shared). One dimension may be -1.</summary>
    public static Tensor<T> Reshape<T>(Tensor<T> x, params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        int[] s = (int[])shape.Clone();
        int known = 1, infer = -1;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == -1)
            {
                infer = i;
            }
            else
            {
                known *= s[i];
            }
        }

        if (infer >= 0)
        {
            s[infer] = known == 0 ? 0 : x.Length / known;
        }

        var y = new Tensor<T>(x.Data, s);
        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is not null)
                {
                    TP.Add<T>(x.EnsureGrad(), y.Grad, x.Grad);
                }
            });
        }

        return y;
    }

    /// <summary>Reorders dimensions: output dimension i is input dimension <paramref name="order"/>[i] (a copy).</summary>
    public static Tensor<T> Permute<T>(Tensor<T> x, params int[] order)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        int rank = x.Rank;
        if (order.Length != rank || order.Distinct().Count() != rank || order.Any(o => o < 0 || o >= rank))
        {
            throw new ArgumentException($"Permutation [{string.Join(", ", order)}] is invalid for {x.ShapeText}.", nameof(order));
        }

        int[] inShape = x.ShapeArray();
        int[] outShape = order.Select(o => inShape[o]).ToArray();
        int[] inStrides = Strides(inShape);
        int[] srcStride = order.Select(o => inStrides[o]).ToArray();
        int[] map = PermuteMap(outShape, srcStride);
        var y = Tensor<T>.Uninitialized(outShape);
        for (int i = 0; i < map.Length; i++)
        {
            y.Data[i] = x.Data[map[i]];
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
                for (int i = 0; i < map.Length; i++)
                {
                    dx[map[i]] += y.Grad[i];
                }
            });
        }

        return y;
    }

    /// <summary>Swaps two dimensions (a copy), e.g. [B, T, F] → [B, F, T] with axes 1 and 2.</summary>
    public static Tensor<T> Transpose<T>(Tensor<T> x, int axis0, int axis1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] order = Enumerable.Range(0, x.Rank).ToArray();
        int a = x.NormalizeAxis(axis0), b = x.NormalizeAxis(axis1);
        if (Math.Min(a, b) == x.Rank - 2 && Math.Max(a, b) == x.Rank - 1)
        {
            return TransposeLastTwo(x);
        }

        (order[a], order[b]) = (order[b], order[a]);
        return Permute(x, order);
    }

    // [..., R, C] → [..., C, R], one blocked 2-D transpose per leading index.
    private static Tensor<T> TransposeLastTwo<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = x.Dim(-2), cols = x.Dim(-1), block = rows * cols;
        int batch = block == 0 ? 0 : x.Length / block;
        int[] shape = x.ShapeArray();
        (shape[^1], shape[^2]) = (shape[^2], shape[^1]);
        var y = Tensor<T>.Uninitialized(shape);
        for (int i = 0; i < batch; i++)
        {
            TransposeBlock(x.Data, i * block, y.Data, i * block, rows, cols);
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
                for (int i = 0; i < batch; i++)
                {
                    TransposeBlockAdd(y.Grad, i * block, dx, i * block, cols, rows);
                }
            });
        }

        return y;
    }

    // dst[c, r] += src[r, c] for a [rows, cols] block, in 16 x 16 tiles to stay in cache.
    private static void TransposeBlockAdd<T>(T[] src, int srcOffset, T[] dst, int dstOffset, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Tile = 16;
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(cols, c0 + Tile);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        dst[dstOffset + c * rows + r] += src[srcOffset + r * cols + c];
                    }
                }
            }
        }
    }

    // dst[c, r] = src[r, c] for a [rows, cols] block, in 16 x 16 tiles to stay in cache.
    private static void TransposeBlock<T>(T[] src, int srcOffset, T[] dst, int dstOffset, int rows, int cols)
    {
        const int Tile = 16;
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(cols, c0 + Tile);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        dst[dstOffset + c * rows + r] = src[srcOffset + r * cols + c];
                    }
                }
            }
        }
    }

    /// <summary>Concatenates tensors along <paramref name="axis"/>; all other dimensions must agree.</summary>
    public static Tensor<T> Concat<T>(int axis, params Tensor<T>[] parts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.", nameof(parts));
        }

        Tensor<T> first = parts[0];
        int ax = first.NormalizeAxis(axis);
        int[] outShape = first.ShapeArray();
        outShape[ax] = 0;
        foreach (var p in parts)
        {
            for (int d = 0; d < first.Rank; d++)
            {
                if (d != ax && (p.Rank != first.Rank || p.Dim(d) != first.Dim(d)))
                {
                    throw new ArgumentException($"Concat along axis {ax}: {p.ShapeText} does not match {first.ShapeText}.");
                }
            }

            outShape[ax] += p.Dim(ax);
        }

        int outer = 1;
        for (int d = 0; d < ax; d++)
        {
            outer *= outShape[d];
        }

        int outInner = outShape.Skip(ax).Aggregate(1, (s, v) => s * v);
        var y = Tensor<T>.Uninitialized(outShape);
        int offset = 0;
        var offsets = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            offsets[i] = offset;
            int inner = parts[i].Length / Math.Max(1, outer), at = offset;
            T[] src = parts[i].Data;
            Engine.ParallelRanges(outer, Engine.PartsFor(CopyWork * src.Length), 1, (o0, o1) =>
            {
                for (int o = o0; o < o1; o++)
                {
                    Array.Copy(src, o * inner, y.Data, o * outInner + at, inner);
                }
            });

            offset += inner;
        }

        if (parts.Any(p => p.RequiresGrad) && Tape.IsRecording)
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                for (int i = 0; i < parts.Length; i++)
                {
                    if (!parts[i].RequiresGrad)
                    {
                        continue;
                    }

                    int inner = parts[i].Length / Math.Max(1, outer), at = offsets[i];
                    T[] dx = parts[i].EnsureGrad(), dy = y.Grad;
                    Engine.ParallelRanges(outer, Engine.PartsFor(CopyWork * dx.Length), 1, (o0, o1) =>
                    {
                        for (int o = o0; o < o1; o++)
                        {
                            TP.Add<T>(dx.AsSpan(o * inner, inner), dy.AsSpan(o * outInner + at, inner), dx.AsSpan(o * inner, inner));
                        }
                    });
                }
            });
        }

        return y;
    }

    /// <summary>Elements <paramref name="start"/>..start+length-1 along <paramref name="axis"/> (a copy).</summary>
    public static Tensor<T> Slice<T>(Tensor<T> x, int axis, int start, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ax = x.NormalizeAxis(axis);
        int size = x.Dim(ax);
        if (start < 0 || length < 0 || start + length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice {start}+{length} exceeds dimension {ax} of {x.ShapeText}.");
        }

        int outer = 1;
        for (int d = 0; d < ax; d++)
        {
            outer *= x.Dim(d);
        }

        int after = x.Length / Math.Max(1, outer * size);
        int[] outShape = x.ShapeArray();
        outShape[ax] = length;
        var y = Tensor<T>.Uninitialized(outShape);
        int block = length * after;
        for (int o = 0; o < outer; o++)
        {
            Array.Copy(x.Data, (o * size + start) * after, y.Data, o * block, block);
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
                    var d = dx.AsSpan((o * size + start) * after, block);
                    TP.Add<T>(d, y.Grad.AsSpan(o * block, block), d);
                }
            });
        }

        return y;
    }

    /// <summary>The last time step of a sequence: x [B, T, F] → [B, F] (PyTorch's <c>x[:, -1, :]</c>).</summary>
    public static Tensor<T> LastStep<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank != 3)
        {
            throw new ArgumentException($"LastStep expects [B, T, F], got {x.ShapeText}.", nameof(x));
        }

        return Reshape(Slice(x, 1, x.Dim(1) - 1, 1), x.Dim(0), x.Dim(2));
    }

    internal static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= shape[d];
        }

        return strides;
    }

    private static int[] PermuteMap(int[] outShape, int[] srcStride)
    {
        int total = outShape.Aggregate(1, (s, v) => s * v);
        var map = new int[total];
        var index = new int[outShape.Length];
        int src = 0;
        for (int i = 0; i < total; i++)
        {
            map[i] = src;
            for (int d = outShape.Length - 1; d >= 0; d--)
            {
                index[d]++;
                src += srcStride[d];
                if (index[d] < outShape[d])
                {
                    break;
                }

                src -= srcStride[d] * index[d];
                index[d] = 0;
            }
        }

        return map;
    }
}
