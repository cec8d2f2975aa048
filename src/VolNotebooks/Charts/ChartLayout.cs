using System.Globalization;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using DynObj = DynamicObj.DynamicObj;

namespace VolNotebooks.Charts;

/// <summary>Layout additions to a Plotly.NET chart that the workbook's charts share: axis titles and scales, and marks
/// drawn in data coordinates (a split date, a shaded training period, a reference level).</summary>
/// <remarks>Each returns a new <see cref="GenericChart"/> with Plotly.NET objects (<see cref="LinearAxis"/>,
/// <see cref="Shape"/>, <see cref="Annotation"/>) added to its layout, so a chart stays restylable with Plotly.NET's API.
/// Marks refer to the chart's first axes (<c>x</c>, <c>y</c>); <see cref="Subplots.Grid"/> moves them with their cell.</remarks>
public static class ChartLayout
{
    /// <summary>Sets titles, scales and ranges of the chart's x and y axes (what is <see langword="null"/> is left as it is).</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="xTitle">x axis title.</param>
    /// <param name="yTitle">y axis title.</param>
    /// <param name="xType">x axis scale, e.g. <see cref="StyleParam.AxisType.Date"/>.</param>
    /// <param name="yType">y axis scale, e.g. <see cref="StyleParam.AxisType.Log"/>.</param>
    /// <param name="yRange">Fixed y range in data units (for a log axis too: its log10 is written, as plotly.js wants).</param>
    /// <param name="yTickFormat">d3 tick format of y, e.g. <c>.1%</c>.</param>
    public static GenericChart WithAxes(this GenericChart chart, string? xTitle = null, string? yTitle = null, StyleParam.AxisType? xType = null,
        StyleParam.AxisType? yType = null, (double Min, double Max)? yRange = null, string? yTickFormat = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var layout = GenericChart.getLayout(chart);
        var x = AxisOf(layout, "xaxis");
        var y = AxisOf(layout, "yaxis");
        if (xTitle is not null) x.SetProperty("title", TitleOf(xTitle));
        if (xType is not null) x.SetProperty("type", xType.Convert());
        if (yTitle is not null) y.SetProperty("title", TitleOf(yTitle));
        if (yType is not null) y.SetProperty("type", yType.Convert());
        if (yTickFormat is not null) y.SetProperty("tickformat", yTickFormat);
        if (yRange is var (min, max))
            y.SetProperty("range", Equals(yType, StyleParam.AxisType.Log) ? new[] { Math.Log10(min), Math.Log10(max) } : new[] { min, max });
        layout.SetProperty("xaxis", x);
        layout.SetProperty("yaxis", y);
        return GenericChart.setLayout(layout, chart);
    }

    /// <summary>Labels the y axis at given positions instead of with numbers (e.g. one row per feature), widening the
    /// left margin to fit them.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="positions">Where the labels go on the y axis.</param>
    /// <param name="labels">One label per position.</param>
    public static GenericChart WithYLabels(this GenericChart chart, double[] positions, string[] labels)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(labels);
        if (positions.Length != labels.Length) throw new ArgumentException($"{positions.Length} positions but {labels.Length} labels", nameof(labels));
        var layout = GenericChart.getLayout(chart);
        var y = AxisOf(layout, "yaxis");
        y.SetProperty("tickvals", positions);
        y.SetProperty("ticktext", labels);
        y.SetProperty("automargin", true);   // room for the longest label
        layout.SetProperty("yaxis", y);
        return GenericChart.setLayout(layout, chart);
    }

    /// <summary>A full-height vertical line at a date (a split date, the start of a test period), labelled at its top.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="date">Where.</param>
    /// <param name="label">Text at its top.</param>
    /// <param name="color">Line colour.</param>
    public static GenericChart WithVerticalLine(this GenericChart chart, DateOnly date, string? label = null, string color = "#555555") =>
        chart.WithShape("line", DateText(date), DateText(date), 0, 1, yDomain: true, color, "dash", label);

    /// <summary>A full-height vertical line at a number (an epoch, a lag), labelled at its top.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="x">Where.</param>
    /// <param name="label">Text at its top.</param>
    public static GenericChart WithVerticalLine(this GenericChart chart, double x, string? label = null) =>
        chart.WithShape("line", x, x, 0, 1, yDomain: true, "#555555", "dash", label);

    /// <summary>A horizontal dashed line at <paramref name="y"/> from <paramref name="x0"/> to <paramref name="x1"/>
    /// (a confidence band's edge, a coin's 0.5).</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="y">Level, in y's unit.</param>
    /// <param name="x0">Left end.</param>
    /// <param name="x1">Right end.</param>
    public static GenericChart WithHorizontalLine(this GenericChart chart, double y, double x0, double x1) =>
        chart.WithShape("line", x0, x1, y, y, yDomain: false, "#555555", "dash", label: null);

    /// <summary>A shaded band between two dates over a share of the plot height (e.g. a training period).</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="from">Left edge.</param>
    /// <param name="to">Right edge.</param>
    /// <param name="color">Fill colour.</param>
    /// <param name="label">Text at its top left.</param>
    /// <param name="opacity">Fill opacity.</param>
    /// <param name="top">Top of the band as a fraction of the plot height (1: full height).</param>
    public static GenericChart WithBand(this GenericChart chart, DateOnly from, DateOnly to, string color, string? label = null, double opacity = 0.12, double top = 1) =>
        chart.WithShape("rect", DateText(from), DateText(to), 0, top, yDomain: true, color, "solid", label, opacity);

    /// <summary>The chart's layout axis <paramref name="key"/> (<c>xaxis</c>, <c>yaxis2</c>, ...), created when absent.</summary>
    internal static LinearAxis AxisOf(Layout layout, string key) =>
        layout.TryGetPropertyValue(key)?.Value as LinearAxis ?? new LinearAxis();

    /// <summary>A plotly.js title object with <paramref name="text"/>.</summary>
    internal static Title TitleOf(string text)
    {
        var title = new Title();
        title.SetProperty("text", text);
        return title;
    }

    private static GenericChart WithShape(this GenericChart chart, string kind, object x0, object x1, double y0, double y1, bool yDomain, string color,
        string dash, string? label, double opacity = 0.12)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var yRef = yDomain ? "y domain" : "y";
        var shape = new Shape();
        foreach (var (key, value) in new (string, object)[] { ("type", kind), ("xref", "x"), ("yref", yRef), ("x0", x0), ("x1", x1), ("y0", y0), ("y1", y1) })
            shape.SetProperty(key, value);
        var line = new Line();
        line.SetProperty("color", color);
        line.SetProperty("width", kind == "rect" ? 0 : 1.5);
        line.SetProperty("dash", dash);
        shape.SetProperty("line", line);
        if (kind == "rect")
        {
            shape.SetProperty("fillcolor", color);
            shape.SetProperty("opacity", opacity);
            shape.SetProperty("layer", "below");
        }

        chart = Plotly.NET.Chart.withShape(shape, true).Invoke(chart);
        if (label is null) return chart;
        var annotation = new Annotation();
        foreach (var (key, value) in new (string, object)[]
                 {
                     ("text", label), ("showarrow", false), ("xref", "x"), ("yref", yRef), ("x", x0), ("y", y1), ("xanchor", "left"), ("yanchor", "top"),
                 })
            annotation.SetProperty(key, value);
        var font = new DynObj();
        font.SetProperty("size", 11);
        annotation.SetProperty("font", font);
        return Plotly.NET.Chart.withAnnotation(annotation, true).Invoke(chart);
    }

    private static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
