using System.Numerics;

namespace VolNotebooks.Neural.Kernels;

/// <summary>A right-hand matrix B[K, N] with its column panels copied once in the layout the GEMM kernels read (<see cref="Gemm.Pack{T}"/>).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="Source">B itself: the kernels still read its scalar column tail and single-row products from here.</param>
/// <param name="Offset">Where B starts in <paramref name="Source"/>.</param>
/// <param name="Ldb">B's row stride.</param>
/// <param name="K">Rows of B.</param>
/// <param name="N">Columns of B.</param>
/// <param name="Path">The instruction set the panels were laid out for (the one the kernels will use).</param>
/// <param name="Panels">The panels, empty for the scalar path.</param>
internal sealed record PackedMatrix<T>(T[] Source, int Offset, int Ldb, int K, int N, GemmPath Path, T[] Panels)
    where T : unmanaged, IFloatingPointIeee754<T>;
