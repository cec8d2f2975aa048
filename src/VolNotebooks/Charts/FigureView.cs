using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VolNotebooks.Charts;

/// <summary>A plotly.js figure JSON read back for the static renderer: its subplots, traces, shapes and annotations,
/// with the defaults plotly.js would apply where the JSON says nothing.</summary>
internal sealed class FigureView
{
    private FigureView(JsonObject layout, List<TraceView> traces)
    {
        Layout = layout;
        Traces = traces;
        Title = layout["title"] switch
        {
            JsonObject t => Text(t["text"]),
            JsonValue v => Text(v),
            _ => null,
        };
        Font = Text(layout["font"]?["family"]) ?? Theme.Default.Font;
        TextColor = Text(layout["font"]?["color"]) ?? Theme.Default.Text;
        PlotBackground = Text(layout["plot_bgcolor"]) ?? Theme.Default.PlotBackground;
        Shapes = layout["shapes"] is JsonArray shapes ? [.. shapes.OfType<JsonObject>()] : [];
        Annotations = layout["annotations"] is JsonArray annotations ? [.. annotations.OfType<JsonObject>()] : [];
    }

    /// <summary>The layout object.</summary>
    public JsonObject Layout { get; }

    /// <summary>Traces in drawing order.</summary>
    public IReadOnlyList<TraceView> Traces { get; }

    /// <summary>Chart title.</summary>
    public string? Title { get; }

    /// <summary>Font family.</summary>
    public string Font { get; }

    /// <summary>Text colour.</summary>
    public string TextColor { get; }

    /// <summary>Plotting-area background.</summary>
    public string PlotBackground { get; }

    /// <summary>Layout shapes.</summary>
    public IReadOnlyList<JsonObject> Shapes { get; }

    /// <summary>Layout annotations.</summary>
    public IReadOnlyList<JsonObject> Annotations { get; }

    /// <summary>Reads a figure <c>{data, layout}</c>.</summary>
    public static FigureView Parse(JsonObject figure)
    {
        var layout = figure["layout"] as JsonObject ?? [];
        var palette = (layout["colorway"] ?? layout["template"]?["layout"]?["colorway"]) is JsonArray colorway && colorway.Count > 0
            ? colorway.Select(c => Text(c) ?? "#1f77b4").ToArray()
            : [.. Theme.Default.Palette];
        var data = figure["data"] as JsonArray ?? [];
        var traces = data.OfType<JsonObject>().Select((t, i) => new TraceView(t, palette[i % palette.Length])).ToList();
        return new FigureView(layout, traces);
    }

    /// <summary>The subplots to draw: every (x, y) axis pair a trace uses, and the first axes of a chart without traces.</summary>
    public IReadOnlyList<(string X, string Y)> Subplots()
    {
        var pairs = Traces.Select(t => (t.XAxis, t.YAxis)).Distinct().ToList();
        foreach (var key in Layout.Select(p => p.Key).Where(k => k.StartsWith("xaxis", StringComparison.Ordinal)))
        {
            var x = "x" + key[5..];
            var y = Text(Layout[key]?["anchor"]) ?? "y";
            if (!pairs.Any(p => p.XAxis == x) && y.StartsWith('y')) pairs.Add((x, y));
        }

        if (pairs.Count == 0) pairs.Add(("x", "y"));
        return pairs;
    }

    /// <summary>The layout object of axis <paramref name="id"/> (<c>x</c>, <c>y2</c>, ...), empty when absent.</summary>
    public JsonObject Axis(string id) => Layout[id[..1] + "axis" + id[1..]] as JsonObject ?? [];

    /// <summary>An axis's domain, [0, 1] by default.</summary>
    public (double From, double To) Domain(string id) =>
        Axis(id)["domain"] is JsonArray { Count: 2 } d && Number(d[0]) is double a && Number(d[1]) is double b ? (a, b) : (0, 1);

    /// <summary>A JSON string's text, or <see langword="null"/>.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>A JSON number, or <see langword="null"/> for anything else (a gap).</summary>
    public static double? Number(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    /// <summary>A JSON array of numbers, NaN for gaps and non-numbers.</summary>
    public static double[] Numbers(JsonNode? node) => node is JsonArray a ? [.. a.Select(v => Number(v) ?? double.NaN)] : [];

    /// <summary>A date written as plotly.js reads it (<c>yyyy-MM-dd</c>, optionally with a time), or <see langword="null"/>.</summary>
    public static DateOnly? Date(string text) =>
        text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

/// <summary>One trace of a <see cref="FigureView"/>.</summary>
internal sealed class TraceView
{
    public TraceView(JsonObject json, string paletteColor)
    {
        Json = json;
        Type = FigureView.Text(json["type"]) ?? "scatter";
        Name = FigureView.Text(json["name"]);
        ShowLegend = json["showlegend"] is not JsonValue legend || legend.GetValueKind() != JsonValueKind.False;
        Color = FigureView.Text(json["line"]?["color"]) ?? FigureView.Text(json["marker"]?["color"]) ?? paletteColor;
        Opacity = FigureView.Number(json["opacity"]) ?? 1;
        XAxis = FigureView.Text(json["xaxis"]) ?? "x";
        YAxis = FigureView.Text(json["yaxis"]) ?? "y";
    }

    /// <summary>The trace's JSON.</summary>
    public JsonObject Json { get; }

    /// <summary>plotly.js trace type.</summary>
    public string Type { get; }

    /// <summary>Legend name.</summary>
    public string? Name { get; }

    /// <summary>Whether the trace has a legend entry (plotly.js's default: yes).</summary>
    public bool ShowLegend { get; }

    /// <summary>Its colour, or the palette's for its position.</summary>
    public string Color { get; }

    /// <summary>Opacity.</summary>
    public double Opacity { get; }

    /// <summary>x axis id.</summary>
    public string XAxis { get; }

    /// <summary>y axis id.</summary>
    public string YAxis { get; }

    /// <summary>The y values (NaN for gaps).</summary>
    public double[] Y => FigureView.Numbers(Json["y"]);

    /// <summary>The x values as written: numbers, date strings or labels.</summary>
    public JsonArray X => Json["x"] as JsonArray ?? [];
}
