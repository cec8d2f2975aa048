using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace VolNotebooks.Neural;

/// <summary>The error raised when a state file cannot be loaded; the message names the parameter or the byte offset.</summary>
public sealed class StateFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public StateFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public StateFileException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public StateFileException()
    {
    }
}

/// <summary>Saves and loads a module's parameters and buffers in a versioned, checksummed binary format.</summary>
/// <remarks>
/// Layout (little-endian): magic "VNNSTATE", uint32 version (1), uint8 element type (1 = float32, 2 = float64), uint32
/// entry count; per entry: uint16 name length, UTF-8 name, uint8 rank, int32 dims, the elements, uint32 CRC-32 of the
/// entry; finally uint32 CRC-32 of all preceding bytes. Files are written to a temporary file in the same folder and
/// renamed over the target, so a crash never leaves a half-written checkpoint. Loading checks everything before it
/// changes the module: on any error the module is untouched.
/// </remarks>
public static class StateFile
{
    /// <summary>The current format version.</summary>
    public const uint Version = 1;

    private static readonly byte[] Magic = "VNNSTATE"u8.ToArray();

    /// <summary>Writes every parameter and buffer of <paramref name="module"/> to <paramref name="path"/> atomically.</summary>
    public static void Save<T>(Module<T> module, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Serialize(module);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Reads <paramref name="path"/> into <paramref name="module"/>; names, order and shapes must match exactly.</summary>
    /// <exception cref="StateFileException">The file is truncated, corrupted, of another version, or from another architecture.</exception>
    public static void Load<T>(Module<T> module, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        Deserialize(module, File.ReadAllBytes(path));
    }

    /// <summary>The file image of a module's state.</summary>
    public static byte[] Serialize<T>(Module<T> module)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        var entries = module.StateEntries().ToList();
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        w.Write(ElementCode<T>());
        w.Write((uint)entries.Count);
        foreach (var (name, tensor) in entries)
        {
            long start = ms.Position;
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            w.Write((ushort)nameBytes.Length);
            w.Write(nameBytes);
            w.Write((byte)tensor.Rank);
            foreach (int d in tensor.Shape)
            {
                w.Write(d);
            }

            foreach (T v in tensor.Data)
            {
                if (typeof(T) == typeof(float))
                {
                    w.Write(float.CreateTruncating(v));
                }
                else
                {
                    w.Write(double.CreateTruncating(v));
                }
            }

            w.Flush();
            w.Write(Crc32.Compute(ms.GetBuffer().AsSpan((int)start, (int)(ms.Position - start))));
        }

        w.Flush();
        w.Write(Crc32.Compute(ms.GetBuffer().AsSpan(0, (int)ms.Position)));
        w.Flush();
        return ms.ToArray();
    }

    /// <summary>Loads a file image into <paramref name="module"/> (all-or-nothing).</summary>
    /// <exception cref="StateFileException">See <see cref="Load{T}"/>.</exception>
    public static void Deserialize<T>(Module<T> module, ReadOnlySpan<byte> bytes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        var expected = module.StateEntries().ToList();
        var reader = new Reader(bytes.ToArray());
        if (!reader.Bytes(Magic.Length, "magic", null).SequenceEqual(Magic))
        {
            throw new StateFileException("Not a VolNotebooks state file: wrong magic at byte offset 0.");
        }

        uint version = reader.UInt32("version", null);
        if (version != Version)
        {
            throw new StateFileException($"Unsupported state file version {version} at byte offset 8 (this build reads version {Version}).");
        }

        byte code = reader.Byte("element type", null);
        if (code is not (1 or 2))
        {
            throw new StateFileException($"Unknown element type code {code} at byte offset 12.");
        }

        uint count = reader.UInt32("entry count", null);
        if (count != expected.Count)
        {
            throw new StateFileException(
                $"Architecture mismatch: the file holds {count} tensors, the model has {expected.Count} (first model entry '{expected.FirstOrDefault().Name}').");
        }

        var values = new T[expected.Count][];
        for (int k = 0; k < expected.Count; k++)
        {
            var (name, tensor) = expected[k];
            int start = reader.Offset;
            int nameLength = reader.UInt16("name length", name);
            string fileName = Encoding.UTF8.GetString(reader.Bytes(nameLength, "name", name));
            int rank = reader.Byte("rank", name);
            var dims = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                dims[d] = reader.Int32("shape", name);
            }

            // In double, so that a damaged shape cannot overflow into a small or negative byte count.
            double declaredBytes = dims.Aggregate(1.0, (p, d) => p * Math.Max(d, 0)) * (code == 1 ? 4 : 8);
            int width = code == 1 ? 4 : 8;
            long elements = declaredBytes <= reader.Remaining ? dims.Aggregate(1L, (p, d) => p * Math.Max(d, 0)) : 0;
            if (dims.Any(d => d < 0) || declaredBytes > reader.Remaining)
            {
                throw new StateFileException(
                    $"State file truncated or corrupted: entry {k} ('{fileName}', expected '{name}') at byte offset {start} declares shape " +
                    $"{Tensor<T>.FormatShape(dims)} but only {reader.Remaining} bytes remain.");
            }

            byte[] payload = reader.Bytes((int)(elements * width), "data", name);
            int end = reader.Offset;
            uint crc = reader.UInt32("entry checksum", name);
            if (crc != Crc32.Compute(bytes[start..end]))
            {
                throw new StateFileException(
                    $"State file corrupted: checksum mismatch in parameter '{name}' (bytes {start}..{end - 1}).");
            }

            if (fileName != name)
            {
                throw new StateFileException($"Architecture mismatch: entry {k} at byte offset {start} is '{fileName}', the model expects '{name}'.");
            }

            if (!dims.AsSpan().SequenceEqual(tensor.Shape))
            {
                throw new StateFileException(
                    $"Architecture mismatch: parameter '{name}' has shape {Tensor<T>.FormatShape(dims)} in the file, {tensor.ShapeText} in the model.");
            }

            values[k] = Decode<T>(payload, code);
        }

        int bodyEnd = reader.Offset;
        uint fileCrc = reader.UInt32("file checksum", null);
        if (fileCrc != Crc32.Compute(bytes[..bodyEnd]))
        {
            throw new StateFileException($"State file corrupted: file checksum at byte offset {bodyEnd} does not match (header damaged?).");
        }

        if (reader.Remaining != 0)
        {
            throw new StateFileException($"State file has {reader.Remaining} unexpected bytes after offset {reader.Offset}.");
        }

        for (int k = 0; k < expected.Count; k++)
        {
            values[k].CopyTo(expected[k].Value.Data, 0);
        }
    }

    private static byte ElementCode<T>() => typeof(T) == typeof(float) ? (byte)1 : (byte)2;

    private static T[] Decode<T>(byte[] payload, byte code)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = code == 1 ? 4 : 8;
        var result = new T[payload.Length / width];
        for (int i = 0; i < result.Length; i++)
        {
            var span = payload.AsSpan(i * width, width);
            result[i] = code == 1
                ? T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(span))
                : T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(span));
        }

        return result;
    }

    // Bounds-checked little-endian reader whose errors name the field, the parameter and the offset.
    private sealed class Reader(byte[] data)
    {
        public int Offset { get; private set; }

        public int Remaining => data.Length - Offset;

        public byte[] Bytes(int count, string what, string? parameter)
        {
            Need(count, what, parameter);
            byte[] slice = data.AsSpan(Offset, count).ToArray();
            Offset += count;
            return slice;
        }

        public byte Byte(string what, string? parameter) => Bytes(1, what, parameter)[0];

        public ushort UInt16(string what, string? parameter) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, what, parameter));

        public uint UInt32(string what, string? parameter) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what, parameter));

        public int Int32(string what, string? parameter) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, what, parameter));

        private void Need(int count, string what, string? parameter)
        {
            if (count > Remaining)
            {
                string owner = parameter is null ? string.Empty : $" of parameter '{parameter}'";
                throw new StateFileException(
                    $"State file truncated at byte offset {data.Length}: needed {count} bytes for the {what}{owner} at offset {Offset}.");
            }
        }
    }
}
