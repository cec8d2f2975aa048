using System.Numerics;

namespace VolNotebooks.Neural.Kernels;

/// <summary>Bias gradients: the sum of every column of a row-major matrix, added to a vector.</summary>
/// <remarks>
/// Each column is summed from the destination's value over the rows in ascending order, one IEEE addition per term, as
/// the plain loop <c>for r: for j: dst[j] += src[r, j]</c> does: the vector lanes and the split of the columns over threads
/// change nothing, so every path gives that loop's bits. The columns of a strip stay in registers while the rows stream
/// past, instead of one call (and one pass over the destination) per row.
/// </remarks>
internal static class ColumnSums
{
    /// <summary>dst[dstOffset + j] += Σ_r src[offset + r·ld + j] for j &lt; cols, r = 0..rows-1 in order.</summary>
    public static void AddTo<T>(T[] src, int offset, int rows, int cols, int ld, T[] dst, int dstOffset = 0)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector<T>.Count;
        Engine.ParallelRanges(cols, Engine.PartsFor(4L * rows * cols), 4 * w, (j0, j1) => AddStrip(src, offset, rows, ld, dst, dstOffset, j0, j1));
    }

    /// <summary>The plain loop the kernel reproduces (tests compare against it).</summary>
    public static void AddToReference<T>(T[] src, int offset, int rows, int cols, int ld, T[] dst, int dstOffset = 0)
        where T : unmanaged, INumberBase<T>
    {
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                dst[dstOffset + j] += src[offset + r * ld + j];
            }
        }
    }

    private static void AddStrip<T>(T[] src, int offset, int rows, int ld, T[] dst, int dstOffset, int j0, int j1)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector<T>.Count;
        int j = j0;
        for (; j + 4 * w <= j1; j += 4 * w)
        {
            var a0 = new Vector<T>(dst, dstOffset + j);
            var a1 = new Vector<T>(dst, dstOffset + j + w);
            var a2 = new Vector<T>(dst, dstOffset + j + 2 * w);
            var a3 = new Vector<T>(dst, dstOffset + j + 3 * w);
            for (int r = 0, o = offset + j; r < rows; r++, o += ld)
            {
                a0 += new Vector<T>(src, o);
                a1 += new Vector<T>(src, o + w);
                a2 += new Vector<T>(src, o + 2 * w);
                a3 += new Vector<T>(src, o + 3 * w);
            }

            a0.CopyTo(dst, dstOffset + j);
            a1.CopyTo(dst, dstOffset + j + w);
            a2.CopyTo(dst, dstOffset + j + 2 * w);
            a3.CopyTo(dst, dstOffset + j + 3 * w);
        }

        for (; j + w <= j1; j += w)
        {
            var a = new Vector<T>(dst, dstOffset + j);
            for (int r = 0, o = offset + j; r < rows; r++, o += ld)
            {
                a += new Vector<T>(src, o);
            }

            a.CopyTo(dst, dstOffset + j);
        }

        for (; j < j1; j++)
        {
            T a = dst[dstOffset + j];
            for (int r = 0, o = offset + j; r < rows; r++, o += ld)
            {
                a += src[o];
            }

            dst[dstOffset + j] = a;
        }
    }
}
