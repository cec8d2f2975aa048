using System.Buffers.Binary;
using System.Text;

namespace VolNotebooks.Export;

/// <summary>Writes the protocol-buffers wire format: just the field kinds an ONNX model needs.</summary>
/// <remarks>
/// A field is a key <c>(number &lt;&lt; 3) | wire type</c> followed by its value: wire type 0 a base-128 varint
/// (integers and enums; negative <c>int64</c> values take ten bytes, as two's complement), 2 a varint length then the
/// bytes (strings, bytes, nested messages, packed repeated scalars), 5 four little-endian bytes (<c>float</c>).
/// Source: protobuf.dev/programming-guides/encoding. Fields are written in the order they are called; readers accept
/// any order.
/// </remarks>
public sealed class ProtobufWriter
{
    private const int Varint = 0;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly MemoryStream _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>Writes an integer or enum field (<c>int32</c>, <c>int64</c>, <c>enum</c>) as a varint.</summary>
    /// <param name="field">The field number (1 and up).</param>
    /// <param name="value">The value; negative values are encoded in ten bytes.</param>
    public ProtobufWriter Int64(int field, long value)
    {
        Key(field, Varint);
        WriteVarint((ulong)value);
        return this;
    }

    /// <summary>Writes a <c>float</c> field as four little-endian bytes.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="value">The value.</param>
    public ProtobufWriter Float(int field, float value)
    {
        Key(field, Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>Writes a <c>string</c> field, UTF-8 encoded.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="value">The text.</param>
    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a <c>bytes</c> field.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="value">The bytes.</param>
    public ProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>Writes a nested message field, whose body <paramref name="write"/> fills.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="write">Writes the nested message's fields.</param>
    public ProtobufWriter Message(int field, Action<ProtobufWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var nested = new ProtobufWriter();
        write(nested);
        return Bytes(field, nested._buffer.GetBuffer().AsSpan(0, (int)nested._buffer.Length));
    }

    /// <summary>Writes a packed repeated <c>int64</c> field: one length-delimited run of varints.</summary>
    /// <param name="field">The field number.</param>
    /// <param name="values">The values.</param>
    public ProtobufWriter PackedInt64(int field, IEnumerable<long> values)
    {
        var packed = new ProtobufWriter();
        foreach (var v in values) packed.WriteVarint((ulong)v);
        return Bytes(field, packed._buffer.GetBuffer().AsSpan(0, (int)packed._buffer.Length));
    }

    private void Key(int field, int wireType)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(field);
        WriteVarint(((ulong)field << 3) | (uint)wireType);
    }

    private void WriteVarint(ulong value)
    {
        // Seven bits per byte, least significant group first; the high bit says another byte follows.
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
