using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VolNotebooks.Datasets;
using VolNotebooks.IO;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Training;

/// <summary>Thrown when a checkpoint cannot be read; the message names the file and the byte offset or field.</summary>
/// <param name="message">What is wrong and where.</param>
/// <param name="inner">The underlying error.</param>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Everything needed to reuse a trained model: the experiment spec it ran (whole), the network, the features and
/// scaler its data gave, and its training summary and test metrics, in one versioned file.</summary>
/// <remarks>
/// Layout: the 8 bytes <c>VOLNBCKP</c>, a little-endian format version (uint32), the header length (uint32) and the
/// UTF-8 JSON header (the spec under <c>spec</c>), the model-state length (uint32) and the engine's checksummed state
/// image (<see cref="StateFile"/>), then a SHA-256 of everything before it. Written atomically; a truncated or corrupted
/// file, another format version, a missing header field, or a state that does not fit the architecture fails with a
/// located error.
/// </remarks>
/// <param name="Spec">The experiment: data, model and hyperparameters, training options, seed.</param>
/// <param name="Model">The trained network.</param>
/// <param name="FeatureNames">Input features the data gave (after the correlation filter), in the order of the last input axis.</param>
/// <param name="Target">The target's name.</param>
/// <param name="Scaler">The input scaler fitted on the training rows.</param>
/// <param name="TargetScale">The divisor of the training targets (<see cref="Datasets.TargetScale"/>).</param>
/// <param name="EpochsRun">Epochs trained.</param>
/// <param name="BestEpoch">The epoch whose weights were kept.</param>
/// <param name="Metrics">Test metrics by name.</param>
public sealed record Checkpoint(
    ExperimentSpec Spec, ForecastModel Model, IReadOnlyList<string> FeatureNames, string Target, ColumnScaler Scaler, double TargetScale,
    int EpochsRun, int BestEpoch, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The format version this code writes and reads (2: the spec is stored whole).</summary>
    public const uint FormatVersion = 2;

    private static readonly byte[] Magic = "VOLNBCKP"u8.ToArray();

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination file.</param>
    public void Save(string path)
    {
        var header = new JsonObject
        {
            ["spec"] = JsonNode.Parse(Spec.ToJson()),
            ["input_features"] = Model.InputFeatures,
            ["features"] = new JsonArray([.. FeatureNames.Select(f => (JsonNode?)f)]),
            ["target"] = Target,
            ["scaler"] = JsonNode.Parse(Scaler.ToJson()),
            ["target_scale"] = TargetScale,
            ["epochs_run"] = EpochsRun,
            ["best_epoch"] = BestEpoch,
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

        JsonNode Field(string name) => header[name] ?? throw new CheckpointException($"{path}: header field '{name}' is missing");
        T Read<T>(string name)
        {
            try
            {
                return Field(name).GetValue<T>();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new CheckpointException($"{path}: header field '{name}' is not a {typeof(T).Name}: {e.Message}", e);
            }
        }

        ExperimentSpec spec;
        try
        {
            spec = ExperimentSpec.FromJson(Field("spec").ToJsonString(), $"{path}: header");
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            throw new CheckpointException(e.Message, e);
        }

        var features = Read<int>("input_features");
        var model = spec.Definition.Create(features, new RandomSource(spec.Seed), spec.Model);
        try
        {
            StateFile.Deserialize(model, state);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException($"{path}: model state at byte {stateStart} does not fit {spec.Model.Architecture}: {e.Message}", e);
        }

        try
        {
            return new Checkpoint(
                spec, model,
                [.. Field("features").AsArray().Select(n => n?.GetValue<string>() ?? throw new CheckpointException($"{path}: header field 'features' holds a null"))],
                Read<string>("target"),
                ColumnScaler.FromJson(Field("scaler").ToJsonString()),
                Read<double>("target_scale"),
                Read<int>("epochs_run"),
                Read<int>("best_epoch"),
                Field("metrics").AsObject().ToDictionary(p => p.Key, p => p.Value is null ? double.NaN : p.Value.GetValue<double>()));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            throw new CheckpointException($"{path}: header at byte {headerStart} has a malformed field: {e.Message}", e);
        }
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        stream.Write(buffer);
    }
}
