namespace VolNotebooks.Export;

/// <summary>One dimension of a graph input or output: a fixed size or a named, free one (<c>batch</c>).</summary>
/// <param name="Size">The fixed size, or <see langword="null"/> when the dimension is named.</param>
/// <param name="Name">The symbolic name of a free dimension, or <see langword="null"/> when it is fixed.</param>
public readonly record struct OnnxDimension(long? Size, string? Name)
{
    /// <summary>A dimension of fixed <paramref name="size"/>.</summary>
    /// <param name="size">The size (1 and up).</param>
    public static OnnxDimension Fixed(long size) => new(size, null);

    /// <summary>A free dimension called <paramref name="name"/>, e.g. <c>batch</c>.</summary>
    /// <param name="name">The symbolic name.</param>
    public static OnnxDimension Free(string name) => new(null, name);
}

/// <summary>A node attribute: an integer, a float, a string or a list of integers.</summary>
/// <param name="Name">The attribute name, e.g. <c>hidden_size</c>.</param>
/// <param name="Type">ONNX <c>AttributeProto.AttributeType</c>: 1 float, 2 int, 3 string, 7 ints.</param>
/// <param name="Value">The value: <see cref="long"/>, <see cref="float"/>, <see cref="string"/> or <c>long[]</c>.</param>
public sealed record OnnxAttribute(string Name, int Type, object Value)
{
    /// <summary>An <c>int</c> attribute.</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="value">Its value.</param>
    public static OnnxAttribute Int(string name, long value) => new(name, 2, value);

    /// <summary>A <c>float</c> attribute.</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="value">Its value.</param>
    public static OnnxAttribute Float(string name, float value) => new(name, 1, value);

    /// <summary>A <c>string</c> attribute.</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="value">Its value.</param>
    public static OnnxAttribute String(string name, string value) => new(name, 3, value);

    /// <summary>An <c>ints</c> attribute.</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="values">Its values.</param>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, 7, values);
}

/// <summary>Builds an ONNX model: a graph of standard operators over named tensors, with float32 weights as
/// initializers, serialized as a <c>ModelProto</c>.</summary>
/// <remarks>
/// Field numbers follow onnx/onnx.proto (IR version 8): ModelProto ir_version 1, producer_name 2, producer_version 3,
/// graph 7, opset_import 8; GraphProto node 1, name 2, initializer 5, input 11, output 12; NodeProto input 1, output 2,
/// name 3, op_type 4, attribute 5; AttributeProto name 1, f 2, i 3, s 4, ints 8, type 20; TensorProto dims 1,
/// data_type 2, name 8, raw_data 9 (little-endian); ValueInfoProto name 1, type 2; TypeProto tensor_type 1;
/// Tensor elem_type 1, shape 2; TensorShapeProto dim 1; Dimension dim_value 1, dim_param 2.
/// </remarks>
public sealed class OnnxGraph
{
    /// <summary>ONNX <c>TensorProto.DataType.FLOAT</c>.</summary>
    public const int Float32 = 1;

    /// <summary>ONNX <c>TensorProto.DataType.INT64</c>.</summary>
    public const int Int64 = 7;

    /// <summary>The IR version written: 8, the one that goes with opsets 17 and 18.</summary>
    public const long IrVersion = 8;

    private readonly List<Action<ProtobufWriter>> _nodes = [];
    private readonly List<Action<ProtobufWriter>> _initializers = [];
    private readonly List<Action<ProtobufWriter>> _inputs = [];
    private readonly List<Action<ProtobufWriter>> _outputs = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _nodeCount;

    /// <summary>Starts an empty graph called <paramref name="name"/>.</summary>
    /// <param name="name">The graph name (the architecture).</param>
    public OnnxGraph(string name) => Name = name;

    /// <summary>The graph name.</summary>
    public string Name { get; }

    /// <summary>Adds a float32 weight tensor and returns its name.</summary>
    /// <param name="name">Tensor name, unique in the graph (PyTorch-style, e.g. <c>lstm.l0.W</c>).</param>
    /// <param name="values">The values in row-major order; their count is the product of <paramref name="dims"/>.</param>
    /// <param name="dims">The shape.</param>
    public string Initializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        return AddInitializer(name, Float32, raw, dims);
    }

    /// <summary>Adds an int64 constant tensor (axes, shapes) and returns its name.</summary>
    /// <param name="name">Tensor name, unique in the graph.</param>
    /// <param name="values">The values; their count is the product of <paramref name="dims"/>.</param>
    /// <param name="dims">The shape.</param>
    public string Int64Initializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        return AddInitializer(name, Int64, raw, dims);
    }

    /// <summary>Declares a float32 graph input and returns its name.</summary>
    /// <param name="name">Input name.</param>
    /// <param name="shape">Its dimensions.</param>
    public string Input(string name, params OnnxDimension[] shape)
    {
        Claim(name);
        _inputs.Add(w => ValueInfo(w, name, shape));
        return name;
    }

    /// <summary>Declares the float32 tensor <paramref name="name"/> (produced by a node) a graph output.</summary>
    /// <param name="name">A node output's name.</param>
    /// <param name="shape">Its dimensions.</param>
    public void Output(string name, params OnnxDimension[] shape) => _outputs.Add(w => ValueInfo(w, name, shape));

    /// <summary>Adds a node of the default ONNX domain and returns the names of its outputs.</summary>
    /// <param name="opType">The operator, e.g. <c>LSTM</c>, <c>Gemm</c>.</param>
    /// <param name="inputs">Input tensor names; an empty string skips an optional input.</param>
    /// <param name="outputs">Output tensor names, unique in the graph.</param>
    /// <param name="attributes">The operator's attributes.</param>
    public string[] Node(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var o in outputs.Where(o => o.Length > 0)) Claim(o);
        var name = $"{opType}_{_nodeCount++}";
        _nodes.Add(w =>
        {
            foreach (var i in inputs) w.String(1, i);
            foreach (var o in outputs) w.String(2, o);
            w.String(3, name).String(4, opType);
            foreach (var a in attributes) w.Message(5, aw => Attribute(aw, a));
        });
        return outputs;
    }

    /// <summary>The serialized <c>ModelProto</c>.</summary>
    /// <param name="opset">The default-domain opset the nodes follow (17 for what this workbook writes).</param>
    /// <param name="producer">The producer name recorded in the model.</param>
    public byte[] ToModel(long opset, string producer = "VolNotebooks")
    {
        var model = new ProtobufWriter()
            .Int64(1, IrVersion)
            .String(2, producer)
            .String(3, typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "0")
            .Message(7, g =>
            {
                foreach (var n in _nodes) g.Message(1, n);
                g.String(2, Name);
                foreach (var t in _initializers) g.Message(5, t);
                foreach (var i in _inputs) g.Message(11, i);
                foreach (var o in _outputs) g.Message(12, o);
            })
            .Message(8, o => o.String(1, "").Int64(2, opset));
        return model.ToArray();
    }

    private string AddInitializer(string name, int dataType, byte[] raw, long[] dims)
    {
        Claim(name);
        _initializers.Add(w => w.PackedInt64(1, dims).Int64(2, dataType).String(8, name).Bytes(9, raw));
        return name;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name)) throw new ArgumentException($"tensor name '{name}' is already used in graph '{Name}'", nameof(name));
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        var expected = dims.Aggregate(1L, (p, d) => p * d);
        if (expected != count) throw new ArgumentException($"{name}: {count} values for shape [{string.Join(", ", dims)}]");
    }

    private static void ValueInfo(ProtobufWriter w, string name, OnnxDimension[] shape) =>
        w.String(1, name).Message(2, type => type.Message(1, tensor => tensor
            .Int64(1, Float32)
            .Message(2, s =>
            {
                foreach (var d in shape)
                    s.Message(1, dim => _ = d.Size is long size ? dim.Int64(1, size) : dim.String(2, d.Name ?? "?"));
            })));

    private static void Attribute(ProtobufWriter w, OnnxAttribute a)
    {
        w.String(1, a.Name);
        _ = a.Value switch
        {
            float f => w.Float(2, f),
            long i => w.Int64(3, i),
            string s => w.String(4, s),
            long[] ints => Ints(w, ints),
            _ => throw new NotSupportedException($"attribute {a.Name}: {a.Value.GetType().Name} values are not written"),
        };
        w.Int64(20, a.Type);
    }

    private static ProtobufWriter Ints(ProtobufWriter w, long[] values)
    {
        foreach (var v in values) w.Int64(8, v);
        return w;
    }
}
