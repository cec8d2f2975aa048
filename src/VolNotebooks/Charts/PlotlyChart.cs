using System.Text.Json;
using System.Text.Json.Nodes;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Plotly.NET.TraceObjects;
using DynObj = DynamicObj.DynamicObj;

namespace VolNotebooks.Charts;

/// <summary>A Plotly.NET chart as the workbook displays it: interactive with plotly.js where scripts run, a static SVG
/// drawn from the same figure JSON where they do not, and no internet needed for either.</summary>
/// <remarks>
/// Wraps a <see cref="GenericChart"/> (<see cref="Chart"/>): restyle or extend it with Plotly.NET's API and wrap the
/// result again. Displays inline in Polyglot Notebooks and in <c>volnb run</c> through the formatter convention
/// (<see cref="TypeFormatterSourceAttribute"/>), so no <c>#r "nuget:..."</c> cell or kernel extension is needed; a bare
/// <see cref="GenericChart"/> converts implicitly. The HTML is the workbook's own (<see cref="ChartPage"/>): Plotly.NET's
/// HTML would load plotly.js from a CDN.
/// </remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class PlotlyChart
{
    /// <summary>Default width in pixels of the static image and the chart's largest width on a page.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default height in pixels.</summary>
    public const int DefaultHeight = 420;

    /// <summary>Wraps a Plotly.NET chart as it is.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="width">Width of the static image and the largest width on a page; the layout's width when it has one.</param>
    public PlotlyChart(GenericChart chart, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        Chart = chart;
        Width = width ?? LayoutNumber("width") ?? DefaultWidth;
    }

    /// <summary>The Plotly.NET chart.</summary>
    public GenericChart Chart { get; }

    /// <summary>Width in pixels of the static image and the chart's largest width on a page.</summary>
    public int Width { get; }

    /// <summary>Height in pixels (the layout's height, else <see cref="DefaultHeight"/>).</summary>
    public int Height => LayoutNumber("height") ?? DefaultHeight;

    /// <summary>The chart's title, if any.</summary>
    public string? Title => GenericChart.getLayout(Chart).TryGetPropertyValue("title")?.Value is DynObj title
        ? title.TryGetPropertyValue("text")?.Value as string
        : null;

    /// <summary>Wraps a Plotly.NET chart as it is.</summary>
    /// <param name="chart">The chart.</param>
    public static implicit operator PlotlyChart(GenericChart chart) => new(chart);

    /// <summary>A chart in the workbook's style: title, size, font, grid, legend below, colours from the theme's palette
    /// for traces that name none.</summary>
    /// <param name="chart">Traces and axes built with Plotly.NET (e.g. <see cref="Plot"/>, <see cref="Subplots.Grid"/>).</param>
    /// <param name="title">Chart title.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels of the static image and the largest width on a page.</param>
    /// <param name="theme">Colours and fonts (the workbook's by default).</param>
    public static PlotlyChart Create(GenericChart chart, string? title = null, int height = DefaultHeight, int width = DefaultWidth, Theme? theme = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        theme ??= Theme.Default;
        var traces = GenericChart.getTraces(chart).ToList();
        for (var i = 0; i < traces.Count; i++) ColorIfUnset(traces[i], theme.ColorAt(i));

        var layout = GenericChart.getLayout(chart);
        var font = new Font();
        font.SetProperty("family", theme.Font);
        font.SetProperty("color", theme.Text);
        font.SetProperty("size", 12);
        var margin = new Margin();
        foreach (var (side, pixels) in new[] { ("l", 64), ("r", 24), ("t", title is null ? 36 : 64), ("b", 52) }) margin.SetProperty(side, pixels);
        var legend = new Legend();
        legend.SetProperty("orientation", "h");
        legend.SetProperty("y", -0.18);
        foreach (var (key, value) in new (string, object)[]
                 {
                     ("font", font), ("paper_bgcolor", "#ffffff"), ("plot_bgcolor", theme.PlotBackground), ("height", height), ("autosize", true),
                     ("margin", margin), ("legend", legend), ("hovermode", "x unified"),
                 })
            layout.SetProperty(key, value);
        if (title is not null)
        {
            var heading = ChartLayout.TitleOf(title);
            heading.SetProperty("x", 0.02);
            layout.SetProperty("title", heading);
        }

        var axisKeys = traces.SelectMany(t => new[] { AxisKey(t, "xaxis"), AxisKey(t, "yaxis") })
            .Concat(layout.GetPropertyNames(true).Where(k => k.StartsWith("xaxis", StringComparison.Ordinal) || k.StartsWith("yaxis", StringComparison.Ordinal)))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var key in axisKeys)
        {
            var axis = ChartLayout.AxisOf(layout, key);
            axis.SetProperty("gridcolor", theme.Grid);
            axis.SetProperty("zeroline", false);
            axis.SetProperty("automargin", true);
            if (key[0] == 'x')
            {
                var slider = new RangeSlider();
                slider.SetProperty("visible", false);
                axis.SetProperty("rangeslider", slider);
            }

            layout.SetProperty(key, axis);
        }

        var config = new Config();
        config.SetProperty("responsive", true);
        config.SetProperty("displaylogo", false);
        // Plotly.NET's own HTML (SaveHtml, Show) would reference plotly.js on a CDN: make it inline the script instead.
        var display = new DisplayOptions();
        display.SetProperty("PlotlyJSReference", PlotlyJSReference.Full);
        var styled = GenericChart.setDisplayOptions(display, GenericChart.setConfig(config, GenericChart.setLayout(layout, chart)));
        return new PlotlyChart(styled, width);
    }

    /// <summary>The figure as a plotly.js object <c>{data, layout, config}</c>, from Plotly.NET's JSON; NaN and infinite
    /// numbers (which it writes as strings) become <c>null</c>, plotly.js's gaps.</summary>
    public JsonObject ToJson()
    {
        var json = JsonNode.Parse(GenericChart.toJson(Chart))!.AsObject();
        ReplaceNonFiniteNumbers(json);
        return json;
    }

    /// <summary>The figure as plotly.js JSON text.</summary>
    /// <param name="indented">Pretty-print.</param>
    public string ToJsonString(bool indented = false) => ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    /// <summary>A static SVG image of the figure, drawn from its JSON without a browser.</summary>
    public string ToSvg() => SvgRenderer.Render(ToJson(), Width, Height);

    /// <summary>An HTML fragment: a div holding the static SVG, replaced by the interactive chart once plotly.js runs.</summary>
    /// <param name="plotly">Where plotly.js comes from when the page has not loaded it (default: the CDN, the one source a
    /// notebook viewer on another machine can reach; without it the static image stays).</param>
    public string ToHtml(PlotlySource? plotly = null) => ChartPage.Fragment(this, plotly ?? PlotlySource.Cdn);

    /// <inheritdoc />
    public override string ToString() => $"PlotlyChart({Title ?? "untitled"}, {GenericChart.countTrace(Chart)} traces)";

    private int? LayoutNumber(string key) => GenericChart.getLayout(Chart).TryGetPropertyValue(key)?.Value switch
    {
        int i => i,
        double d => (int)d,
        _ => null,
    };

    private static string AxisKey(Trace trace, string prefix) =>
        prefix + (trace.TryGetPropertyValue(prefix[..1] + "axis")?.Value is string id ? id[1..] : "");

    private static void ColorIfUnset(Trace trace, string color)
    {
        var type = trace.TryGetPropertyValue("type")?.Value as string;
        var parts = type switch
        {
            "scatter" or "scattergl" => new[] { "line", "marker" },
            "bar" or "histogram" or "box" => ["marker"],
            _ => [],
        };
        foreach (var part in parts)
        {
            var holder = trace.TryGetPropertyValue(part)?.Value as DynObj ?? (part == "line" ? new Line() : new Marker());
            if (holder.TryGetPropertyValue("color") is null) holder.SetProperty("color", color);
            trace.SetProperty(part, holder);
        }
    }

    private static bool IsNonFinite(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is "NaN" or "Infinity" or "-Infinity";

    private static void ReplaceNonFiniteNumbers(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (o[key] is { } child) ReplaceNonFiniteNumbers(child);
                }

                break;
            case JsonArray a:
                // An array of numbers, gaps and non-finite markers only: a label array that happens to hold "NaN" stays.
                var numeric = a.Count > 0 && a.All(v => v is null || (v is JsonValue value && (value.GetValueKind() == JsonValueKind.Number || IsNonFinite(value))));
                for (var i = 0; i < a.Count; i++)
                {
                    if (numeric && a[i] is JsonValue v && IsNonFinite(v))
                        a[i] = null;
                    else if (a[i] is { } child) ReplaceNonFiniteNumbers(child);
                }

                break;
        }
    }
}
