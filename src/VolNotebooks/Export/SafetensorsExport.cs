using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using VolNotebooks.IO;
using VolNotebooks.Models;

namespace VolNotebooks.Export;

/// <summary>Writes a network's weights as a safetensors file under the names the matching <c>torch.nn</c> modules use,
/// so PyTorch (or any safetensors reader) loads them with <c>load_state_dict(strict=True)</c>.</summary>
/// <remarks>
/// Layout (the safetensors format): an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// <c>{"__metadata__": {...}, name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}</c> padded with
/// spaces so the data start on an 8-byte boundary, then the tensors' raw little-endian bytes, back to back, offsets
/// counted from the end of the header. The int64 batch counters come first so every tensor is aligned to its element
/// size. Names: <see cref="PyTorchNames"/>. The metadata (strings only, as the format requires) carry the
/// architecture, its hyperparameters as JSON, F and O, and what the input and output mean; callers add more (the
/// experiment spec, the features, the scaler).
/// </remarks>
public static class SafetensorsExport
{
    /// <summary>The safetensors bytes of <paramref name="model"/>.</summary>
    /// <param name="model">Any catalog network.</param>
    /// <param name="hyperparameters">The hyperparameters it was built with (recorded in the metadata; the reference
    /// modules are built from them).</param>
    /// <param name="extraMetadata">More string entries for <c>__metadata__</c>; they may not replace the ones written here.</param>
    /// <exception cref="ArgumentException">The hyperparameters belong to another architecture, or an extra key is taken.</exception>
    public static byte[] ToSafetensors(ForecastModel model, ModelHyperparameters hyperparameters, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        if (hyperparameters.Architecture != model.Architecture)
            throw new ArgumentException($"{hyperparameters.Architecture} hyperparameters do not describe a {model.Architecture}", nameof(hyperparameters));
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Metadata(model, hyperparameters)) metadata.Add(key, value);
        foreach (var (key, value) in extraMetadata ?? new Dictionary<string, string>())
        {
            if (!metadata.TryAdd(key, value)) throw new ArgumentException($"metadata key '{key}' is written by the export itself", nameof(extraMetadata));
        }

        var state = model.StateEntries().ToList();
        var counters = PyTorchNames.BatchCounters(state.Select(e => e.Name)).ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var name in counters)
            {
                WriteEntry(json, name, "I64", [], offset, offset + sizeof(long));
                offset += sizeof(long);
            }

            foreach (var (name, tensor) in state)
            {
                WriteEntry(json, PyTorchNames.Of(name), "F32", tensor.ShapeArray(), offset, offset + ((long)tensor.Length * sizeof(float)));
                offset += (long)tensor.Length * sizeof(float);
            }

            json.WriteEndObject();
        }

        var headerLength = (header.Length + 7) / 8 * 8;
        var dataLength = (counters.Count * sizeof(long)) + state.Sum(e => (long)e.Value.Length * sizeof(float));
        var bytes = new byte[8 + headerLength + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        header.ToArray().CopyTo(bytes, 8);
        bytes.AsSpan(8 + (int)header.Length, (int)(headerLength - header.Length)).Fill((byte)' ');
        var at = 8 + (int)headerLength + (counters.Count * sizeof(long));   // the counters stay 0 (see PyTorchNames)
        foreach (var (_, tensor) in state)
        {
            foreach (var value in tensor.Data.AsSpan(0, tensor.Length))
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), value);
                at += sizeof(float);
            }
        }

        return bytes;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as a safetensors file, atomically.</summary>
    /// <param name="model">Any catalog network.</param>
    /// <param name="hyperparameters">The hyperparameters it was built with.</param>
    /// <param name="path">The <c>.safetensors</c> file (its folder is created if needed).</param>
    /// <param name="extraMetadata">More string entries for <c>__metadata__</c>.</param>
    public static void Save(ForecastModel model, ModelHyperparameters hyperparameters, string path, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var bytes = ToSafetensors(model, hyperparameters, extraMetadata);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The metadata every export carries: <c>format</c> (pt), <c>architecture</c>, <c>hyperparameters</c> (JSON,
    /// with its <c>architecture</c> discriminator), <c>input_features</c> (F), <c>outputs</c> (O), <c>input</c> and
    /// <c>output</c> (what they mean), and for LSTMVol <c>positive_output</c> (whether softplus ends it).</summary>
    /// <param name="model">The network.</param>
    /// <param name="hyperparameters">Its hyperparameters.</param>
    public static IReadOnlyDictionary<string, string> Metadata(ForecastModel model, ModelHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pt",
            ["architecture"] = model.Architecture,
            ["hyperparameters"] = JsonSerializer.Serialize(hyperparameters, typeof(ModelHyperparameters)),
            ["input_features"] = model.InputFeatures.ToString(CultureInfo.InvariantCulture),
            ["outputs"] = model.Outputs.ToString(CultureInfo.InvariantCulture),
            ["input"] = $"float32 [batch, time, {model.InputFeatures}]: the features of each day of the window, oldest first, scaled as in training",
            ["output"] = OutputDescription(model),
        };
        if (model is LstmVol vol) metadata["positive_output"] = vol.PositiveOutput ? "true" : "false";
        return metadata;
    }

    /// <summary>One tensor's header entry: <c>name: {"dtype", "shape", "data_offsets": [begin, end]}</c>, offsets in bytes
    /// from the start of the data.</summary>
    private static void WriteEntry(Utf8JsonWriter json, string name, string dtype, IReadOnlyList<int> shape, long begin, long end)
    {
        json.WriteStartObject(name);
        json.WriteString("dtype", dtype);
        json.WriteStartArray("shape");
        foreach (var d in shape) json.WriteNumberValue(d);
        json.WriteEndArray();
        json.WriteStartArray("data_offsets");
        json.WriteNumberValue(begin);
        json.WriteNumberValue(end);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string OutputDescription(ForecastModel model) => model switch
    {
        LstmAttentionMultiHorizon m => $"float32 [batch, {m.Outputs}]: columns 0..{m.Horizons.Count - 1} the volatility over {string.Join(", ", m.Horizons)} "
            + $"trading days (softplus, positive), columns {m.Horizons.Count}..{m.Outputs - 1} the 1% quantiles of the return over the same horizons (the VaR)",
        LstmAttentionDual => "float32 [batch, 2]: column 0 the volatility forecast (softplus, positive), column 1 the 1% quantile of the return (the VaR)",
        _ => $"float32 [batch, {model.Outputs}]: the forecast of the target divided by its training scale (multiply by target_scale for the target's units)",
    };
}
