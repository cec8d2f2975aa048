using System.Globalization;
using System.Security;
using System.Text;

namespace VolNotebooks.Charts;

/// <summary>Draws a <see cref="Figure"/> as a static SVG image, without a browser: the picture GitHub and other
/// script-free viewers show in place of the interactive chart.</summary>
/// <remarks>Same data, axes, shapes and colours as the plotly.js chart; long line series are reduced to the minimum
/// and maximum of each pixel column, which draws the same picture with a bounded number of points.</remarks>
internal static class SvgRenderer
{
    private const double Left = 66, Right = 24, Bottom = 48, LegendHeight = 22;

    public static string Render(Figure figure)
    {
        var w = (double)figure.Width;
        var h = (double)figure.Height;
        var legend = figure.Traces.Where(t => t.ShowLegend && t.Name is not null).ToList();
        var titled = Enumerable.Range(1, figure.Columns).Any(c => figure.SubplotTitle(1, c) is not null);
        var top = (figure.Title is null ? 16.0 : 40.0) + (titled ? 14 : 0);
        var bottom = Bottom + (legend.Count > 0 ? LegendHeight : 0);
        var svg = new Svg(w, h, figure.Theme, ChartPage.ContentId(figure));
        if (figure.Title is not null) svg.Text(12, 24, figure.Title, 16, "start", bold: true);

        var innerW = w - Left - Right;
        var innerH = h - top - bottom;
        for (var row = 1; row <= figure.Rows; row++)
        {
            for (var column = 1; column <= figure.Columns; column++)
            {
                var (xd, yd) = figure.Domain(row, column);
                var plot = new Rect(Left + (xd.From * innerW), top + ((1 - yd.To) * innerH), (xd.To - xd.From) * innerW, (yd.To - yd.From) * innerH);
                DrawSubplot(svg, figure, row, column, plot);
            }
        }

        var x = Left;
        for (var i = 0; i < figure.Traces.Count; i++)
        {
            var t = figure.Traces[i];
            if (!t.ShowLegend || t.Name is null) continue;
            svg.Raw($"<rect x=\"{F(x)}\" y=\"{F(h - 16)}\" width=\"14\" height=\"4\" fill=\"{figure.ColorOf(i)}\"/>");
            svg.Text(x + 18, h - 10, t.Name, 11, "start");
            x += 30 + (t.Name.Length * 6.2);
        }

        return svg.ToString();
    }

    private static void DrawSubplot(Svg svg, Figure figure, int row, int column, Rect plot)
    {
        var (xId, yId) = figure.AxisIds(row, column);
        var traces = figure.Traces.Select((t, i) => (Trace: t, Index: i)).Where(p => p.Trace.XAxis == xId && p.Trace.YAxis == yId).ToList();
        var (xAxis, yAxis) = figure.AxesOf(row, column);
        var xScale = Scale.ForX(traces.Select(p => p.Trace).ToList(), xAxis, figure.Shapes.Where(s => s.Cell == (row, column)).ToList());
        var yScale = Scale.ForY(traces.Select(p => p.Trace).ToList(), yAxis);
        var sx = (double v) => plot.X + ((xScale.Map(v) - xScale.Min) / (xScale.Max - xScale.Min) * plot.W);
        var sy = (double v) => plot.Y + plot.H - ((yScale.Map(v) - yScale.Min) / (yScale.Max - yScale.Min) * plot.H);

        svg.Raw($"<rect x=\"{F(plot.X)}\" y=\"{F(plot.Y)}\" width=\"{F(plot.W)}\" height=\"{F(plot.H)}\" fill=\"{figure.Theme.PlotBackground}\" stroke=\"#cccccc\"/>");
        var showXLabels = !(figure.SharedX && row < figure.Rows);
        foreach (var (value, label) in xScale.Ticks())
        {
            var px = sx(value);
            svg.Raw($"<line x1=\"{F(px)}\" y1=\"{F(plot.Y)}\" x2=\"{F(px)}\" y2=\"{F(plot.Y + plot.H)}\" stroke=\"{figure.Theme.Grid}\"/>");
            if (showXLabels) svg.Text(px, plot.Y + plot.H + 14, label, 10, "middle");
        }

        foreach (var (value, label) in yScale.Ticks())
        {
            var py = sy(value);
            svg.Raw($"<line x1=\"{F(plot.X)}\" y1=\"{F(py)}\" x2=\"{F(plot.X + plot.W)}\" y2=\"{F(py)}\" stroke=\"{figure.Theme.Grid}\"/>");
            svg.Text(plot.X - 5, py + 3.5, label, 10, "end");
        }

        if (xAxis.Title is not null && showXLabels) svg.Text(plot.X + (plot.W / 2), plot.Y + plot.H + 30, xAxis.Title, 11, "middle");
        if (yAxis.Title is not null)
            svg.Raw($"<text transform=\"translate({F(plot.X - 48)},{F(plot.Y + (plot.H / 2))}) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">{Escape(yAxis.Title)}</text>");
        if (figure.SubplotTitle(row, column) is string subtitle) svg.Text(plot.X + (plot.W / 2), plot.Y - 5, subtitle, 12, "middle", bold: true);

        var clip = svg.Clip(plot);
        svg.Raw($"<g clip-path=\"url(#{clip})\">");
        foreach (var shape in figure.Shapes.Where(s => s.Cell == (row, column) && s.Kind == "rect"))
            DrawShape(svg, shape, plot, sx, sy);
        var boxIndex = 0;
        var (barIndex, barCount) = (0, traces.Count(t => t.Trace is Bar));
        foreach (var (trace, index) in traces)
        {
            var color = figure.ColorOf(index);
            switch (trace)
            {
                case Scatter s: DrawScatter(svg, s, color, sx, sy, plot); break;
                case Bar b: DrawBars(svg, b, barIndex++, barCount, color, sx, sy, yScale); break;
                case Histogram hist: DrawHistogram(svg, hist, color, sx, sy, yScale); break;
                case Heatmap heat: DrawHeatmap(svg, heat, sx, sy); break;
                case Box box: DrawBox(svg, box, boxIndex++, color, sx, sy); break;
                case Candlestick c: DrawCandles(svg, c, sx, sy); break;
            }
        }

        foreach (var shape in figure.Shapes.Where(s => s.Cell == (row, column) && s.Kind == "line"))
            DrawShape(svg, shape, plot, sx, sy);
        foreach (var a in figure.Annotations.Where(a => a.Cell == (row, column)))
            svg.Text(sx(a.X.Position), sy(a.Y) - 6, a.Text, 10, "middle");
        svg.Raw("</g>");
    }

    private static void DrawShape(Svg svg, Shape shape, Rect plot, Func<double, double> sx, Func<double, double> sy)
    {
        var y0 = shape.YPaper ? plot.Y + plot.H - (shape.Y0 * plot.H) : sy(shape.Y0);
        var y1 = shape.YPaper ? plot.Y + plot.H - (shape.Y1 * plot.H) : sy(shape.Y1);
        double x0 = sx(shape.X0.Position), x1 = sx(shape.X1.Position);
        if (shape.Kind == "rect")
        {
            svg.Raw($"<rect x=\"{F(Math.Min(x0, x1))}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(Math.Abs(x1 - x0))}\" height=\"{F(Math.Abs(y1 - y0))}\" fill=\"{shape.Color}\" fill-opacity=\"{F(shape.FillOpacity)}\"/>");
        }
        else
        {
            var dash = shape.Dash == "solid" ? "" : " stroke-dasharray=\"5,4\"";
            svg.Raw($"<line x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x1)}\" y2=\"{F(y1)}\" stroke=\"{shape.Color}\" stroke-width=\"1.5\"{dash}/>");
        }

        if (shape.Label is not null) svg.Text(Math.Min(x0, x1) + 3, Math.Min(y0, y1) + 12, shape.Label, 10, "start");
    }

    private static void DrawScatter(Svg svg, Scatter s, string color, Func<double, double> sx, Func<double, double> sy, Rect plot)
    {
        var n = Math.Min(s.X.Count, s.Y.Length);
        if (s.Mode != ScatterMode.Markers)
        {
            var dash = s.Dash switch { "dash" => " stroke-dasharray=\"6,4\"", "dot" => " stroke-dasharray=\"2,3\"", "dashdot" => " stroke-dasharray=\"6,3,2,3\"", _ => "" };
            foreach (var run in Runs(s, n))
            {
                var points = Decimate(run.Select(i => (sx(s.X.Position(i)), sy(s.Y[i]))).ToList(), plot.W);
                svg.Raw($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"{F(s.LineWidth)}\" stroke-opacity=\"{F(s.Opacity)}\"{dash} points=\"{string.Join(' ', points.Select(p => F(p.X) + "," + F(p.Y)))}\"/>");
            }
        }

        if (s.Mode != ScatterMode.Lines)
        {
            var step = Math.Max(1, n / 4000);
            for (var i = 0; i < n; i += step)
            {
                if (!double.IsFinite(s.Y[i]) || !double.IsFinite(s.X.Position(i))) continue;
                svg.Raw($"<circle cx=\"{F(sx(s.X.Position(i)))}\" cy=\"{F(sy(s.Y[i]))}\" r=\"{F(s.MarkerSize / 2)}\" fill=\"{color}\" fill-opacity=\"{F(0.75 * s.Opacity)}\"/>");
            }
        }
    }

    private static IEnumerable<List<int>> Runs(Scatter s, int n)
    {
        var run = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (double.IsFinite(s.Y[i]) && double.IsFinite(s.X.Position(i))) run.Add(i);
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
    private static void DrawBars(Svg svg, Bar bar, int k, int m, string color, Func<double, double> sx, Func<double, double> sy, Scale yScale)
    {
        var (x, y) = (bar.X, bar.Y);
        var n = Math.Min(x.Count, y.Length);
        var positions = Enumerable.Range(0, n).Select(x.Position).ToArray();
        var spacing = n > 1 ? Enumerable.Range(1, n - 1).Min(i => Math.Abs(sx(positions[i]) - sx(positions[i - 1]))) : 40;
        var group = Math.Max(1, spacing * 0.8);
        var width = Math.Max(1, group / m);
        var zero = sy(yScale.Log ? yScale.Inverse(yScale.Min) : 0);
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(y[i])) continue;
            var top = sy(y[i]);
            var left = sx(positions[i]) - (group / 2) + (k * width);
            svg.Raw($"<rect x=\"{F(left)}\" y=\"{F(Math.Min(top, zero))}\" width=\"{F(width)}\" height=\"{F(Math.Abs(zero - top))}\" fill=\"{color}\"/>");
            if (bar.ErrorY is { } error && i < error.Length && double.IsFinite(error[i]))
            {
                double centre = left + (width / 2), high = sy(y[i] + error[i]), low = sy(y[i] - error[i]), cap = Math.Min(4, width / 3);
                svg.Raw($"<path d=\"M{F(centre)},{F(low)}V{F(high)}M{F(centre - cap)},{F(high)}H{F(centre + cap)}M{F(centre - cap)},{F(low)}H{F(centre + cap)}\" stroke=\"#333333\" fill=\"none\"/>");
            }
        }
    }

    private static void DrawHistogram(Svg svg, Histogram h, string color, Func<double, double> sx, Func<double, double> sy, Scale yScale)
    {
        var (start, width, heights) = h.Binned();
        var zero = sy(yScale.Log ? yScale.Inverse(yScale.Min) : 0);
        for (var i = 0; i < heights.Length; i++)
        {
            if (!(heights[i] > 0)) continue;
            double x0 = sx(start + (i * width)), x1 = sx(start + ((i + 1) * width)), top = sy(heights[i]);
            svg.Raw($"<rect x=\"{F(x0)}\" y=\"{F(top)}\" width=\"{F(Math.Max(0.5, x1 - x0 - 0.5))}\" height=\"{F(Math.Max(0, zero - top))}\" fill=\"{color}\" fill-opacity=\"{F(0.75 * h.Opacity)}\"/>");
        }
    }

    private static void DrawHeatmap(Svg svg, Heatmap heat, Func<double, double> sx, Func<double, double> sy)
    {
        int rows = heat.Z.GetLength(0), columns = heat.Z.GetLength(1);
        var values = heat.Z.Cast<double>().Where(double.IsFinite).ToArray();
        if (values.Length == 0) return;
        double min = values.Min(), max = values.Max();
        if (heat.ZMid is double mid)
        {
            var half = Math.Max(Math.Abs(max - mid), Math.Abs(mid - min));
            (min, max) = (mid - half, mid + half);
        }

        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var z = heat.Z[i, j];
                if (!double.IsFinite(z)) continue;
                double x0 = sx(j - 0.5), x1 = sx(j + 0.5), y0 = sy(i - 0.5), y1 = sy(i + 0.5);
                var t = max > min ? (z - min) / (max - min) : 0.5;
                svg.Raw($"<rect x=\"{F(Math.Min(x0, x1))}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(Math.Abs(x1 - x0))}\" height=\"{F(Math.Abs(y1 - y0))}\" fill=\"{Diverging(t)}\"/>");
                if (heat.ShowValues) svg.Text((x0 + x1) / 2, ((y0 + y1) / 2) + 3, z.ToString("0.00", CultureInfo.InvariantCulture), 9, "middle");
            }
        }
    }

    private static void DrawBox(Svg svg, Box box, int position, string color, Func<double, double> sx, Func<double, double> sy)
    {
        var v = box.Values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return;
        double q1 = Quantile(v, 0.25), median = Quantile(v, 0.5), q3 = Quantile(v, 0.75), iqr = q3 - q1;
        var low = v.First(x => x >= q1 - (1.5 * iqr));
        var high = v.Last(x => x <= q3 + (1.5 * iqr));
        double cx = sx(position), half = Math.Abs(sx(position + 0.3) - cx);
        svg.Raw($"<rect x=\"{F(cx - half)}\" y=\"{F(sy(q3))}\" width=\"{F(2 * half)}\" height=\"{F(sy(q1) - sy(q3))}\" fill=\"{color}\" fill-opacity=\"0.3\" stroke=\"{color}\"/>");
        svg.Raw($"<line x1=\"{F(cx - half)}\" y1=\"{F(sy(median))}\" x2=\"{F(cx + half)}\" y2=\"{F(sy(median))}\" stroke=\"{color}\" stroke-width=\"2\"/>");
        svg.Raw($"<line x1=\"{F(cx)}\" y1=\"{F(sy(q3))}\" x2=\"{F(cx)}\" y2=\"{F(sy(high))}\" stroke=\"{color}\"/><line x1=\"{F(cx)}\" y1=\"{F(sy(q1))}\" x2=\"{F(cx)}\" y2=\"{F(sy(low))}\" stroke=\"{color}\"/>");
        foreach (var o in v.Where(x => x < low || x > high)) svg.Raw($"<circle cx=\"{F(cx)}\" cy=\"{F(sy(o))}\" r=\"2\" fill=\"{color}\"/>");
        svg.Text(cx, sy(low) + 14, box.Name ?? "", 10, "middle");
    }

    private static void DrawCandles(Svg svg, Candlestick c, Func<double, double> sx, Func<double, double> sy)
    {
        var n = c.X.Count;
        var spacing = n > 1 ? Math.Abs(sx(c.X.Position(n - 1)) - sx(c.X.Position(0))) / (n - 1) : 10;
        var width = Math.Max(1, spacing * 0.6);
        for (var i = 0; i < n; i++)
        {
            var color = c.Close[i] >= c.Open[i] ? c.RisingColor : c.FallingColor;
            var x = sx(c.X.Position(i));
            svg.Raw($"<line x1=\"{F(x)}\" y1=\"{F(sy(c.High[i]))}\" x2=\"{F(x)}\" y2=\"{F(sy(c.Low[i]))}\" stroke=\"{color}\"/>");
            double top = sy(Math.Max(c.Open[i], c.Close[i])), bottom = sy(Math.Min(c.Open[i], c.Close[i]));
            svg.Raw($"<rect x=\"{F(x - (width / 2))}\" y=\"{F(top)}\" width=\"{F(width)}\" height=\"{F(Math.Max(0.5, bottom - top))}\" fill=\"{color}\"/>");
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

    /// <summary>An axis scale: data range (log10 for log axes), mapping and ticks.</summary>
    private sealed record Scale(double Min, double Max, bool Log, bool Date, string[]? Categories)
    {
        public double Map(double v) => Log ? Math.Log10(v) : v;

        public double Inverse(double v) => Log ? Math.Pow(10, v) : v;

        public static Scale ForX(List<Trace> traces, Axis axis, List<Shape> shapes)
        {
            var values = new List<double>();
            string[]? categories = null;
            var date = axis.Type == AxisType.Date;
            foreach (var t in traces)
            {
                switch (t)
                {
                    case Scatter s: Collect(s.X, values, ref categories, ref date); break;
                    case Bar b: Collect(b.X, values, ref categories, ref date); break;
                    case Candlestick c: Collect(c.X, values, ref categories, ref date); break;
                    case Histogram h:
                        var (start, width, heights) = h.Binned();
                        values.Add(start);
                        values.Add(start + (width * heights.Length));
                        break;
                    case Heatmap heat:
                        categories = heat.X;
                        values.Add(-0.5);
                        values.Add(heat.X.Length - 0.5);
                        break;
                    case Box:
                        categories ??= [];
                        values.Add(-0.5);
                        values.Add(traces.OfType<Box>().Count() - 0.5);
                        break;
                }
            }

            foreach (var s in shapes)
            {
                values.Add(s.X0.Position);
                values.Add(s.X1.Position);
            }

            var hasBars = traces.Any(t => t is Bar or Candlestick);
            return Build(values, axis, date, categories, padFraction: hasBars ? 0.02 : 0, includeZero: false);
        }

        public static Scale ForY(List<Trace> traces, Axis axis)
        {
            var values = new List<double>();
            string[]? categories = null;
            var includeZero = false;
            foreach (var t in traces)
            {
                switch (t)
                {
                    case Scatter s: values.AddRange(s.Y); break;
                    case Bar b:
                        values.AddRange(b.Y);
                        if (b.ErrorY is { } error) values.AddRange(b.Y.Zip(error).SelectMany(p => new[] { p.First + p.Second, p.First - p.Second }));
                        includeZero = true;
                        break;
                    case Box box: values.AddRange(box.Values); break;
                    case Histogram h: values.AddRange(h.Binned().Heights); includeZero = true; break;
                    case Candlestick c: values.AddRange(c.High); values.AddRange(c.Low); break;
                    case Heatmap heat:
                        categories = heat.Y;
                        values.Add(-0.5);
                        values.Add(heat.Y.Length - 0.5);
                        break;
                }
            }

            var date = false;
            return Build(values, axis, date, categories, padFraction: categories is null ? 0.05 : 0, includeZero && axis.Type != AxisType.Log);
        }

        private static void Collect(AxisData x, List<double> values, ref string[]? categories, ref bool date)
        {
            for (var i = 0; i < x.Count; i++) values.Add(x.Position(i));
            if (x.IsDate) date = true;
            if (x.IsCategory) categories = Enumerable.Range(0, x.Count).Select(x.Label).ToArray();
        }

        private static Scale Build(List<double> raw, Axis axis, bool date, string[]? categories, double padFraction, bool includeZero)
        {
            var log = axis.Type == AxisType.Log;
            var finite = raw.Where(v => double.IsFinite(v) && (!log || v > 0)).Select(v => log ? Math.Log10(v) : v).ToList();
            if (includeZero) finite.Add(0);
            double min, max;
            if (axis.Range is var (lo, hi))
            {
                (min, max) = log ? (Math.Log10(lo), Math.Log10(hi)) : (lo, hi);
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
            if (Categories is { Length: > 0 })
            {
                var step = Math.Max(1, (int)Math.Ceiling(Categories.Length / 12.0));
                for (var i = 0; i < Categories.Length; i += step) yield return (i, Categories[i]);
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

    private sealed class Svg(double width, double height, Theme theme, string idPrefix)
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
            $"font-family=\"{Escape(theme.Font)}\" fill=\"{theme.Text}\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n{_body}</svg>";
    }
}
