using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Training;

/// <summary>Thrown when a checkpoint cannot be read; the message names the file and the byte offset or field.</summary>
/// <param name="message">What is wrong and where.</param>
/// <param name="inner">The underlying error.</param>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Everything needed to reuse a trained model: the network, its scaler, its features and target, its training
/// configuration and its test metrics, in one versioned file.</summary>
/// <remarks>
/// Layout: the 8 bytes <c>VOLNBCKP</c>, a little-endian format version (uint32), the header length (uint32) and the
/// UTF-8 JSON header, the model-state length (uint32) and the engine's checksummed state image
/// (<see cref="StateFile"/>), then a SHA-256 of everything before it. Written atomically; a truncated or corrupted
/// file, another format version, or a state that does not fit the architecture fails with a located error.
/// </remarks>
/// <param name="Model">The trained network.</param>
/// <param name="Hyperparameters">The hyperparameters it was built with (rebuilt from them on load).</param>
/// <param name="Seed">The initialization seed it was built with.</param>
/// <param name="FeatureNames">Input features, in the order of the last input axis.</param>
/// <param name="Lookback">Time steps per sample.</param>
/// <param name="Target">The target's name.</param>
/// <param name="Scaler">The input scaler fitted on the training rows.</param>
/// <param name="Configuration">Free-form settings (ticker, dates, loss, epochs, ...).</param>
/// <param name="Metrics">Test metrics by name.</param>
public sealed record Checkpoint(
    ForecastModel Model, Hyperparameters Hyperparameters, ulong Seed, IReadOnlyList<string> FeatureNames, int Lookback, string Target,
    ColumnScaler Scaler, IReadOnlyDictionary<string, string> Configuration, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The format version this code writes and reads.</summary>
    public const uint FormatVersion = 1;

    private static readonly byte[] Magic = "VOLNBCKP"u8.ToArray();

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination file.</param>
    public void Save(string path)
    {
        var header = new JsonObject
        {
            ["architecture"] = Model.Architecture,
            ["input_features"] = Model.InputFeatures,
            ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["hyperparameters"] = JsonSerializer.SerializeToNode(Hyperparameters.Values),
            ["features"] = new JsonArray([.. FeatureNames.Select(f => (JsonNode?)f)]),
            ["lookback"] = Lookback,
            ["target"] = Target,
            ["scaler"] = JsonNode.Parse(Scaler.ToJson()),
            ["configuration"] = JsonSerializer.SerializeToNode(Configuration),
            // NaN (a metric that does not apply, e.g. QLIKE of returns) is written as null.
            ["metrics"] = new JsonObject(Metrics.Select(p => KeyValuePair.Create(p.Key, double.IsFinite(p.Value) ? JsonValue.Create(p.Value) : (JsonNode?)null))),
        };
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        var state = StateFile.Serialize(Model);
        using var body = new MemoryStream();
        body.Write(Magic);
        WriteUInt32(body, FormatVersion);
        WriteUInt32(body, (uint)headerBytes.Length);
        body.Write(headerBytes);
        WriteUInt32(body, (uint)state.Length);
        body.Write(state);
        var hash = SHA256.HashData(body.ToArray());
        body.Write(hash);
        AtomicFile.Write(path, stream => body.WriteTo(stream));
    }

    /// <summary>Reads a checkpoint and rebuilds its model.</summary>
    /// <param name="path">A file written by <see cref="Save"/>.</param>
    /// <exception cref="CheckpointException">Missing, truncated, corrupted, another version, or a mismatched model.</exception>
    public static Checkpoint Load(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException($"{path}: checkpoint not found");
        var bytes = File.ReadAllBytes(path);
        var offset = 0;
        ReadOnlySpan<byte> Take(int count, string what)
        {
            if (offset + count > bytes.Length)
                throw new CheckpointException($"{path}: truncated at byte {offset} while reading the {what} ({count} bytes needed, {bytes.Length - offset} left)");
            var span = bytes.AsSpan(offset, count);
            offset += count;
            return span;
        }

        if (!Take(Magic.Length, "signature").SequenceEqual(Magic)) throw new CheckpointException($"{path}: not a VolNotebooks checkpoint (byte 0: wrong signature)");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "format version"));
        if (version != FormatVersion) throw new CheckpointException($"{path}: format version {version} at byte 8; this build reads version {FormatVersion}");
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "header length"));
        var headerStart = offset;
        var headerBytes = Take(headerLength, "header").ToArray();
        var stateLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "state length"));
        var stateStart = offset;
        var state = Take(stateLength, "model state").ToArray();
        var end = offset;
        var stored = Take(32, "checksum");
        if (!SHA256.HashData(bytes.AsSpan(0, end)).AsSpan().SequenceEqual(stored))
            throw new CheckpointException($"{path}: checksum mismatch (bytes 0..{end}); the file is corrupted");
        if (offset != bytes.Length) throw new CheckpointException($"{path}: {bytes.Length - offset} unexpected bytes after byte {offset}");

        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes)!.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new CheckpointException($"{path}: header at byte {headerStart} is not valid JSON: {e.Message}", e);
        }

        string Field(string name) => header[name]?.ToString() ?? throw new CheckpointException($"{path}: header field '{name}' is missing");
        var architecture = Field("architecture");
        var features = int.Parse(Field("input_features"), System.Globalization.CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Field("seed"), System.Globalization.CultureInfo.InvariantCulture);
        var hyper = new Hyperparameters(header["hyperparameters"]!.AsObject().ToDictionary(p => p.Key, p => ToValue(p.Value!)));
        ModelDefinition definition;
        try
        {
            definition = ModelCatalog.Get(architecture);
        }
        catch (KeyNotFoundException e)
        {
            throw new CheckpointException($"{path}: {e.Message}", e);
        }

        var model = definition.Create(features, new RandomSource(seed), hyper);
        try
        {
            StateFile.Deserialize(model, state);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException($"{path}: model state at byte {stateStart} does not fit {architecture}: {e.Message}", e);
        }

        return new Checkpoint(
            model, hyper, seed,
            [.. header["features"]!.AsArray().Select(n => n!.GetValue<string>())],
            int.Parse(Field("lookback"), System.Globalization.CultureInfo.InvariantCulture),
            Field("target"),
            ColumnScaler.FromJson(header["scaler"]!.ToJsonString()),
            header["configuration"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString()),
            header["metrics"]!.AsObject().ToDictionary(p => p.Key, p => p.Value is null ? double.NaN : p.Value.GetValue<double>()));
    }

    private static object ToValue(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Number => node.GetValue<double>(),
        JsonValueKind.True or JsonValueKind.False => node.GetValue<bool>(),
        _ => node.ToString(),
    };

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        stream.Write(buffer);
    }
}
