using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolNotebooks.Neural.Kernels;

/// <summary>The vector operations a SIMD kernel needs, so one kernel body serves 256- and 512-bit vectors.</summary>
/// <typeparam name="TVector">The hardware vector type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
internal unsafe interface ISimdVector<TVector, T>
    where TVector : struct
    where T : unmanaged
{
    /// <summary>The number of elements in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>Loads a vector from unaligned memory.</summary>
    static abstract TVector Load(T* source);

    /// <summary>Stores a vector to unaligned memory.</summary>
    static abstract void Store(TVector value, T* destination);

    /// <summary>A vector with every lane equal to <paramref name="value"/>.</summary>
    static abstract TVector Splat(T value);

    /// <summary>Computes a * b + c with a single rounding per lane.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);
}

/// <summary>256-bit vectors (AVX2 + FMA).</summary>
internal readonly unsafe struct Simd256<T> : ISimdVector<Vector256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}

/// <summary>512-bit vectors (AVX-512F).</summary>
internal readonly unsafe struct Simd512<T> : ISimdVector<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}
