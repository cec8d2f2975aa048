using System.Text.Json.Nodes;

namespace VolNotebooks.Charts;

/// <summary>One data series of a <see cref="Figure"/>, serialized as a plotly.js trace.</summary>
public abstract record Trace
{
    /// <summary>Legend name.</summary>
    public string? Name { get; init; }

    /// <summary>Colour (CSS); the theme's palette when <see langword="null"/>.</summary>
    public string? Color { get; init; }

    /// <summary>Whether the trace appears in the legend.</summary>
    public bool ShowLegend { get; init; } = true;

    /// <summary>Opacity in [0, 1].</summary>
    public double Opacity { get; init; } = 1;

    /// <summary>The x axis id (<c>x</c>, <c>x2</c>, ...); set by <see cref="Figure.Add(Trace, int, int)"/> for subplots.</summary>
    public string XAxis { get; init; } = "x";

    /// <summary>The y axis id (<c>y</c>, <c>y2</c>, ...).</summary>
    public string YAxis { get; init; } = "y";

    /// <summary>The plotly.js trace type.</summary>
    public abstract string Type { get; }

    /// <summary>The trace as a plotly.js JSON object.</summary>
    /// <param name="color">The resolved colour.</param>
    public JsonObject ToJson(string color)
    {
        var json = new JsonObject { ["type"] = Type, ["showlegend"] = ShowLegend, ["xaxis"] = XAxis, ["yaxis"] = YAxis };
        if (Name is not null) json["name"] = Name;
        if (Opacity < 1) json["opacity"] = Opacity;
        WriteData(json, color);
        return json;
    }

    /// <summary>Adds the trace-specific fields.</summary>
    /// <param name="json">The trace object being built.</param>
    /// <param name="color">The resolved colour.</param>
    protected abstract void WriteData(JsonObject json, string color);
}

/// <summary>How a scatter trace is drawn.</summary>
public enum ScatterMode
{
    /// <summary>Connected lines.</summary>
    Lines,

    /// <summary>Markers only.</summary>
    Markers,

    /// <summary>Lines with markers.</summary>
    LinesAndMarkers,
}

/// <summary>A line or scatter plot of y against x.</summary>
/// <param name="X">Positions along x (numbers, dates or categories).</param>
/// <param name="Y">Values; NaN leaves a gap.</param>
public sealed record Scatter(AxisData X, double[] Y) : Trace
{
    /// <summary>Lines, markers or both.</summary>
    public ScatterMode Mode { get; init; } = ScatterMode.Lines;

    /// <summary>Line width in pixels.</summary>
    public double LineWidth { get; init; } = 1.5;

    /// <summary>Line dash: <c>solid</c>, <c>dash</c>, <c>dot</c>, <c>dashdot</c>.</summary>
    public string Dash { get; init; } = "solid";

    /// <summary>Marker diameter in pixels.</summary>
    public double MarkerSize { get; init; } = 5;

    /// <inheritdoc />
    public override string Type => "scatter";

    /// <inheritdoc />
    protected override void WriteData(JsonObject json, string color)
    {
        json["x"] = X.ToJson();
        json["y"] = Json.Numbers(Y);
        json["mode"] = Mode switch { ScatterMode.Lines => "lines", ScatterMode.Markers => "markers", _ => "lines+markers" };
        json["line"] = new JsonObject { ["color"] = color, ["width"] = LineWidth, ["dash"] = Dash };
        json["marker"] = new JsonObject { ["color"] = color, ["size"] = MarkerSize };
    }
}

/// <summary>Vertical bars of height y at each x.</summary>
/// <param name="X">Bar positions (numbers, dates or categories).</param>
/// <param name="Y">Bar heights.</param>
/// <remarks>Several bar traces on one subplot are drawn side by side per category (plotly.js's default <c>group</c> mode).</remarks>
public sealed record Bar(AxisData X, double[] Y) : Trace
{
    /// <summary>Half-length of an error bar per bar (drawn from y - e to y + e), in y's unit; a non-finite entry draws none;
    /// <see langword="null"/> for no error bars.</summary>
    public double[]? ErrorY { get; init; }

    /// <inheritdoc />
    public override string Type => "bar";

    /// <inheritdoc />
    protected override void WriteData(JsonObject json, string color)
    {
        json["x"] = X.ToJson();
        json["y"] = Json.Numbers(Y);
        json["marker"] = new JsonObject { ["color"] = color };
        if (ErrorY is not null) json["error_y"] = new JsonObject { ["type"] = "data", ["array"] = Json.Numbers(ErrorY), ["visible"] = true, ["color"] = "#333333" };
    }
}

/// <summary>A histogram of values, binned by plotly.js (and identically by the static renderer).</summary>
/// <param name="Values">The sample; non-finite values are ignored.</param>
public sealed record Histogram(double[] Values) : Trace
{
    /// <summary>Number of equal-width bins over the sample's range.</summary>
    public int Bins { get; init; } = 50;

    /// <summary>Scale bars as a probability density (area 1), so a density curve can be overlaid.</summary>
    public bool Density { get; init; }

    /// <inheritdoc />
    public override string Type => "histogram";

    /// <summary>Bin edges and heights, as drawn: <see cref="Bins"/> equal bins from the minimum to the maximum.</summary>
    public (double Start, double Width, double[] Heights) Binned()
    {
        var finite = Values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return (0, 1, new double[Bins]);
        var min = finite.Min();
        var max = finite.Max();
        var width = max > min ? (max - min) / Bins : 1;
        var heights = new double[Bins];
        foreach (var v in finite) heights[Math.Min(Bins - 1, (int)((v - min) / width))]++;
        if (Density)
        {
            for (var i = 0; i < Bins; i++) heights[i] /= finite.Length * width;
        }

        return (min, width, heights);
    }

    /// <inheritdoc />
    protected override void WriteData(JsonObject json, string color)
    {
        var (start, width, _) = Binned();
        json["x"] = Json.Numbers(Values);
        json["xbins"] = new JsonObject { ["start"] = start, ["end"] = start + (width * Bins), ["size"] = width };
        json["autobinx"] = false;
        if (Density) json["histnorm"] = "probability density";
        json["marker"] = new JsonObject { ["color"] = color };
    }
}

/// <summary>A colour-coded matrix, e.g. correlations or attention weights.</summary>
/// <param name="Z">Values <c>[rows, columns]</c>.</param>
/// <param name="X">Column labels.</param>
/// <param name="Y">Row labels.</param>
public sealed record Heatmap(double[,] Z, string[] X, string[] Y) : Trace
{
    /// <summary>plotly.js colour scale name.</summary>
    public string ColorScale { get; init; } = "RdBu";

    /// <summary>Centre of a diverging colour scale (e.g. 0 for correlations), or <see langword="null"/>.</summary>
    public double? ZMid { get; init; }

    /// <summary>Print each cell's value on it.</summary>
    public bool ShowValues { get; init; }

    /// <inheritdoc />
    public override string Type => "heatmap";

    /// <inheritdoc />
    protected override void WriteData(JsonObject json, string color)
    {
        var rows = new JsonArray();
        for (var i = 0; i < Z.GetLength(0); i++)
            rows.Add(Json.Numbers(Enumerable.Range(0, Z.GetLength(1)).Select(j => Z[i, j])));
        json["z"] = rows;
        json["x"] = new JsonArray(X.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        json["y"] = new JsonArray(Y.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        json["colorscale"] = ColorScale;
        if (ZMid is double mid) json["zmid"] = mid;
        if (ShowValues)
        {
            json["texttemplate"] = "%{z:.2f}";
            json["textfont"] = new JsonObject { ["size"] = 9 };
        }
    }
}

/// <summary>A box plot of one sample: median, quartiles, whiskers at 1.5 IQR, outliers.</summary>
/// <param name="Values">The sample.</param>
public sealed record Box(double[] Values) : Trace
{
    /// <inheritdoc />
    public override string Type => "box";

    /// <inheritdoc />
    protected override void WriteData(JsonObject json, string color)
    {
        json["y"] = Json.Numbers(Values);
        json["marker"] = new JsonObject { ["color"] = color };
        json["boxpoints"] = "outliers";
    }
}

/// <summary>Daily open-high-low-close candles.</summary>
/// <param name="X">Dates.</param>
/// <param name="Open">Opening prices.</param>
/// <param name="High">Highs.</param>
/// <param name="Low">Lows.</param>
/// <param name="Close">Closes.</param>
public sealed record Candlestick(AxisData X, double[] Open, double[] High, double[] Low, double[] Close) : Trace
{
    /// <inheritdoc />
    public override string Type => "candlestick";

    /// <summary>Colour of a rising candle.</summary>
    public string RisingColor { get; init; } = "#2ca02c";

    /// <summary>Colour of a falling candle.</summary>
    public string FallingColor { get; init; } = "#d62728";

    /// <inheritdoc />
    protected override void WriteData(JsonObject json, string color)
    {
        json["x"] = X.ToJson();
        json["open"] = Json.Numbers(Open);
        json["high"] = Json.Numbers(High);
        json["low"] = Json.Numbers(Low);
        json["close"] = Json.Numbers(Close);
        json["increasing"] = new JsonObject { ["line"] = new JsonObject { ["color"] = RisingColor } };
        json["decreasing"] = new JsonObject { ["line"] = new JsonObject { ["color"] = FallingColor } };
    }
}
