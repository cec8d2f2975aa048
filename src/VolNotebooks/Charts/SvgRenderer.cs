using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VolNotebooks.Charts;

/// <summary>Draws a plotly.js figure JSON as a static SVG image, without a browser: the picture GitHub and other
/// script-free viewers show in place of the interactive chart.</summary>
/// <remarks>Reads the same figure JSON plotly.js draws (a <see cref="PlotlyChart"/>'s, or any Plotly.NET chart's): scatter,
/// bar (grouped, with error bars), histogram, heatmap, box and candlestick traces on a grid of subplots, with shapes and
/// annotations; long line series are reduced to the minimum and maximum of each pixel column, which draws the same
/// picture with a bounded number of points. Trace kinds it does not know are left out of the image, not guessed.</remarks>
internal static class SvgRenderer
{
    private const double Left = 66, Right = 24, Bottom = 48, LegendHeight = 22;

    public static string Render(JsonObject figureJson, int width, int height)
    {
        var figure = FigureView.Parse(figureJson);
        var w = (double)width;
        var h = (double)height;
        var legend = figure.Traces.Where(t => t.ShowLegend && t.Name is not null).ToList();
        var titled = figure.Annotations.Any(a => FigureView.Text(a["yref"]) == "paper" && FigureView.Text(a["yanchor"]) == "bottom");
        var top = (figure.Title is null ? 16.0 : 40.0) + (titled ? 14 : 0);
        var bottom = Bottom + (legend.Count > 0 ? LegendHeight : 0);
        var svg = new Svg(w, h, figure.Font, figure.TextColor, ContentId(figureJson));
        if (figure.Title is not null) svg.Text(12, 24, figure.Title, 16, "start", bold: true);

        var inner = new Rect(Left, top, w - Left - Right, h - top - bottom);
        foreach (var (xId, yId) in figure.Subplots())
        {
            var (xd, yd) = (figure.Domain(xId), figure.Domain(yId));
            var plot = new Rect(inner.X + (xd.From * inner.W), inner.Y + ((1 - yd.To) * inner.H), (xd.To - xd.From) * inner.W, (yd.To - yd.From) * inner.H);
            DrawSubplot(svg, figure, xId, yId, plot);
        }

        foreach (var a in figure.Annotations.Where(a => FigureView.Text(a["xref"]) == "paper" && FigureView.Text(a["yref"]) == "paper"))
        {
            var x = inner.X + ((FigureView.Number(a["x"]) ?? 0.5) * inner.W);
            var y = inner.Y + ((1 - (FigureView.Number(a["y"]) ?? 1)) * inner.H) - 5;
            svg.Text(x, y, Plain(FigureView.Text(a["text"]) ?? ""), 12, "middle", bold: true);
        }

        var legendX = Left;
        foreach (var t in legend)
        {
            svg.Raw($"<rect x=\"{F(legendX)}\" y=\"{F(h - 16)}\" width=\"14\" height=\"4\" fill=\"{t.Color}\"/>");
            svg.Text(legendX + 18, h - 10, t.Name!, 11, "start");
            legendX += 30 + (t.Name!.Length * 6.2);
        }

        return svg.ToString();
    }

    /// <summary>A short id derived from the figure's content: stable across runs, distinct between figures.</summary>
    internal static string ContentId(JsonObject figureJson)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(figureJson.ToJsonString()));
        return "vnb" + Convert.ToHexString(hash, 0, 5).ToLowerInvariant();
    }

    private static void DrawSubplot(Svg svg, FigureView figure, string xId, string yId, Rect plot)
    {
        var traces = figure.Traces.Where(t => t.XAxis == xId && t.YAxis == yId).ToList();
        var (xAxis, yAxis) = (figure.Axis(xId), figure.Axis(yId));
        var shapes = figure.Shapes.Where(s => RefersTo(s["xref"], xId) && RefersTo(s["yref"], yId)).ToList();
        var xScale = Scale.ForX(traces, xAxis, shapes);
        var yScale = Scale.ForY(traces, yAxis);
        var sx = (double v) => plot.X + ((xScale.Map(v) - xScale.Min) / (xScale.Max - xScale.Min) * plot.W);
        var sy = (double v) => plot.Y + plot.H - ((yScale.Map(v) - yScale.Min) / (yScale.Max - yScale.Min) * plot.H);
        var grid = FigureView.Text(xAxis["gridcolor"]) ?? Theme.Default.Grid;

        svg.Raw($"<rect x=\"{F(plot.X)}\" y=\"{F(plot.Y)}\" width=\"{F(plot.W)}\" height=\"{F(plot.H)}\" fill=\"{figure.PlotBackground}\" stroke=\"#cccccc\"/>");
        var showXLabels = xAxis["showticklabels"] is not JsonValue shown || shown.GetValueKind() != JsonValueKind.False;
        foreach (var (value, label) in xScale.Ticks())
        {
            var px = sx(value);
            svg.Raw($"<line x1=\"{F(px)}\" y1=\"{F(plot.Y)}\" x2=\"{F(px)}\" y2=\"{F(plot.Y + plot.H)}\" stroke=\"{grid}\"/>");
            if (showXLabels) svg.Text(px, plot.Y + plot.H + 14, label, 10, "middle");
        }

        foreach (var (value, label) in yScale.Ticks())
        {
            var py = sy(value);
            svg.Raw($"<line x1=\"{F(plot.X)}\" y1=\"{F(py)}\" x2=\"{F(plot.X + plot.W)}\" y2=\"{F(py)}\" stroke=\"{grid}\"/>");
            svg.Text(plot.X - 5, py + 3.5, label, 10, "end");
        }

        if (AxisTitle(xAxis) is string xTitle && showXLabels) svg.Text(plot.X + (plot.W / 2), plot.Y + plot.H + 30, xTitle, 11, "middle");
        if (AxisTitle(yAxis) is string yTitle)
            svg.Raw($"<text transform=\"translate({F(plot.X - 48)},{F(plot.Y + (plot.H / 2))}) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">{Escape(yTitle)}</text>");

        var clip = svg.Clip(plot);
        svg.Raw($"<g clip-path=\"url(#{clip})\">");
        foreach (var shape in shapes.Where(s => FigureView.Text(s["type"]) == "rect")) DrawShape(svg, shape, xScale, plot, sx, sy);
        var (barIndex, barCount) = (0, traces.Count(t => t.Type == "bar"));
        foreach (var trace in traces)
        {
            switch (trace.Type)
            {
                case "scatter" or "scattergl": DrawScatter(svg, trace, xScale, sx, sy, plot); break;
                case "bar": DrawBars(svg, trace, barIndex++, barCount, xScale, sx, sy, yScale); break;
                case "histogram": DrawHistogram(svg, trace, sx, sy, yScale); break;
                case "heatmap": DrawHeatmap(svg, trace, sx, sy); break;
                case "box": DrawBox(svg, trace, xScale, sx, sy); break;
                case "candlestick": DrawCandles(svg, trace, xScale, sx, sy); break;
            }
        }

        foreach (var shape in shapes.Where(s => FigureView.Text(s["type"]) == "line")) DrawShape(svg, shape, xScale, plot, sx, sy);
        foreach (var a in figure.Annotations.Where(a => RefersTo(a["xref"], xId) && RefersTo(a["yref"], yId)))
        {
            var x = xScale.Position(a["x"]);
            var yValue = FigureView.Number(a["y"]) ?? 0;
            var text = Plain(FigureView.Text(a["text"]) ?? "");
            if (!double.IsFinite(x)) continue;
            if (IsDomain(a["yref"])) svg.Text(sx(x) + 3, plot.Y + plot.H - (yValue * plot.H) + 12, text, 10, "start");
            else svg.Text(sx(x), sy(yValue) - 6, text, 10, "middle");
        }

        svg.Raw("</g>");
    }

    private static bool RefersTo(JsonNode? reference, string axisId) =>
        (FigureView.Text(reference) ?? axisId[..1]).Split(' ')[0] == axisId;

    private static bool IsDomain(JsonNode? reference) => FigureView.Text(reference)?.EndsWith(" domain", StringComparison.Ordinal) == true;

    private static string? AxisTitle(JsonObject axis) => axis["title"] switch
    {
        JsonObject t => FigureView.Text(t["text"]),
        JsonValue v => FigureView.Text(v),
        _ => null,
    };

    /// <summary>Annotation text without the HTML tags plotly.js accepts (<c>&lt;b&gt;</c>, <c>&lt;br&gt;</c>).</summary>
    private static string Plain(string text) => System.Text.RegularExpressions.Regex.Replace(text, "<[^>]+>", "");

    private static void DrawShape(Svg svg, JsonObject shape, Scale xScale, Rect plot, Func<double, double> sx, Func<double, double> sy)
    {
        var domain = IsDomain(shape["yref"]);
        double Y(string key) => FigureView.Number(shape[key]) is double v ? (domain ? plot.Y + plot.H - (v * plot.H) : sy(v)) : double.NaN;
        double x0 = sx(xScale.Position(shape["x0"])), x1 = sx(xScale.Position(shape["x1"])), y0 = Y("y0"), y1 = Y("y1");
        if (!double.IsFinite(x0) || !double.IsFinite(x1) || !double.IsFinite(y0) || !double.IsFinite(y1)) return;
        var color = FigureView.Text(shape["line"]?["color"]) ?? "#555555";
        if (FigureView.Text(shape["type"]) == "rect")
        {
            var fill = FigureView.Text(shape["fillcolor"]) ?? color;
            var opacity = FigureView.Number(shape["opacity"]) ?? 1;
            svg.Raw($"<rect x=\"{F(Math.Min(x0, x1))}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(Math.Abs(x1 - x0))}\" height=\"{F(Math.Abs(y1 - y0))}\" fill=\"{fill}\" fill-opacity=\"{F(opacity)}\"/>");
        }
        else
        {
            var dash = FigureView.Text(shape["line"]?["dash"]) is null or "solid" ? "" : " stroke-dasharray=\"5,4\"";
            svg.Raw($"<line x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x1)}\" y2=\"{F(y1)}\" stroke=\"{color}\" stroke-width=\"1.5\"{dash}/>");
        }
    }

    private static void DrawScatter(Svg svg, TraceView s, Scale xScale, Func<double, double> sx, Func<double, double> sy, Rect plot)
    {
        var (x, y) = (s.X.Select(xScale.Position).ToArray(), s.Y);
        var n = Math.Min(x.Length, y.Length);
        var mode = FigureView.Text(s.Json["mode"]) ?? "lines+markers";
        if (mode.Contains("lines", StringComparison.Ordinal))
        {
            var width = FigureView.Number(s.Json["line"]?["width"]) ?? 2;
            var dash = FigureView.Text(s.Json["line"]?["dash"]) switch
            {
                "dash" => " stroke-dasharray=\"6,4\"",
                "dot" => " stroke-dasharray=\"2,3\"",
                "dashdot" => " stroke-dasharray=\"6,3,2,3\"",
                _ => "",
            };
            foreach (var run in Runs(x, y, n))
            {
                var points = Decimate(run.Select(i => (sx(x[i]), sy(y[i]))).ToList(), plot.W);
                svg.Raw($"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"{F(width)}\" stroke-opacity=\"{F(s.Opacity)}\"{dash} points=\"{string.Join(' ', points.Select(p => F(p.X) + "," + F(p.Y)))}\"/>");
            }
        }

        if (mode.Contains("markers", StringComparison.Ordinal))
        {
            var size = FigureView.Number(s.Json["marker"]?["size"]) ?? 6;
            var step = Math.Max(1, n / 4000);
            for (var i = 0; i < n; i += step)
            {
                if (!double.IsFinite(y[i]) || !double.IsFinite(x[i])) continue;
                svg.Raw($"<circle cx=\"{F(sx(x[i]))}\" cy=\"{F(sy(y[i]))}\" r=\"{F(size / 2)}\" fill=\"{s.Color}\" fill-opacity=\"{F(0.75 * s.Opacity)}\"/>");
            }
        }
    }

    private static IEnumerable<List<int>> Runs(double[] x, double[] y, int n)
    {
        var run = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (double.IsFinite(y[i]) && double.IsFinite(x[i])) run.Add(i);
            else if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }

        if (run.Count > 0) yield return run;
    }

    /// <summary>Keeps, per pixel column, the first, lowest, highest and last point - the same line at bounded size.</summary>
    private static List<(double X, double Y)> Decimate(List<(double X, double Y)> points, double width)
    {
        if (points.Count <= 2 * width) return points;
        var result = new List<(double X, double Y)>();
        var i = 0;
        while (i < points.Count)
        {
            var column = Math.Floor(points[i].X);
            var j = i;
            int lo = i, hi = i;
            while (j < points.Count && Math.Floor(points[j].X) == column)
            {
                if (points[j].Y < points[lo].Y) lo = j;
                if (points[j].Y > points[hi].Y) hi = j;
                j++;
            }

            foreach (var k in new[] { i, lo, hi, j - 1 }.Distinct().Order()) result.Add(points[k]);
            i = j;
        }

        return result;
    }

    // Bar k of m in a group takes the k-th of m equal slices of the 80% of the category spacing, as plotly.js's group mode.
    private static void DrawBars(Svg svg, TraceView bar, int k, int m, Scale xScale, Func<double, double> sx, Func<double, double> sy, Scale yScale)
    {
        var (positions, y) = (bar.X.Select(xScale.Position).ToArray(), bar.Y);
        var n = Math.Min(positions.Length, y.Length);
        var spacing = n > 1 ? Enumerable.Range(1, n - 1).Min(i => Math.Abs(sx(positions[i]) - sx(positions[i - 1]))) : 40;
        var group = Math.Max(1, spacing * 0.8);
        var width = Math.Max(1, group / m);
        var zero = sy(yScale.Log ? yScale.Inverse(yScale.Min) : 0);
        var error = bar.Json["error_y"] is JsonObject e && !(e["visible"] is JsonValue visible && visible.GetValueKind() == JsonValueKind.False)
            ? FigureView.Numbers(e["array"])
            : null;
        var errorColor = FigureView.Text(bar.Json["error_y"]?["color"]) ?? "#333333";
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(y[i]) || !double.IsFinite(positions[i])) continue;
            var top = sy(y[i]);
            var left = sx(positions[i]) - (group / 2) + (k * width);
            svg.Raw($"<rect x=\"{F(left)}\" y=\"{F(Math.Min(top, zero))}\" width=\"{F(width)}\" height=\"{F(Math.Abs(zero - top))}\" fill=\"{bar.Color}\"/>");
            if (error is not null && i < error.Length && double.IsFinite(error[i]))
            {
                double centre = left + (width / 2), high = sy(y[i] + error[i]), low = sy(y[i] - error[i]), cap = Math.Min(4, width / 3);
                svg.Raw($"<path d=\"M{F(centre)},{F(low)}V{F(high)}M{F(centre - cap)},{F(high)}H{F(centre + cap)}M{F(centre - cap)},{F(low)}H{F(centre + cap)}\" stroke=\"{errorColor}\" fill=\"none\"/>");
            }
        }
    }

    private static void DrawHistogram(Svg svg, TraceView h, Func<double, double> sx, Func<double, double> sy, Scale yScale)
    {
        var (start, width, heights) = Binned(h);
        var zero = sy(yScale.Log ? yScale.Inverse(yScale.Min) : 0);
        for (var i = 0; i < heights.Length; i++)
        {
            if (!(heights[i] > 0)) continue;
            double x0 = sx(start + (i * width)), x1 = sx(start + ((i + 1) * width)), top = sy(heights[i]);
            svg.Raw($"<rect x=\"{F(x0)}\" y=\"{F(top)}\" width=\"{F(Math.Max(0.5, x1 - x0 - 0.5))}\" height=\"{F(Math.Max(0, zero - top))}\" fill=\"{h.Color}\" fill-opacity=\"{F(0.75 * h.Opacity)}\"/>");
        }
    }

    /// <summary>A histogram's bins as plotly.js draws them: its <c>xbins</c> when given, else 50 equal bins over the sample.</summary>
    internal static (double Start, double Width, double[] Heights) Binned(TraceView h)
    {
        var values = FigureView.Numbers(h.Json["x"]).Where(double.IsFinite).ToArray();
        var density = FigureView.Text(h.Json["histnorm"]) == "probability density";
        if (FigureView.Number(h.Json["xbins"]?["start"]) is double start && FigureView.Number(h.Json["xbins"]?["size"]) is double size && size > 0)
        {
            var end = FigureView.Number(h.Json["xbins"]?["end"]) ?? (values.Length > 0 ? values.Max() : start + size);
            var bins = Math.Max(1, (int)Math.Round((end - start) / size));
            return (start, size, HistogramBins.Heights(values, start, size, bins, density));
        }

        var (first, width) = HistogramBins.Edges(values, 50);
        return (first, width, HistogramBins.Heights(values, first, width, 50, density));
    }

    private static double[,] Matrix(TraceView heat)
    {
        var rows = heat.Json["z"] as JsonArray ?? [];
        var columns = rows.Count == 0 ? 0 : rows.Max(r => (r as JsonArray)?.Count ?? 0);
        var z = new double[rows.Count, columns];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = FigureView.Numbers(rows[i]);
            for (var j = 0; j < columns; j++) z[i, j] = j < row.Length ? row[j] : double.NaN;
        }

        return z;
    }

    private static void DrawHeatmap(Svg svg, TraceView heat, Func<double, double> sx, Func<double, double> sy)
    {
        var z = Matrix(heat);
        int rows = z.GetLength(0), columns = z.GetLength(1);
        var values = z.Cast<double>().Where(double.IsFinite).ToArray();
        if (values.Length == 0) return;
        double min = values.Min(), max = values.Max();
        if (FigureView.Number(heat.Json["zmid"]) is double mid)
        {
            var half = Math.Max(Math.Abs(max - mid), Math.Abs(mid - min));
            (min, max) = (mid - half, mid + half);
        }

        var reversed = heat.Json["reversescale"] is JsonValue r && r.GetValueKind() == JsonValueKind.True;
        var showValues = heat.Json["texttemplate"] is not null;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var value = z[i, j];
                if (!double.IsFinite(value)) continue;
                double x0 = sx(j - 0.5), x1 = sx(j + 0.5), y0 = sy(i - 0.5), y1 = sy(i + 0.5);
                var t = max > min ? (value - min) / (max - min) : 0.5;
                svg.Raw($"<rect x=\"{F(Math.Min(x0, x1))}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(Math.Abs(x1 - x0))}\" height=\"{F(Math.Abs(y1 - y0))}\" fill=\"{Diverging(reversed ? 1 - t : t)}\"/>");
                if (showValues) svg.Text((x0 + x1) / 2, ((y0 + y1) / 2) + 3, value.ToString("0.00", CultureInfo.InvariantCulture), 9, "middle");
            }
        }
    }

    private static void DrawBox(Svg svg, TraceView box, Scale xScale, Func<double, double> sx, Func<double, double> sy)
    {
        var v = box.Y.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return;
        double q1 = Quantile(v, 0.25), median = Quantile(v, 0.5), q3 = Quantile(v, 0.75), iqr = q3 - q1;
        var low = v.First(x => x >= q1 - (1.5 * iqr));
        var high = v.Last(x => x <= q3 + (1.5 * iqr));
        var position = xScale.Position(JsonValue.Create(box.Name ?? ""));
        double cx = sx(position), half = Math.Abs(sx(position + 0.3) - cx);
        var color = box.Color;
        svg.Raw($"<rect x=\"{F(cx - half)}\" y=\"{F(sy(q3))}\" width=\"{F(2 * half)}\" height=\"{F(sy(q1) - sy(q3))}\" fill=\"{color}\" fill-opacity=\"0.3\" stroke=\"{color}\"/>");
        svg.Raw($"<line x1=\"{F(cx - half)}\" y1=\"{F(sy(median))}\" x2=\"{F(cx + half)}\" y2=\"{F(sy(median))}\" stroke=\"{color}\" stroke-width=\"2\"/>");
        svg.Raw($"<line x1=\"{F(cx)}\" y1=\"{F(sy(q3))}\" x2=\"{F(cx)}\" y2=\"{F(sy(high))}\" stroke=\"{color}\"/><line x1=\"{F(cx)}\" y1=\"{F(sy(q1))}\" x2=\"{F(cx)}\" y2=\"{F(sy(low))}\" stroke=\"{color}\"/>");
        foreach (var o in v.Where(x => x < low || x > high)) svg.Raw($"<circle cx=\"{F(cx)}\" cy=\"{F(sy(o))}\" r=\"2\" fill=\"{color}\"/>");
    }

    private static void DrawCandles(Svg svg, TraceView c, Scale xScale, Func<double, double> sx, Func<double, double> sy)
    {
        var x = c.X.Select(xScale.Position).ToArray();
        var (open, high, low, close) = (FigureView.Numbers(c.Json["open"]), FigureView.Numbers(c.Json["high"]), FigureView.Numbers(c.Json["low"]), FigureView.Numbers(c.Json["close"]));
        var rising = FigureView.Text(c.Json["increasing"]?["line"]?["color"]) ?? "#2ca02c";
        var falling = FigureView.Text(c.Json["decreasing"]?["line"]?["color"]) ?? "#d62728";
        var n = new[] { x.Length, open.Length, high.Length, low.Length, close.Length }.Min();
        var spacing = n > 1 ? Math.Abs(sx(x[n - 1]) - sx(x[0])) / (n - 1) : 10;
        var width = Math.Max(1, spacing * 0.6);
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(open[i] + high[i] + low[i] + close[i])) continue;
            var color = close[i] >= open[i] ? rising : falling;
            var px = sx(x[i]);
            svg.Raw($"<line x1=\"{F(px)}\" y1=\"{F(sy(high[i]))}\" x2=\"{F(px)}\" y2=\"{F(sy(low[i]))}\" stroke=\"{color}\"/>");
            double top = sy(Math.Max(open[i], close[i])), bottom = sy(Math.Min(open[i], close[i]));
            svg.Raw($"<rect x=\"{F(px - (width / 2))}\" y=\"{F(top)}\" width=\"{F(width)}\" height=\"{F(Math.Max(0.5, bottom - top))}\" fill=\"{color}\"/>");
        }
    }

    internal static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo])) : sorted[lo];
    }

    private static string Diverging(double t)
    {
        // Red (low) -> white -> blue (high), like plotly's RdBu.
        t = Math.Clamp(t, 0, 1);
        (int R, int G, int B) low = (178, 24, 43), mid = (247, 247, 247), high = (33, 102, 172);
        var (a, b, u) = t < 0.5 ? (low, mid, t * 2) : (mid, high, (t - 0.5) * 2);
        return $"rgb({(int)(a.R + ((b.R - a.R) * u))},{(int)(a.G + ((b.G - a.G) * u))},{(int)(a.B + ((b.B - a.B) * u))})";
    }

    internal static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private readonly record struct Rect(double X, double Y, double W, double H);

    /// <summary>An axis scale: data range (log10 for log axes), the kind of its values, mapping and ticks.</summary>
    private sealed record Scale(double Min, double Max, bool Log, bool Date, List<string>? Categories)
    {
        public double Map(double v) => Log ? Math.Log10(v) : v;

        public double Inverse(double v) => Log ? Math.Pow(10, v) : v;

        /// <summary>Where a JSON x value lies on this scale: a number, a date's day number, or a category's index.</summary>
        public double Position(JsonNode? value)
        {
            if (FigureView.Number(value) is double number) return number;
            if (FigureView.Text(value) is not string text) return double.NaN;
            if (Categories is not null)
            {
                var i = Categories.IndexOf(text);
                return i >= 0 ? i : double.NaN;
            }

            return FigureView.Date(text) is DateOnly d ? d.DayNumber : double.NaN;
        }

        public static Scale ForX(List<TraceView> traces, JsonObject axis, List<JsonObject> shapes)
        {
            var type = FigureView.Text(axis["type"]);
            var firstX = traces.SelectMany(t => t.X).FirstOrDefault(v => v is not null);
            var categorical = type == "category"
                || (type is null && (traces.Any(t => t.Type is "heatmap" or "box") || (FigureView.Text(firstX) is string firstLabel && FigureView.Date(firstLabel) is null)));
            var date = type == "date" || (!categorical && FigureView.Text(firstX) is string d && FigureView.Date(d) is not null);
            List<string>? categories = null;
            if (categorical)
            {
                categories = [];
                foreach (var t in traces)
                {
                    var labels = t.Type == "box" ? [t.Name ?? ""] : t.X.Select(v => FigureView.Text(v) ?? v?.ToJsonString() ?? "");
                    foreach (var label in labels) if (!categories.Contains(label)) categories.Add(label);
                }
            }

            var scale = new Scale(0, 1, type == "log", date, categories);
            var values = new List<double>();
            foreach (var t in traces)
            {
                switch (t.Type)
                {
                    case "histogram":
                        var (start, width, heights) = Binned(t);
                        values.Add(start);
                        values.Add(start + (width * heights.Length));
                        break;
                    case "heatmap" or "box":
                        values.Add(-0.5);
                        values.Add(categories!.Count - 0.5);
                        break;
                    default:
                        values.AddRange(t.X.Select(scale.Position));
                        break;
                }
            }

            foreach (var s in shapes)
            {
                values.Add(scale.Position(s["x0"]));
                values.Add(scale.Position(s["x1"]));
            }

            if (categories is not null)
            {
                // Every category gets a full slot, as on plotly.js's category axes.
                values.Add(-0.5);
                values.Add(categories.Count - 0.5);
            }

            var hasBars = traces.Any(t => t.Type is "bar" or "candlestick");
            return Build(values, axis, date, categories, padFraction: hasBars && categories is null ? 0.02 : 0, includeZero: false);
        }

        public static Scale ForY(List<TraceView> traces, JsonObject axis)
        {
            var values = new List<double>();
            List<string>? categories = null;
            var includeZero = false;
            foreach (var t in traces)
            {
                switch (t.Type)
                {
                    case "bar":
                        var y = t.Y;
                        values.AddRange(y);
                        if (t.Json["error_y"] is JsonObject e) values.AddRange(y.Zip(FigureView.Numbers(e["array"])).SelectMany(p => new[] { p.First + p.Second, p.First - p.Second }));
                        includeZero = true;
                        break;
                    case "histogram": values.AddRange(Binned(t).Heights); includeZero = true; break;
                    case "candlestick": values.AddRange(FigureView.Numbers(t.Json["high"])); values.AddRange(FigureView.Numbers(t.Json["low"])); break;
                    case "heatmap":
                        categories = [.. (t.Json["y"] as JsonArray ?? []).Select(v => FigureView.Text(v) ?? v?.ToJsonString() ?? "")];
                        values.Add(-0.5);
                        values.Add(categories.Count - 0.5);
                        break;
                    default: values.AddRange(t.Y); break;
                }
            }

            var log = FigureView.Text(axis["type"]) == "log";
            return Build(values, axis, date: false, categories, padFraction: categories is null ? 0.05 : 0, includeZero && !log);
        }

        private static Scale Build(List<double> raw, JsonObject axis, bool date, List<string>? categories, double padFraction, bool includeZero)
        {
            var log = FigureView.Text(axis["type"]) == "log";
            var finite = raw.Where(v => double.IsFinite(v) && (!log || v > 0)).Select(v => log ? Math.Log10(v) : v).ToList();
            if (includeZero) finite.Add(0);
            double min, max;
            // plotly.js writes a log axis's range in log10 units already, as Map does.
            if (axis["range"] is JsonArray { Count: 2 } range && FigureView.Number(range[0]) is double lo && FigureView.Number(range[1]) is double hi)
            {
                (min, max) = (lo, hi);
            }
            else if (finite.Count == 0)
            {
                (min, max) = (0, 1);
            }
            else
            {
                (min, max) = (finite.Min(), finite.Max());
                if (max == min) (min, max) = (min - 0.5, max + 0.5);
                var pad = (max - min) * padFraction;
                (min, max) = (includeZero && min >= 0 ? min : min - pad, max + pad);
            }

            return new Scale(min, max, log, date, categories);
        }

        public IEnumerable<(double Value, string Label)> Ticks()
        {
            if (Categories is { Count: > 0 })
            {
                var step = Math.Max(1, (int)Math.Ceiling(Categories.Count / 12.0));
                for (var i = 0; i < Categories.Count; i += step) yield return (i, Categories[i]);
                yield break;
            }

            if (Categories is not null) yield break;
            if (Date)
            {
                foreach (var t in DateTicks()) yield return t;
                yield break;
            }

            var span = Max - Min;
            var step10 = Math.Pow(10, Math.Floor(Math.Log10(span / 5)));
            var nice = new[] { 1.0, 2, 2.5, 5, 10 }.Select(m => m * step10).First(s => span / s <= 7);
            for (var v = Math.Ceiling(Min / nice) * nice; v <= Max + (nice * 1e-9); v += nice)
            {
                var value = Math.Abs(v) < nice * 1e-9 ? 0 : v;
                yield return (Log ? Math.Pow(10, value) : value, Log ? Math.Pow(10, value).ToString("G3", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture));
            }
        }

        private IEnumerable<(double Value, string Label)> DateTicks()
        {
            var from = DateOnly.FromDayNumber((int)Math.Ceiling(Min));
            var to = DateOnly.FromDayNumber((int)Math.Floor(Max));
            var years = (to.DayNumber - from.DayNumber) / 365.25;
            if (years >= 3)
            {
                var step = years > 24 ? 5 : years > 12 ? 2 : 1;
                for (var y = ((from.Year + step - 1) / step) * step; y <= to.Year; y += step)
                    yield return (new DateOnly(y, 1, 1).DayNumber, y.ToString(CultureInfo.InvariantCulture));
                yield break;
            }

            var months = Math.Max(1, (int)Math.Ceiling(years * 12 / 8));
            for (var d = new DateOnly(from.Year, from.Month, 1).AddMonths(1); d <= to; d = d.AddMonths(months))
                yield return (d.DayNumber, d.ToString("MMM yyyy", CultureInfo.InvariantCulture));
        }
    }

    private sealed class Svg(double width, double height, string font, string textColor, string idPrefix)
    {
        private readonly StringBuilder _body = new();
        private int _clips;

        public void Raw(string element) => _body.Append(element).Append('\n');

        public void Text(double x, double y, string text, double size, string anchor, bool bold = false) =>
            Raw($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\"{(bold ? " font-weight=\"600\"" : "")}>{Escape(text)}</text>");

        public string Clip(Rect r)
        {
            var id = $"{idPrefix}-clip{++_clips}";
            Raw($"<clipPath id=\"{id}\"><rect x=\"{F(r.X)}\" y=\"{F(r.Y)}\" width=\"{F(r.W)}\" height=\"{F(r.H)}\"/></clipPath>");
            return id;
        }

        public override string ToString() =>
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" " +
            $"font-family=\"{Escape(font)}\" fill=\"{textColor}\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n{_body}</svg>";
    }
}
