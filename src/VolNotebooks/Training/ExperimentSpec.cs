using System.Text.Json;
using System.Text.Json.Serialization;
using VolNotebooks.Datasets;
using VolNotebooks.Models;

namespace VolNotebooks.Training;

/// <summary>One experiment, whole: the data (symbol, span, feature recipe, target, lookback, window, split, scaler,
/// correlation filter), the model with its typed hyperparameters, the training options and the seed. Everything that
/// decides a result is here, so a spec read back from JSON (<c>volnb train --spec</c>, a checkpoint) reproduces it bit
/// for bit.</summary>
/// <remarks>Immutable and serialized with snake_case names and enum values; a parameters cell, <c>volnb train</c>'s
/// options and <c>--spec FILE.json</c> all produce one. <see cref="Validate"/> fails before any work, naming the field.</remarks>
public sealed record ExperimentSpec
{
    /// <summary>JSON settings of specs: snake_case names and enums, indented when written to a file.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>The data part.</summary>
    public DatasetSpec Data { get; init; } = new();

    /// <summary>The model: its architecture (the hyperparameters' type) and hyperparameters.</summary>
    public ModelHyperparameters Model { get; init; } = new LstmVolHyperparameters();

    /// <summary>Training options (the shuffling seed is <see cref="Seed"/>).</summary>
    public TrainerOptions Training { get; init; } = new();

    /// <summary>Seed of the initialization, the dropout masks and the mini-batch order.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The architecture's definition.</summary>
    [JsonIgnore]
    public ModelDefinition Definition => ModelCatalog.Get(Model.Architecture);

    /// <summary>The training options with <see cref="Seed"/> as their shuffling seed.</summary>
    [JsonIgnore]
    public TrainerOptions TrainerOptions => Training with { Seed = Seed };

    /// <summary>The spec of the research's defaults for <paramref name="architecture"/> on <paramref name="data"/>.</summary>
    /// <param name="architecture">A model name (<see cref="ModelCatalog"/>).</param>
    /// <param name="data">The data part.</param>
    public static ExperimentSpec For(string architecture, DatasetSpec data) =>
        new() { Data = data, Model = ModelCatalog.Get(architecture).Defaults };

    /// <summary>Checks every field that can be checked without data; the message names the field.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public ExperimentSpec Validate()
    {
        ArgumentNullException.ThrowIfNull(Data, "spec.data");
        ArgumentNullException.ThrowIfNull(Model, "spec.model");
        ArgumentNullException.ThrowIfNull(Training, "spec.training");
        Data.Validate();
        Model.Validate();
        var t = Training;
        if (t.Epochs < 1) throw new ArgumentException($"spec.training.epochs: must be >= 1, got {t.Epochs}");
        if (t.BatchSize < 1) throw new ArgumentException($"spec.training.batch_size: must be >= 1, got {t.BatchSize}");
        if (!(t.LearningRate > 0)) throw new ArgumentException($"spec.training.learning_rate: must be > 0, got {t.LearningRate}");
        if (t.Patience < 0) throw new ArgumentException($"spec.training.patience: must be >= 0, got {t.Patience}");
        if (t.ClipNorm is double clip && !(clip > 0)) throw new ArgumentException($"spec.training.clip_norm: must be > 0 or null, got {clip}");
        if (!(t.Quantile > 0 && t.Quantile < 1)) throw new ArgumentException($"spec.training.quantile: must be in (0, 1), got {t.Quantile}");
        return this;
    }

    /// <summary>The spec as JSON.</summary>
    /// <param name="indented">Indent for a file; one line otherwise (a JSONL row).</param>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonOptions) { WriteIndented = indented });

    /// <summary>Reads a spec from JSON and validates it.</summary>
    /// <param name="json">JSON text, as <see cref="ToJson"/> writes it.</param>
    /// <param name="source">What to name in errors (a file path, <c>checkpoint header</c>).</param>
    /// <exception cref="ArgumentException">Malformed JSON, an unknown field or architecture, or an invalid value; the
    /// message names the source, the JSON path and the line.</exception>
    public static ExperimentSpec FromJson(string json, string source = "spec")
    {
        ExperimentSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ExperimentSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line ? $"{source}:{line + 1}:{(e.BytePositionInLine ?? 0) + 1}" : source;
            throw new ArgumentException($"{where}: {(e.Path is { Length: > 1 } p ? p.Replace("$", "spec", StringComparison.Ordinal) + ": " : "")}{FirstSentence(e.Message)}", e);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"{source}: {FirstSentence(e.Message)}", e);
        }

        if (spec is null) throw new ArgumentException($"{source}: the spec is null");
        try
        {
            return spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{source}: {e.Message}", e);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
