using System.Text.Json;
using System.Text.Json.Serialization;

namespace VolNotebooks.Datasets;

/// <summary>How a <see cref="ColumnScaler"/> was fitted.</summary>
public enum ScalerKind
{
    /// <summary>z-score: <c>(x - mean) / std</c>, population standard deviation, like scikit-learn's StandardScaler.</summary>
    Standard,

    /// <summary>min-max: <c>(x - min) / (max - min)</c>, mapping the training range to [0, 1], like MinMaxScaler.</summary>
    MinMax,
}

/// <summary>A per-column affine scaler <c>x' = (x - Offset) / Scale</c>, fitted on training rows only.</summary>
/// <remarks>
/// Fit it on the training part of a split and apply it everywhere: validation and test rows never contribute a
/// statistic. A column that is constant on the training rows gets scale 1 (scikit-learn's convention), so it maps to a
/// constant instead of dividing by zero. Serializes to JSON with its column names, so a checkpoint can carry it.
/// </remarks>
public sealed class ColumnScaler
{
    [JsonConstructor]
    private ColumnScaler(ScalerKind kind, IReadOnlyList<string> columns, double[] offset, double[] scale, int fittedRows)
    {
        Kind = kind;
        Columns = columns;
        Offset = offset;
        Scale = scale;
        FittedRows = fittedRows;
    }

    /// <summary>Standard or min-max.</summary>
    public ScalerKind Kind { get; }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Per column: the mean (standard) or minimum (min-max) of the training rows.</summary>
    public double[] Offset { get; }

    /// <summary>Per column: the standard deviation (standard) or range (min-max) of the training rows; 1 when that is 0.</summary>
    public double[] Scale { get; }

    /// <summary>How many rows the statistics were computed from.</summary>
    public int FittedRows { get; }

    /// <summary>Fits on a row-major matrix <c>[rows, columns]</c> holding only training rows.</summary>
    /// <param name="kind">Standard or min-max.</param>
    /// <param name="columns">Column names; their count is the matrix width.</param>
    /// <param name="trainingRows">Row-major values <c>[N, F]</c>, every one finite.</param>
    /// <exception cref="ArgumentException">The matrix is empty, ragged, or holds a non-finite value.</exception>
    public static ColumnScaler Fit(ScalerKind kind, IReadOnlyList<string> columns, ReadOnlySpan<double> trainingRows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var width = columns.Count;
        if (width == 0 || trainingRows.Length == 0 || trainingRows.Length % width != 0)
            throw new ArgumentException($"need a non-empty [rows, {width}] matrix, got {trainingRows.Length} values", nameof(trainingRows));
        var rows = trainingRows.Length / width;
        var offset = new double[width];
        var scale = new double[width];
        for (var j = 0; j < width; j++)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < rows; i++)
            {
                var v = trainingRows[(i * width) + j];
                if (!double.IsFinite(v))
                    throw new ArgumentException($"column '{columns[j]}' row {i} is {v}; scalers need finite training values", nameof(trainingRows));
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            if (kind == ScalerKind.Standard)
            {
                var mean = sum / rows;
                var squares = 0.0;
                for (var i = 0; i < rows; i++)
                {
                    var d = trainingRows[(i * width) + j] - mean;
                    squares += d * d;
                }

                offset[j] = mean;
                scale[j] = NonZero(Math.Sqrt(squares / rows));
            }
            else
            {
                offset[j] = min;
                scale[j] = NonZero(max - min);
            }
        }

        return new ColumnScaler(kind, [.. columns], offset, scale, rows);
    }

    /// <summary>Scales a row-major matrix <c>[rows, columns]</c> in place.</summary>
    /// <param name="rowMajor">Values to transform.</param>
    public void Transform(Span<double> rowMajor)
    {
        RequireWidth(rowMajor.Length);
        for (var i = 0; i < rowMajor.Length; i++)
        {
            var j = i % Offset.Length;
            rowMajor[i] = (rowMajor[i] - Offset[j]) / Scale[j];
        }
    }

    /// <summary>Undoes <see cref="Transform(Span{double})"/> on a row-major matrix in place.</summary>
    /// <param name="rowMajor">Scaled values.</param>
    public void InverseTransform(Span<double> rowMajor)
    {
        RequireWidth(rowMajor.Length);
        for (var i = 0; i < rowMajor.Length; i++)
        {
            var j = i % Offset.Length;
            rowMajor[i] = (rowMajor[i] * Scale[j]) + Offset[j];
        }
    }

    /// <summary>Scales one value of column <paramref name="column"/>.</summary>
    /// <param name="value">The raw value.</param>
    /// <param name="column">0-based column.</param>
    public double Transform(double value, int column) => (value - Offset[column]) / Scale[column];

    /// <summary>Maps a scaled value of column <paramref name="column"/> back to its original units (e.g. a predicted target).</summary>
    /// <param name="value">The scaled value.</param>
    /// <param name="column">0-based column.</param>
    public double InverseTransform(double value, int column) => (value * Scale[column]) + Offset[column];

    /// <summary>The scaler as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a scaler written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="JsonException">The text is not a valid scaler.</exception>
    public static ColumnScaler FromJson(string json)
    {
        var scaler = JsonSerializer.Deserialize<ColumnScaler>(json, JsonOptions)
            ?? throw new JsonException("scaler JSON is null");
        if (scaler.Columns.Count != scaler.Offset.Length || scaler.Offset.Length != scaler.Scale.Length)
            throw new JsonException($"scaler JSON is inconsistent: {scaler.Columns.Count} columns, {scaler.Offset.Length} offsets, {scaler.Scale.Length} scales");
        if (scaler.Scale.Any(s => !(s > 0) || !double.IsFinite(s)))
            throw new JsonException("scaler JSON has a non-positive or non-finite scale");
        return scaler;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    private static double NonZero(double scale) => scale > 0 ? scale : 1.0;

    private void RequireWidth(int length)
    {
        if (length % Offset.Length != 0)
            throw new ArgumentException($"{length} values do not form rows of {Offset.Length} columns ({string.Join(", ", Columns)})");
    }
}
