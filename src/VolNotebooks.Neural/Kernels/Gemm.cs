using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolNotebooks.Neural.Kernels;

/// <summary>Which instruction set a matrix multiply uses (tests force each one).</summary>
internal enum GemmPath
{
    /// <summary>The widest path the hardware accelerates.</summary>
    Auto,

    /// <summary>The plain scalar reference loop.</summary>
    Scalar,

    /// <summary>256-bit vectors.</summary>
    Vector256,

    /// <summary>512-bit vectors.</summary>
    Vector512,
}

/// <summary>Describes where matrix A's element (i, k) lives: <c>a[offset + i * RowStride + k * ColStride]</c>.</summary>
/// <remarks>A row-major A[M,K] has strides (K, 1); the transpose of a row-major [K,M] matrix has strides (1, M).</remarks>
internal readonly record struct MatrixView(int Offset, int RowStride, int ColStride);

/// <summary>Cache-blocked, vectorized general matrix multiply C[M,N] += A[M,K] · B[K,N] with a scalar reference beside it.</summary>
/// <remarks>
/// Every element is computed as <c>c = fma(a[i,k], b[k,j], c)</c> for k = 0, 1, ..., K-1, starting from C's initial value,
/// in every path (SIMD tiles, edges, scalar reference) and whatever the blocking or thread split. The vector paths are
/// therefore bit-identical to the reference and to themselves on any number of threads.
/// </remarks>
internal static class Gemm
{
    private const int KBlock = 256;
    private const int NBlock = 512;

    /// <summary>C[M,N] (+)= A[M,K] · B[K,N]; B and C are row-major with leading dimensions <paramref name="ldb"/> and <paramref name="ldc"/>.</summary>
    public static void Multiply<T>(
        int m, int n, int k,
        T[] a, MatrixView av,
        T[] b, int bOffset, int ldb,
        T[] c, int cOffset, int ldc,
        bool accumulate,
        GemmPath path = GemmPath.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        ClearUnlessAccumulating(m, n, c, cOffset, ldc, accumulate);

        if (k <= 0)
        {
            return;
        }

        int parts = Engine.PartsFor((long)m * n * k);
        if (m >= 8 || n < 64)
        {
            Engine.ParallelRanges(m, parts, 4, (r0, r1) =>
                Block(r1 - r0, n, k, a, av with { Offset = av.Offset + r0 * av.RowStride }, b, bOffset, ldb, c, cOffset + r0 * ldc, ldc, path));
        }
        else
        {
            Engine.ParallelRanges(n, parts, 64, (c0, c1) =>
                Block(m, c1 - c0, k, a, av, b, bOffset + c0, ldb, c, cOffset + c0, ldc, path));
        }
    }

    /// <summary>Like <see cref="Multiply{T}"/> but always on the calling thread (for use inside an outer parallel split).</summary>
    public static void MultiplySerial<T>(
        int m, int n, int k, T[] a, MatrixView av, T[] b, int bOffset, int ldb, T[] c, int cOffset, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        ClearUnlessAccumulating(m, n, c, cOffset, ldc, accumulate);

        if (k > 0)
        {
            Block(m, n, k, a, av, b, bOffset, ldb, c, cOffset, ldc, GemmPath.Auto);
        }
    }

    /// <summary>C[M,N] (+)= A[M,K] · B[K,N] on the calling thread with B given as <see cref="PackedMatrix{T}"/> (see <see cref="Pack{T}"/>).</summary>
    /// <remarks>Bit-identical to the unpacked product: the panels are copies of B's elements, read in the same fma order.</remarks>
    public static void MultiplySerial<T>(int m, T[] a, MatrixView av, PackedMatrix<T> b, T[] c, int cOffset, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = b.N, k = b.K;
        if (m <= 0 || n <= 0)
        {
            return;
        }

        ClearUnlessAccumulating(m, n, c, cOffset, ldc, accumulate);

        if (k > 0)
        {
            Block(m, n, k, a, av, b.Source, b.Offset, b.Ldb, c, cOffset, ldc, b.Path, b.Panels);
        }
    }

    /// <summary>Copies B[K,N] (row-major, leading dimension <paramref name="ldb"/>) once into the column panels the vector
    /// kernels read, for a B that many products share (an LSTM's recurrent weights at every time step).</summary>
    public static PackedMatrix<T> Pack<T>(int k, int n, T[] b, int bOffset, int ldb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmPath path = ResolvePath(GemmPath.Auto);
        int w = path == GemmPath.Vector512 ? Vector512<T>.Count : Vector256<T>.Count;
        if (path == GemmPath.Scalar)
        {
            return new PackedMatrix<T>(b, bOffset, ldb, k, n, path, []);
        }

        // Layout, in the order Block visits them: for each (K block, N block), the first nVec columns as dense [kc, width]
        // tiles side by side, so the tile starting at column j of the block begins kc * j elements into the block's region.
        int size = 0;
        for (int k0 = 0; k0 < k; k0 += KBlock)
        {
            for (int j0 = 0; j0 < n; j0 += NBlock)
            {
                size += Math.Min(KBlock, k - k0) * (Math.Min(NBlock, n - j0) / w * w);
            }
        }

        var panels = new T[size];
        int offset = 0;
        for (int k0 = 0; k0 < k; k0 += KBlock)
        {
            int kc = Math.Min(KBlock, k - k0);
            for (int j0 = 0; j0 < n; j0 += NBlock)
            {
                int nVec = Math.Min(NBlock, n - j0) / w * w;
                for (int j = 0; j < nVec;)
                {
                    int width = TileWidth(j, nVec, w);
                    for (int p = 0; p < kc; p++)
                    {
                        Array.Copy(b, bOffset + (k0 + p) * ldb + j0 + j, panels, offset + kc * j + p * width, width);
                    }

                    j += width;
                }

                offset += kc * nVec;
            }
        }

        return new PackedMatrix<T>(b, bOffset, ldb, k, n, path, panels);
    }

    // The width of the column tile starting at j in Panel: three vectors while they fit, then two, then one.
    private static int TileWidth(int j, int nVec, int w) =>
        j < ThreeVectorColumns(nVec, w) ? 3 * w : j + 2 * w <= nVec ? 2 * w : w;

    private static GemmPath ResolvePath(GemmPath path) => path != GemmPath.Auto ? path
        : Vector512.IsHardwareAccelerated ? GemmPath.Vector512
        : Vector256.IsHardwareAccelerated ? GemmPath.Vector256
        : GemmPath.Scalar;

    /// <summary>The reference: a plain triple loop with one fused multiply-add per term, k ascending.</summary>
    public static void MultiplyReference<T>(
        int m, int n, int k, T[] a, MatrixView av, T[] b, int bOffset, int ldb, T[] c, int cOffset, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T acc = c[cOffset + i * ldc + j];
                for (int p = 0; p < k; p++)
                {
                    acc = T.FusedMultiplyAdd(a[av.Offset + i * av.RowStride + p * av.ColStride], b[bOffset + p * ldb + j], acc);
                }

                c[cOffset + i * ldc + j] = acc;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block<T>(
        int m, int n, int k, T[] a, MatrixView av, T[] b, int bOffset, int ldb, T[] c, int cOffset, int ldc, GemmPath path,
        T[]? panels = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        path = ResolvePath(path);

        if (path == GemmPath.Scalar)
        {
            MultiplyReference(m, n, k, a, av, b, bOffset, ldb, c, cOffset, ldc);
            return;
        }

        int w = path == GemmPath.Vector512 ? Vector512<T>.Count : Vector256<T>.Count;
        fixed (T* pa = a, pb = b, pc = c, pp = panels)
        {
            T* pre = pp;
            for (int k0 = 0; k0 < k; k0 += KBlock)
            {
                int kc = Math.Min(KBlock, k - k0);
                for (int j0 = 0; j0 < n; j0 += NBlock)
                {
                    int nc = Math.Min(NBlock, n - j0);
                    T* aBlock = pa + av.Offset + k0 * av.ColStride;
                    T* bBlock = pb + bOffset + k0 * ldb + j0;
                    T* cBlock = pc + cOffset + j0;
                    if (path == GemmPath.Vector512)
                    {
                        Panel<Simd512<T>, Vector512<T>, T>(m, nc, kc, aBlock, av.RowStride, av.ColStride, bBlock, ldb, cBlock, ldc, pre);
                    }
                    else
                    {
                        Panel<Simd256<T>, Vector256<T>, T>(m, nc, kc, aBlock, av.RowStride, av.ColStride, bBlock, ldb, cBlock, ldc, pre);
                    }

                    if (pre != null)
                    {
                        pre += kc * (nc / w * w);
                    }
                }
            }
        }
    }

    // One cache block: 4-row x 3-vector register tiles (12 accumulators fit AVX2's 16 registers), then 4 x 2 and 4 x 1-vector,
    // then single rows; the last n mod w columns go through the same vector tiles on zero-padded copies (a scalar chain per
    // element is bound by the multiply-add latency: a 24-column product on 16-lane vectors spent most of its time on its
    // 8 leftover columns). Column tiles are the outer loop: each tile's B panel (kc rows x tile width) is first copied into
    // a contiguous per-thread buffer, where it stays in L1 while every 4-row block of a row group passes over it (read in
    // place, a panel of a 2^k-wide B maps onto a few L1 sets and keeps getting evicted). Copying, padding and the order of
    // the tiles touch no element's fma chain.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Panel<TS, TV, T>(int m, int n, int kc, T* a, int ars, int acs, T* b, int ldb, T* c, int ldc, T* pre)
        where TS : ISimdVector<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TS.Count;
        int nVec = n / w * w, tail = n - nVec;
        int n3 = ThreeVectorColumns(nVec, w);
        int m4 = m / 4 * 4;
        bool pack = m4 >= 64 && pre == null;
        // [0, 3 w kc): the packed panel; then the tail's padded panel [kc, w]; then four padded rows of C [4, w].
        T[] buffer = pack || tail > 0 ? PanelBuffer<T>.Get((4 * kc + 4) * w) : [];
        fixed (T* packed = buffer)
        {
            T* tailPanel = packed + 3 * w * kc, tailRows = tailPanel + w * kc;
            if (tail > 0)
            {
                PadColumns(b + nVec, ldb, kc, tail, w, tailPanel);
            }

            for (int i0 = 0; i0 < m4; i0 += RowGroup)
            {
                int i1 = Math.Min(m4, i0 + RowGroup);
                int j = 0;
                for (; j < n3; j += 3 * w)
                {
                    T* bj = pre != null ? pre + kc * j : pack ? Pack<TS, TV, T>(b + j, ldb, kc, 3, packed) : b + j;
                    int ldp = pre != null || pack ? 3 * w : ldb;
                    for (int i = i0; i < i1; i += 4)
                    {
                        Tile4x3<TS, TV, T>(kc, a + i * ars, ars, acs, bj, ldp, c + i * ldc + j, ldc);
                    }
                }

                for (; j + 2 * w <= nVec; j += 2 * w)
                {
                    T* bj = pre != null ? pre + kc * j : pack ? Pack<TS, TV, T>(b + j, ldb, kc, 2, packed) : b + j;
                    int ldp = pre != null || pack ? 2 * w : ldb;
                    for (int i = i0; i < i1; i += 4)
                    {
                        Tile4x2<TS, TV, T>(kc, a + i * ars, ars, acs, bj, ldp, c + i * ldc + j, ldc);
                    }
                }

                for (; j < nVec; j += w)
                {
                    T* bj = pre != null ? pre + kc * j : pack ? Pack<TS, TV, T>(b + j, ldb, kc, 1, packed) : b + j;
                    int ldp = pre != null || pack ? w : ldb;
                    for (int i = i0; i < i1; i += 4)
                    {
                        Tile4x1<TS, TV, T>(kc, a + i * ars, ars, acs, bj, ldp, c + i * ldc + j, ldc);
                    }
                }

                if (tail > 0)
                {
                    for (int i = i0; i < i1; i += 4)
                    {
                        PadColumns(c + i * ldc + nVec, ldc, 4, tail, w, tailRows);
                        Tile4x1<TS, TV, T>(kc, a + i * ars, ars, acs, tailPanel, w, tailRows, w);
                        UnpadColumns(tailRows, w, 4, tail, c + i * ldc + nVec, ldc);
                    }
                }
            }

            for (int i = m4; i < m; i++)
            {
                T* ai = a + i * ars;
                T* ci = c + i * ldc;
                for (int j = 0; j < nVec; j += w)
                {
                    Tile1x1<TS, TV, T>(kc, ai, acs, b + j, ldb, ci + j);
                }

                if (tail > 0)
                {
                    PadColumns(ci + nVec, ldc, 1, tail, w, tailRows);
                    Tile1x1<TS, TV, T>(kc, ai, acs, tailPanel, w, tailRows);
                    UnpadColumns(tailRows, w, 1, tail, ci + nVec, ldc);
                }
            }
        }
    }

    // How many of the nVec vector columns Panel covers with 3-vector tiles: all of a multiple of three; one tile fewer when
    // one vector would be left over, so the last four vectors run as two 2-vector tiles (a 1-vector tile has four
    // accumulator chains, too few to hide the multiply-add latency).
    private static int ThreeVectorColumns(int nVec, int w)
    {
        int vectors = nVec / w;
        int threes = vectors % 3 == 1 && vectors >= 4 ? vectors / 3 - 1 : vectors / 3;
        return threes * 3 * w;
    }

    // Copies the [rows, count] block at src (row stride lds) into dst as [rows, w] with zeros after the count columns.
    private static unsafe void PadColumns<T>(T* src, int lds, int rows, int count, int w, T* dst)
        where T : unmanaged
    {
        for (int r = 0; r < rows; r++, src += lds, dst += w)
        {
            new ReadOnlySpan<T>(src, count).CopyTo(new Span<T>(dst, count));
            new Span<T>(dst + count, w - count).Clear();
        }
    }

    // Copies the first count columns of the [rows, w] block at src back to dst (row stride ldd).
    private static unsafe void UnpadColumns<T>(T* src, int w, int rows, int count, T* dst, int ldd)
        where T : unmanaged
    {
        for (int r = 0; r < rows; r++, src += w, dst += ldd)
        {
            new ReadOnlySpan<T>(src, count).CopyTo(new Span<T>(dst, count));
        }
    }

    // Rows per group in Panel: 256 rows of A at kc <= 256 stay within L2 while the group passes over every column tile.
    private const int RowGroup = 256;

    // Copies the [kc, vectors * w] block at b (row stride ldb) into dst as a dense panel; returns dst.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe T* Pack<TS, TV, T>(T* b, int ldb, int kc, int vectors, T* dst)
        where TS : ISimdVector<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TS.Count;
        T* d = dst;
        for (int p = 0; p < kc; p++, b += ldb)
        {
            for (int v = 0; v < vectors; v++, d += w)
            {
                TS.Store(TS.Load(b + v * w), d);
            }
        }

        return dst;
    }

    // One packing buffer per thread and element type, grown on demand (at most (4 KBlock + 4) x 16 elements).
    private static class PanelBuffer<T>
    {
        [ThreadStatic]
        private static T[]? _buffer;

        public static T[] Get(int length) => _buffer is { } b && b.Length >= length ? b : _buffer = new T[Math.Max(length, (4 * KBlock + 4) * 16)];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x3<TS, TV, T>(int kc, T* a, int ars, int acs, T* b, int ldb, T* c, int ldc)
        where TS : ISimdVector<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TS.Count;
        T* c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
        TV x00 = TS.Load(c0), x01 = TS.Load(c0 + w), x02 = TS.Load(c0 + 2 * w);
        TV x10 = TS.Load(c1), x11 = TS.Load(c1 + w), x12 = TS.Load(c1 + 2 * w);
        TV x20 = TS.Load(c2), x21 = TS.Load(c2 + w), x22 = TS.Load(c2 + 2 * w);
        TV x30 = TS.Load(c3), x31 = TS.Load(c3 + w), x32 = TS.Load(c3 + 2 * w);
        // Pointers advance by increments (no index multiply per k); a1..a3 are rows 1..3 of A.
        T* bp = b, a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
        nint bStep = ldb, aStep = acs;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(bp), b1 = TS.Load(bp + w), b2 = TS.Load(bp + 2 * w);
            TV s = TS.Splat(*a0);
            x00 = TS.MultiplyAdd(s, b0, x00); x01 = TS.MultiplyAdd(s, b1, x01); x02 = TS.MultiplyAdd(s, b2, x02);
            s = TS.Splat(*a1);
            x10 = TS.MultiplyAdd(s, b0, x10); x11 = TS.MultiplyAdd(s, b1, x11); x12 = TS.MultiplyAdd(s, b2, x12);
            s = TS.Splat(*a2);
            x20 = TS.MultiplyAdd(s, b0, x20); x21 = TS.MultiplyAdd(s, b1, x21); x22 = TS.MultiplyAdd(s, b2, x22);
            s = TS.Splat(*a3);
            x30 = TS.MultiplyAdd(s, b0, x30); x31 = TS.MultiplyAdd(s, b1, x31); x32 = TS.MultiplyAdd(s, b2, x32);
            bp += bStep;
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
        }

        TS.Store(x00, c0); TS.Store(x01, c0 + w); TS.Store(x02, c0 + 2 * w);
        TS.Store(x10, c1); TS.Store(x11, c1 + w); TS.Store(x12, c1 + 2 * w);
        TS.Store(x20, c2); TS.Store(x21, c2 + w); TS.Store(x22, c2 + 2 * w);
        TS.Store(x30, c3); TS.Store(x31, c3 + w); TS.Store(x32, c3 + 2 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x2<TS, TV, T>(int kc, T* a, int ars, int acs, T* b, int ldb, T* c, int ldc)
        where TS : ISimdVector<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TS.Count;
        T* c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
        TV x00 = TS.Load(c0), x01 = TS.Load(c0 + w);
        TV x10 = TS.Load(c1), x11 = TS.Load(c1 + w);
        TV x20 = TS.Load(c2), x21 = TS.Load(c2 + w);
        TV x30 = TS.Load(c3), x31 = TS.Load(c3 + w);
        T* bp = b, a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
        nint bStep = ldb, aStep = acs;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TS.Load(bp), b1 = TS.Load(bp + w);
            TV s = TS.Splat(*a0);
            x00 = TS.MultiplyAdd(s, b0, x00); x01 = TS.MultiplyAdd(s, b1, x01);
            s = TS.Splat(*a1);
            x10 = TS.MultiplyAdd(s, b0, x10); x11 = TS.MultiplyAdd(s, b1, x11);
            s = TS.Splat(*a2);
            x20 = TS.MultiplyAdd(s, b0, x20); x21 = TS.MultiplyAdd(s, b1, x21);
            s = TS.Splat(*a3);
            x30 = TS.MultiplyAdd(s, b0, x30); x31 = TS.MultiplyAdd(s, b1, x31);
            bp += bStep;
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
        }

        TS.Store(x00, c0); TS.Store(x01, c0 + w);
        TS.Store(x10, c1); TS.Store(x11, c1 + w);
        TS.Store(x20, c2); TS.Store(x21, c2 + w);
        TS.Store(x30, c3); TS.Store(x31, c3 + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x1<TS, TV, T>(int kc, T* a, int ars, int acs, T* b, int ldb, T* c, int ldc)
        where TS : ISimdVector<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV x0 = TS.Load(c), x1 = TS.Load(c + ldc), x2 = TS.Load(c + 2 * ldc), x3 = TS.Load(c + 3 * ldc);
        T* bp = b, a0 = a, a1 = a + ars, a2 = a + 2 * ars, a3 = a + 3 * ars;
        nint bStep = ldb, aStep = acs;
        for (int p = 0; p < kc; p++)
        {
            TV bv = TS.Load(bp);
            x0 = TS.MultiplyAdd(TS.Splat(*a0), bv, x0);
            x1 = TS.MultiplyAdd(TS.Splat(*a1), bv, x1);
            x2 = TS.MultiplyAdd(TS.Splat(*a2), bv, x2);
            x3 = TS.MultiplyAdd(TS.Splat(*a3), bv, x3);
            bp += bStep;
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
        }

        TS.Store(x0, c); TS.Store(x1, c + ldc); TS.Store(x2, c + 2 * ldc); TS.Store(x3, c + 3 * ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile1x1<TS, TV, T>(int kc, T* a, int acs, T* b, int ldb, T* c)
        where TS : ISimdVector<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV x = TS.Load(c);
        for (int p = 0; p < kc; p++)
        {
            x = TS.MultiplyAdd(TS.Splat(a[p * acs]), TS.Load(b + p * ldb), x);
        }

        TS.Store(x, c);
    }

    /// <summary>Zeroes the M x N block of C at <paramref name="cOffset"/> (row stride <paramref name="ldc"/>) unless the product adds to it.</summary>
    private static void ClearUnlessAccumulating<T>(int m, int n, T[] c, int cOffset, int ldc, bool accumulate)
    {
        if (accumulate)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            Array.Clear(c, cOffset + i * ldc, n);
        }
    }
}
