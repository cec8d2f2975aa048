using System.Numerics;
using System.Text;

namespace VolNotebooks.Neural;

/// <summary>A dense, contiguous, row-major tensor with an optional gradient buffer.</summary>
/// <typeparam name="T">Element type: <see cref="float"/> for training, <see cref="double"/> for gradient checks.</typeparam>
/// <remarks>
/// Data is one flat array in row-major order (the last index varies fastest). Operations that take part in automatic
/// differentiation live in <see cref="Ops"/>; they record their backward step on the active <see cref="Tape"/>.
/// </remarks>
public sealed class Tensor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _shape;

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    public Tensor(params int[] _shape)
        : this(new T[CheckedLength(_shape)], _shape)
    {
    }

    /// <summary>Wraps an existing array (not copied) as a tensor of the given shape.</summary>
    public Tensor(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int length = CheckedLength(shape);
        if (data.Length != length)
        {
            throw new ArgumentException(
                $"Data length {data.Length} does not match shape {FormatShape(shape)} ({length} elements).",
                nameof(data));
        }

        Data = data;
        _shape = (int[])shape.Clone();
    }

    /// <summary>The elements in row-major order.</summary>
    public T[] Data { get; }

    /// <summary>The gradient of the last backward pass with respect to this tensor (same layout), or null.</summary>
    public T[]? Grad { get; set; }

    /// <summary>Whether operations on this tensor are recorded for backpropagation.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>The shape, outermost dimension first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The total number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>The size of a dimension; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[NormalizeAxis(axis)];

    /// <summary>Gets or sets one element by its full index.</summary>
    public T this[params int[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    /// <summary>Creates a tensor from a copy of the given values.</summary>
    public static Tensor<T> FromArray(ReadOnlySpan<T> values, params int[] _shape)
        => new(values.ToArray(), _shape);

    /// <summary>Creates a tensor whose every element equals <paramref name="value"/>.</summary>
    public static Tensor<T> Full(T value, params int[] shape)
    {
        var t = new Tensor<T>(shape);
        Array.Fill(t.Data, value);
        return t;
    }

    /// <summary>A tensor whose contents are unspecified, for operations that overwrite every element.</summary>
    internal static Tensor<T> Uninitialized(int[] _shape) => new(GC.AllocateUninitializedArray<T>(CheckedLength(_shape)), _shape);

    /// <summary>Creates a scalar (rank-0) tensor.</summary>
    public static Tensor<T> Scalar(T value) => new([value]);

    /// <summary>Returns the single element of a one-element tensor.</summary>
    public T ToScalar()
    {
        if (Data.Length != 1)
        {
            throw new InvalidOperationException($"ToScalar() needs a one-element tensor, this one has shape {ShapeText}.");
        }

        return Data[0];
    }

    /// <summary>Returns the gradient buffer, allocating a zero-filled one on first use.</summary>
    public T[] EnsureGrad() => Grad ??= Kernels.BufferPool<T>.RentCleared(Data.Length);

    /// <summary>Hands an intermediate result's gradient buffer back to the pool once the tape no longer needs it.</summary>
    internal void ReleaseGrad()
    {
        if (Grad is { } g)
        {
            Grad = null;
            Kernels.BufferPool<T>.Return(g);
        }
    }

    /// <summary>Returns a copy of the shape as an array.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    /// <summary>Returns a deep copy of the data that is not connected to any tape.</summary>
    public Tensor<T> Clone() => new((T[])Data.Clone(), _shape);

    /// <summary>The shape as text, e.g. <c>[64, 60, 4]</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    /// <inheritdoc />
    public override string ToString() => $"Tensor<{typeof(T).Name}>{ShapeText}";

    /// <summary>Converts this tensor to another element type (a new, untracked tensor).</summary>
    public Tensor<TOther> Cast<TOther>()
        where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var result = new Tensor<TOther>(_shape);
        for (int i = 0; i < Data.Length; i++)
        {
            result.Data[i] = TOther.CreateTruncating(Data[i]);
        }

        return result;
    }

    internal int NormalizeAxis(int axis)
    {
        int a = axis < 0 ? axis + _shape.Length : axis;
        if ((uint)a >= (uint)_shape.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {ShapeText}.");
        }

        return a;
    }

    internal static string FormatShape(ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(shape[i]);
        }

        return sb.Append(']').ToString();
    }

    private static int CheckedLength(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long length = 1;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            length *= d;
        }

        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"Shape {FormatShape(shape)} has too many elements.", nameof(shape));
        }

        return (int)length;
    }

    private int Offset(int[] index)
    {
        if (index.Length != _shape.Length)
        {
            throw new ArgumentException($"Index has {index.Length} dimensions, tensor has {_shape.Length}.", nameof(index));
        }

        int offset = 0;
        for (int d = 0; d < _shape.Length; d++)
        {
            if ((uint)index[d] >= (uint)_shape[d])
            {
                throw new IndexOutOfRangeException($"Index {index[d]} out of range for dimension {d} of {ShapeText}.");
            }

            offset = offset * _shape[d] + index[d];
        }

        return offset;
    }
}
