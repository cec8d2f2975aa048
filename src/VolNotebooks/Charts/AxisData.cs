using System.Globalization;
using System.Text.Json.Nodes;

namespace VolNotebooks.Charts;

/// <summary>The values along one axis of a trace: numbers, dates or category labels.</summary>
/// <remarks>Dates serialize as <c>yyyy-MM-dd</c> strings (plotly.js reads them as a date axis) and are placed by day
/// number in static images; categories keep their order.</remarks>
public sealed class AxisData
{
    private readonly double[]? _numbers;
    private readonly DateOnly[]? _dates;
    private readonly string[]? _labels;

    private AxisData(double[]? numbers, DateOnly[]? dates, string[]? labels)
    {
        _numbers = numbers;
        _dates = dates;
        _labels = labels;
    }

    /// <summary>How many values.</summary>
    public int Count => _numbers?.Length ?? _dates?.Length ?? _labels!.Length;

    /// <summary>Whether the values are dates.</summary>
    public bool IsDate => _dates is not null;

    /// <summary>Whether the values are category labels.</summary>
    public bool IsCategory => _labels is not null;

    /// <summary>Numeric values.</summary>
    /// <param name="values">The numbers (NaN leaves a gap).</param>
    public static implicit operator AxisData(double[] values) => new(values, null, null);

    /// <summary>Dates.</summary>
    /// <param name="values">The dates.</param>
    public static implicit operator AxisData(DateOnly[] values) => new(null, values, null);

    /// <summary>Category labels.</summary>
    /// <param name="values">The labels.</param>
    public static implicit operator AxisData(string[] values) => new(null, null, values);

    /// <summary>Numeric values from integers (e.g. lags).</summary>
    /// <param name="values">The integers.</param>
    public static implicit operator AxisData(int[] values) => new(Array.ConvertAll(values, v => (double)v), null, null);

    /// <summary>Numeric values.</summary>
    /// <param name="values">The numbers.</param>
    public static AxisData FromNumbers(ReadOnlySpan<double> values) => new(values.ToArray(), null, null);

    /// <summary>Dates.</summary>
    /// <param name="values">The dates.</param>
    public static AxisData FromDates(ReadOnlySpan<DateOnly> values) => new(null, values.ToArray(), null);

    /// <summary>The position of value <paramref name="i"/> on a numeric scale: the number, the day number of a date, or the category index.</summary>
    /// <param name="i">0-based index.</param>
    public double Position(int i) => _numbers?[i] ?? (_dates is not null ? _dates[i].DayNumber : i);

    /// <summary>The label of value <paramref name="i"/>.</summary>
    /// <param name="i">0-based index.</param>
    public string Label(int i) => _labels is not null
        ? _labels[i]
        : _dates is not null ? _dates[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : _numbers![i].ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The values as a plotly.js JSON array (NaN and infinities become <c>null</c>, i.e. gaps).</summary>
    public JsonArray ToJson()
    {
        var array = new JsonArray();
        for (var i = 0; i < Count; i++)
        {
            if (_numbers is not null) array.Add(Json.Number(_numbers[i]));
            else array.Add(JsonValue.Create(Label(i)));
        }

        return array;
    }
}

/// <summary>Small JSON helpers shared by the chart serializers.</summary>
internal static class Json
{
    /// <summary>A number node, or <c>null</c> for NaN and infinities (plotly.js draws a gap).</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>A JSON array of numbers with gaps for non-finite values.</summary>
    public static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(Number).ToArray());
}
