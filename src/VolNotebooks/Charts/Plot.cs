using System.Globalization;
using Plotly.NET;
using Plotly.NET.TraceObjects;
using PlotlyCSharp = Plotly.NET.CSharp;

namespace VolNotebooks.Charts;

/// <summary>The workbook's trace kinds as Plotly.NET charts: thin calls of Plotly.NET's own constructors (without its
/// global defaults, so the workbook's layout applies) with the few plotly.js attributes the C# API does not expose.</summary>
/// <remarks>A trace without a colour gets the theme palette's colour for its position when the chart is wrapped by
/// <see cref="PlotlyChart.Create"/>. Dates are written as <c>yyyy-MM-dd</c> strings, which plotly.js reads as a date
/// axis; NaN values are gaps.</remarks>
public static class Plot
{
    /// <summary>A line or scatter of y against dates.</summary>
    /// <param name="x">Dates.</param>
    /// <param name="y">Values; NaN leaves a gap.</param>
    /// <param name="name">Legend name.</param>
    /// <param name="mode">Lines, markers or both.</param>
    /// <param name="color">CSS colour; the palette's when <see langword="null"/>.</param>
    /// <param name="lineWidth">Line width in pixels.</param>
    /// <param name="dash">Line dash.</param>
    /// <param name="markerSize">Marker diameter in pixels.</param>
    /// <param name="opacity">Opacity in [0, 1].</param>
    /// <param name="showLegend">Whether the trace appears in the legend.</param>
    public static GenericChart Scatter(DateOnly[] x, double[] y, string? name = null, ScatterMode mode = ScatterMode.Lines, string? color = null,
        double lineWidth = 1.5, StyleParam.DrawingStyle? dash = null, double markerSize = 5, double opacity = 1, bool showLegend = true) =>
        Scatter(Dates(x), y, name, mode, color, lineWidth, dash, markerSize, opacity, showLegend);

    /// <summary>A line or scatter of y against numbers or category labels.</summary>
    /// <typeparam name="TX">The x values' type: a number or a string label.</typeparam>
    /// <param name="x">Positions along x.</param>
    /// <param name="y">Values; NaN leaves a gap.</param>
    /// <param name="name">Legend name.</param>
    /// <param name="mode">Lines, markers or both.</param>
    /// <param name="color">CSS colour; the palette's when <see langword="null"/>.</param>
    /// <param name="lineWidth">Line width in pixels.</param>
    /// <param name="dash">Line dash (solid when <see langword="null"/>).</param>
    /// <param name="markerSize">Marker diameter in pixels.</param>
    /// <param name="opacity">Opacity in [0, 1].</param>
    /// <param name="showLegend">Whether the trace appears in the legend.</param>
    public static GenericChart Scatter<TX>(IEnumerable<TX> x, double[] y, string? name = null, ScatterMode mode = ScatterMode.Lines, string? color = null,
        double lineWidth = 1.5, StyleParam.DrawingStyle? dash = null, double markerSize = 5, double opacity = 1, bool showLegend = true)
        where TX : IConvertible
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var plotlyMode = mode switch
        {
            ScatterMode.Lines => StyleParam.Mode.Lines,
            ScatterMode.Markers => StyleParam.Mode.Markers,
            _ => StyleParam.Mode.Lines_Markers,
        };
        var chart = PlotlyCSharp.Chart.Scatter<TX, double, string>(x, y, plotlyMode,
            Name: Optional(name), ShowLegend: showLegend, Opacity: opacity < 1 ? opacity : default(PlotlyCSharp.Optional<double>),
            MarkerColor: OptionalColor(color), LineColor: OptionalColor(color), LineWidth: lineWidth, LineDash: dash ?? StyleParam.DrawingStyle.Solid,
            UseDefaults: false);
        return Style(chart, trace => ((DynamicObj.DynamicObj)trace.GetPropertyValue("marker")).SetProperty("size", markerSize));
    }

    /// <summary>Vertical bars of height y at each x; several bar traces on one subplot stand side by side per category
    /// (plotly.js's <c>group</c> mode).</summary>
    /// <typeparam name="TX">The x values' type: a number or a string label.</typeparam>
    /// <param name="x">Bar positions.</param>
    /// <param name="y">Bar heights.</param>
    /// <param name="name">Legend name.</param>
    /// <param name="color">CSS colour; the palette's when <see langword="null"/>.</param>
    /// <param name="errorY">Half-length of an error bar per bar (drawn from y - e to y + e), in y's unit; a non-finite
    /// entry draws none; <see langword="null"/> for no error bars.</param>
    /// <param name="showLegend">Whether the trace appears in the legend.</param>
    public static GenericChart Bar<TX>(IEnumerable<TX> x, double[] y, string? name = null, string? color = null, double[]? errorY = null, bool showLegend = true)
        where TX : IConvertible
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var chart = PlotlyCSharp.Chart.Column<double, TX, string>(y, Keys: new PlotlyCSharp.Optional<IEnumerable<TX>>(x, true), Name: Optional(name),
            ShowLegend: showLegend, MarkerColor: OptionalColor(color), UseDefaults: false);
        if (errorY is null) return chart;
        return Style(chart, trace =>
        {
            var error = new Error();
            error.SetProperty("type", "data");
            error.SetProperty("array", errorY);
            error.SetProperty("visible", true);
            error.SetProperty("color", "#333333");
            trace.SetProperty("error_y", error);
        });
    }

    /// <summary>A histogram of values in <paramref name="bins"/> equal-width bins from the sample's minimum to its maximum
    /// (the bins are written into the chart, so plotly.js and the static image bin alike).</summary>
    /// <param name="values">The sample; non-finite values are ignored.</param>
    /// <param name="bins">Number of bins.</param>
    /// <param name="density">Scale bars as a probability density (area 1), so a density curve can be overlaid.</param>
    /// <param name="name">Legend name.</param>
    /// <param name="color">CSS colour; the palette's when <see langword="null"/>.</param>
    public static GenericChart Histogram(double[] values, int bins = 50, bool density = false, string? name = null, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var finite = values.Where(double.IsFinite).ToArray();
        var (start, width) = HistogramBins.Edges(finite, bins);
        var chart = PlotlyCSharp.Chart.Histogram<double, double, string>(X: finite, Name: Optional(name), MarkerColor: OptionalColor(color),
            HistNorm: density ? StyleParam.HistNorm.ProbabilityDensity : default(PlotlyCSharp.Optional<StyleParam.HistNorm>), UseDefaults: false);
        return Style(chart, trace =>
        {
            var xbins = new Bins();
            xbins.SetProperty("start", start);
            xbins.SetProperty("end", start + (width * bins));
            xbins.SetProperty("size", width);
            trace.SetProperty("xbins", xbins);
            trace.SetProperty("autobinx", false);
        });
    }

    /// <summary>A colour-coded matrix, e.g. correlations or attention weights.</summary>
    /// <param name="z">Values <c>[rows, columns]</c>.</param>
    /// <param name="x">Column labels.</param>
    /// <param name="y">Row labels.</param>
    /// <param name="colorScale">plotly.js colour scale name, e.g. <c>RdBu</c> or <c>Viridis</c>.</param>
    /// <param name="reverseScale">Reverse the colour scale.</param>
    /// <param name="zMid">Centre of a diverging colour scale (e.g. 0 for correlations), or <see langword="null"/>.</param>
    /// <param name="showValues">Print each cell's value on it (two decimals).</param>
    public static GenericChart Heatmap(double[,] z, string[] x, string[] y, string colorScale = "RdBu", bool reverseScale = false, double? zMid = null, bool showValues = false)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (z.GetLength(0) != y.Length || z.GetLength(1) != x.Length)
            throw new ArgumentException($"z is [{z.GetLength(0)}, {z.GetLength(1)}] but there are {y.Length} row and {x.Length} column labels", nameof(z));
        var rows = Enumerable.Range(0, z.GetLength(0)).Select(i => Enumerable.Range(0, z.GetLength(1)).Select(j => z[i, j]).ToArray()).ToArray();
        var chart = PlotlyCSharp.Chart.Heatmap<double, string, string, string>(rows, X: x, Y: y, ShowLegend: false, UseDefaults: false);
        return Style(chart, trace =>
        {
            trace.SetProperty("colorscale", colorScale);
            if (reverseScale) trace.SetProperty("reversescale", true);
            if (zMid is double mid) trace.SetProperty("zmid", mid);
            if (!showValues) return;
            trace.SetProperty("texttemplate", "%{z:.2f}");
            var font = new Font();
            font.SetProperty("size", 9);
            trace.SetProperty("textfont", font);
        });
    }

    /// <summary>A box plot of one sample: median, quartiles, whiskers at 1.5 IQR, outliers.</summary>
    /// <param name="values">The sample.</param>
    /// <param name="name">Name (the box's label on the x axis).</param>
    /// <param name="color">CSS colour; the palette's when <see langword="null"/>.</param>
    public static GenericChart Box(double[] values, string? name = null, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return PlotlyCSharp.Chart.BoxPlot<string, double, string>(Y: values, Name: Optional(name), MarkerColor: OptionalColor(color),
            BoxPoints: StyleParam.BoxPoints.Outliers, UseDefaults: false);
    }

    /// <summary>Daily open-high-low-close candles.</summary>
    /// <param name="x">Dates.</param>
    /// <param name="open">Opening prices.</param>
    /// <param name="high">Highs.</param>
    /// <param name="low">Lows.</param>
    /// <param name="close">Closes.</param>
    /// <param name="name">Legend name.</param>
    /// <param name="showLegend">Whether the trace appears in the legend.</param>
    /// <param name="risingColor">Colour of a rising candle.</param>
    /// <param name="fallingColor">Colour of a falling candle.</param>
    public static GenericChart Candlestick(DateOnly[] x, double[] open, double[] high, double[] low, double[] close, string? name = null, bool showLegend = true,
        string risingColor = "#2ca02c", string fallingColor = "#d62728")
    {
        ArgumentNullException.ThrowIfNull(x);
        // This binding gives its optional parameters no defaults: every one is passed.
        var chart = PlotlyCSharp.Chart.Candlestick<double, string, string>(open, high, low, close,
            X: new PlotlyCSharp.Optional<IEnumerable<string>>(Dates(x), true), MultiX: default, Name: Optional(name), ShowLegend: showLegend, Opacity: default,
            Text: default, MultiText: default, Line: default, IncreasingColor: default, Increasing: default, DecreasingColor: default, Decreasing: default,
            WhiskerWidth: default, ShowXAxisRangeSlider: false, UseDefaults: false);
        return Style(chart, trace =>
        {
            trace.SetProperty("increasing", LineOf(risingColor));
            trace.SetProperty("decreasing", LineOf(fallingColor));
        });
    }

    /// <summary>Dates as the <c>yyyy-MM-dd</c> strings plotly.js reads as a date axis.</summary>
    /// <param name="dates">The dates.</param>
    public static string[] Dates(IEnumerable<DateOnly> dates) =>
        [.. dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private static DynamicObj.DynamicObj LineOf(string color)
    {
        var line = new Line();
        line.SetProperty("color", color);
        var holder = new DynamicObj.DynamicObj();
        holder.SetProperty("line", line);
        return holder;
    }

    /// <summary>Colours a marker trace's points by value on a two-colour scale (plotly.js <c>marker.color</c> with a
    /// colour scale), optionally with the scale drawn beside the plot.</summary>
    /// <param name="chart">A chart of marker traces (e.g. from <see cref="Scatter{TX}"/>).</param>
    /// <param name="values">One value per point, on the scale's range [<paramref name="low"/>, <paramref name="high"/>].</param>
    /// <param name="low">The value drawn in <paramref name="lowColor"/>.</param>
    /// <param name="high">The value drawn in <paramref name="highColor"/>.</param>
    /// <param name="lowColor">CSS colour at <paramref name="low"/>.</param>
    /// <param name="highColor">CSS colour at <paramref name="high"/>.</param>
    /// <param name="scaleTitle">Title of the colour bar; <see langword="null"/> draws none.</param>
    /// <param name="tickLabels">Labels at the two ends of the colour bar (e.g. "low", "high").</param>
    public static GenericChart ColorByValue(
        GenericChart chart, double[] values, double low, double high, string lowColor, string highColor, string? scaleTitle = null,
        (string Low, string High)? tickLabels = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(values);
        return Style(chart, trace =>
        {
            var marker = (DynamicObj.DynamicObj)trace.GetPropertyValue("marker");
            marker.SetProperty("color", values);
            marker.SetProperty("colorscale", new object[] { new object[] { 0, lowColor }, new object[] { 1, highColor } });
            marker.SetProperty("cmin", low);
            marker.SetProperty("cmax", high);
            marker.SetProperty("showscale", scaleTitle is not null);
            if (scaleTitle is null) return;
            var bar = new DynamicObj.DynamicObj();
            var title = new DynamicObj.DynamicObj();
            title.SetProperty("text", scaleTitle);
            bar.SetProperty("title", title);
            if (tickLabels is { } labels)
            {
                bar.SetProperty("tickvals", new[] { low, high });
                bar.SetProperty("ticktext", new[] { labels.Low, labels.High });
            }

            marker.SetProperty("colorbar", bar);
        });
    }

    private static GenericChart Style(GenericChart chart, Action<Trace> style) =>
        GenericChart.mapTrace(Microsoft.FSharp.Core.FuncConvert.FromFunc<Trace, Trace>(trace =>
        {
            style(trace);
            return trace;
        }), chart);

    private static PlotlyCSharp.Optional<string> Optional(string? value) => value is null ? default : new(value, true);

    private static PlotlyCSharp.Optional<Color> OptionalColor(string? color) => color is null ? default : new(Color.fromString(color), true);
}
