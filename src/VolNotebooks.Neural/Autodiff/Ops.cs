using System.Numerics;
using VolNotebooks.Neural.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace VolNotebooks.Neural;

/// <summary>Differentiable tensor operations; each forward records its backward on the current <see cref="Tape"/>.</summary>
/// <remarks>
/// Shape glossary used throughout: B=batch, T=time, F=features, H=hidden, C=channels, L=length, D=model width.
/// Every backward step accumulates (<c>+=</c>) into the inputs' gradient buffers.
/// </remarks>
public static partial class Ops
{
    /// <summary>Elementwise a + b (same shapes).</summary>
    public static Tensor<T> Add<T>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(a, b, nameof(Add));
        var y = Tensor<T>.Uninitialized(a.ShapeArray());
        TP.Add<T>(a.Data, b.Data, y.Data);
        if (Tape.ShouldTrack(a, b))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                if (a.RequiresGrad)
                {
                    TP.Add<T>(a.EnsureGrad(), y.Grad, a.Grad);
                }

                if (b.RequiresGrad)
                {
                    TP.Add<T>(b.EnsureGrad(), y.Grad, b.Grad);
                }
            });
        }

        return y;
    }

    /// <summary>Elementwise a - b (same shapes).</summary>
    public static Tensor<T> Subtract<T>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(a, b, nameof(Subtract));
        var y = Tensor<T>.Uninitialized(a.ShapeArray());
        TP.Subtract<T>(a.Data, b.Data, y.Data);
        if (Tape.ShouldTrack(a, b))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                if (a.RequiresGrad)
                {
                    TP.Add<T>(a.EnsureGrad(), y.Grad, a.Grad);
                }

                if (b.RequiresGrad)
                {
                    TP.Subtract<T>(b.EnsureGrad(), y.Grad, b.Grad);
                }
            });
        }

        return y;
    }

    /// <summary>Elementwise a ⊙ b (same shapes).</summary>
    public static Tensor<T> Multiply<T>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSameShape(a, b, nameof(Multiply));
        var y = Tensor<T>.Uninitialized(a.ShapeArray());
        TP.Multiply<T>(a.Data, b.Data, y.Data);
        if (Tape.ShouldTrack(a, b))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is null)
                {
                    return;
                }

                if (a.RequiresGrad)
                {
                    TP.MultiplyAdd<T>(y.Grad, b.Data, a.EnsureGrad(), a.Grad);
                }

                if (b.RequiresGrad)
                {
                    TP.MultiplyAdd<T>(y.Grad, a.Data, b.EnsureGrad(), b.Grad);
                }
            });
        }

        return y;
    }

    /// <summary>Elementwise s · x for a constant s.</summary>
    public static Tensor<T> Scale<T>(Tensor<T> x, T s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        TP.Multiply<T>(x.Data, s, y.Data);
        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is not null)
                {
                    TP.MultiplyAdd<T>(y.Grad, s, x.EnsureGrad(), x.Grad);
                }
            });
        }

        return y;
    }

    /// <summary>Elementwise x ⊙ mask for a constant mask of the same shape (dropout with a given mask).</summary>
    public static Tensor<T> MultiplyConstant<T>(Tensor<T> x, T[] mask)
        where T : unmanaged, IFloatingPointIeee754<T>
        => MultiplyConstant(x, mask, returnMaskToPool: false);

    /// <summary>x ⊙ mask; with <paramref name="returnMaskToPool"/> the caller hands over a pooled mask, which goes back to
    /// the pool when it is no longer read (after the backward step, or at once when nothing is recorded).</summary>
    internal static Tensor<T> MultiplyConstant<T>(Tensor<T> x, T[] mask, bool returnMaskToPool)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != x.Length)
        {
            throw new ArgumentException($"Mask length {mask.Length} does not match {x.ShapeText}.", nameof(mask));
        }

        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        TP.Multiply<T>(x.Data, mask, y.Data);
        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is not null)
                {
                    TP.MultiplyAdd<T>(y.Grad, mask, x.EnsureGrad(), x.Grad);
                }

                if (returnMaskToPool)
                {
                    BufferPool<T>.Return(mask);
                }
            });
        }
        else if (returnMaskToPool)
        {
            BufferPool<T>.Return(mask);
        }

        return y;
    }

    /// <summary>Elementwise x + noise for a constant noise tensor of the same shape (the gradient passes through).</summary>
    public static Tensor<T> AddConstant<T>(Tensor<T> x, T[] noise)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (noise.Length != x.Length)
        {
            throw new ArgumentException($"Noise length {noise.Length} does not match {x.ShapeText}.", nameof(noise));
        }

        var y = Tensor<T>.Uninitialized(x.ShapeArray());
        TP.Add<T>(x.Data, noise, y.Data);
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

    /// <summary>The sum of all elements, as a one-element tensor.</summary>
    public static Tensor<T> Sum<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Tensor<T>.Scalar(SumSequential(x.Data));
        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is not null)
                {
                    TP.Add<T>(x.EnsureGrad(), y.Grad[0], x.Grad);
                }
            });
        }

        return y;
    }

    /// <summary>The mean of all elements, as a one-element tensor.</summary>
    public static Tensor<T> Mean<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Scale(Sum(x), T.One / T.CreateTruncating(x.Length));

    /// <summary>Σ x ⊙ r for a constant r of the same shape: the loss the golden files use to inject upstream gradients.</summary>
    public static Tensor<T> DotConstant<T>(Tensor<T> x, T[] r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Length != x.Length)
        {
            throw new ArgumentException($"Length {r.Length} does not match {x.ShapeText}.", nameof(r));
        }

        T acc = T.Zero;
        for (int i = 0; i < r.Length; i++)
        {
            acc += x.Data[i] * r[i];
        }

        var y = Tensor<T>.Scalar(acc);
        if (Tape.ShouldTrack(x))
        {
            y.RequiresGrad = true;
            Tape.Record(y, () =>
            {
                if (y.Grad is not null)
                {
                    TP.MultiplyAdd<T>(r, y.Grad[0], x.EnsureGrad(), x.Grad);
                }
            });
        }

        return y;
    }

    /// <summary>Sums in index order, so the result never depends on vector width or thread count.</summary>
    internal static T SumSequential<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T acc = T.Zero;
        foreach (T v in values)
        {
            acc += v;
        }

        return acc;
    }

    internal static void RequireSameShape<T>(Tensor<T> a, Tensor<T> b, string op)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Shape.SequenceEqual(b.Shape))
        {
            throw new ArgumentException($"{op}: shapes {a.ShapeText} and {b.ShapeText} differ.");
        }
    }

    /// <summary>Returns a row-major copy of the transpose of a [rows, cols] block.</summary>
    internal static T[] Transpose2D<T>(T[] source, int offset, int rows, int cols)
        where T : unmanaged
        => TransposeInto(source, offset, rows, cols, cols, new T[rows * cols]);

    // at [cols, rows] = the transpose of the [rows, cols] matrix at offset (row length ld), split over at's rows when it
    // is large; each part a static loop (a closure's captured arrays would be reloaded after every store).
    private static T[] TransposeInto<T>(T[] source, int offset, int rows, int cols, int ld, T[] at)
        where T : unmanaged
    {
        Engine.ParallelRanges(cols, Engine.PartsFor(CopyWork * rows * cols), 1, (c0, c1) => TransposeColumns(source, offset, rows, ld, at, c0, c1));
        return at;
    }

    private static void TransposeColumns<T>(T[] source, int offset, int rows, int ld, T[] at, int c0, int c1)
    {
        for (int c = c0; c < c1; c++)
        {
            for (int r = 0, src = offset + c, dst = c * rows; r < rows; r++, src += ld)
            {
                at[dst + r] = source[src];
            }
        }
    }

    /// <summary>C[M,N] (+)= op(A) · op(B) with op = identity or transpose; A is [M,K] (or [K,M] if transposed), B is [K,N] (or [N,K]).</summary>
    /// <remarks><paramref name="lda"/> is A's stored row length if it is padded (0: dense).</remarks>
    internal static void MatMul<T>(
        T[] a, int aOffset, bool transposeA, T[] b, int bOffset, bool transposeB, T[] c, int cOffset,
        int m, int n, int k, bool accumulate, int lda = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (lda == 0)
        {
            lda = transposeA ? m : k;
        }

        var av = transposeA ? new MatrixView(aOffset, 1, lda) : new MatrixView(aOffset, lda, 1);
        if (transposeA && !transposeB && n < 16 && m >= 16)
        {
            // A narrow C (e.g. a weight gradient with few inputs) is computed as Cᵀ[N,M] = Bᵀ[N,K] · A_stored[K,M],
            // which keeps the wide dimension in vector lanes; each element is still one fma chain over k ascending.
            T[] ct = accumulate ? Transpose2D(c, cOffset, m, n) : new T[n * m];
            Gemm.Multiply(n, m, k, b, new MatrixView(bOffset, 1, n), a, aOffset, lda, ct, 0, m, accumulate: true);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    c[cOffset + i * n + j] = ct[j * m + i];
                }
            }

            return;
        }

        if (transposeA && k >= 256 && m >= 16 && lda % 32 == 0)
        {
            // Aᵀ read in place walks down A's columns lda apart; with a row length of a multiple of 32 elements (128 bytes
            // of floats) those reads map onto at most half of the L1 sets, too few for a K block's 256 lines, and a weight
            // gradient ran at a fraction of the speed of the same product read by rows (the LSTM pads its gate gradients
            // instead). Copying Aᵀ by rows first costs m·k moves for m·n·k multiply-adds and leaves every element's fma
            // chain as it was (the same bits).
            T[] at = TransposeInto(a, aOffset, k, m, lda, BufferPool<T>.Rent(m * k));
            MatMul(at, 0, false, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate);
            BufferPool<T>.Return(at);
            return;
        }

        if (transposeB)
        {
            T[] bt = Transpose2D(b, bOffset, n, k);
            Gemm.Multiply(m, n, k, a, av, bt, 0, n, c, cOffset, n, accumulate);
        }
        else
        {
            Gemm.Multiply(m, n, k, a, av, b, bOffset, n, c, cOffset, n, accumulate);
        }
    }
}
