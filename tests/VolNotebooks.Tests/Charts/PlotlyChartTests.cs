using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Plotly.NET;
using VolNotebooks.Charts;
using PlotlyCSharp = Plotly.NET.CSharp;

namespace VolNotebooks.Tests.Charts;

public sealed class PlotlyChartTests
{
    private static readonly DateOnly[] Days = [new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6)];
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Workbook_chart_serializes_traces_layout_and_gaps_to_the_plotly_schema()
    {
        var chart = PlotlyChart.Create(
            PlotlyCSharp.Chart.Combine([Plot.Scatter(Days, [1, double.NaN, 3], "a", ScatterMode.LinesAndMarkers), Plot.Bar(new[] { "x", "y" }, [1, 2], color: "#123456")])
                .WithAxes(xTitle: "date", xType: StyleParam.AxisType.Date, yTitle: "v", yType: StyleParam.AxisType.Log, yRange: (1, 100))
                .WithVerticalLine(new DateOnly(2020, 1, 3), "split"),
            "T");
        var json = chart.ToJson();

        var data = json["data"]!.AsArray();
        Assert.Equal("scatter", data[0]!["type"]!.GetValue<string>());
        Assert.Equal("lines+markers", data[0]!["mode"]!.GetValue<string>());
        Assert.Equal("2020-01-02", data[0]!["x"]![0]!.GetValue<string>());
        Assert.Null(data[0]!["y"]![1]); // Plotly.NET writes NaN as the string "NaN"; the workbook's JSON has plotly.js's gap, null
        Assert.Equal("#1f77b4", data[0]!["line"]!["color"]!.GetValue<string>()); // the palette's first colour
        Assert.Equal("#123456", data[1]!["marker"]!["color"]!.GetValue<string>()); // its own colour is kept
        var layout = json["layout"]!;
        Assert.Equal("T", layout["title"]!["text"]!.GetValue<string>());
        Assert.Equal("log", layout["yaxis"]!["type"]!.GetValue<string>());
        Assert.Equal([0.0, 2.0], layout["yaxis"]!["range"]!.AsArray().Select(v => v!.GetValue<double>())); // log10 of the range, as plotly.js wants
        var shape = layout["shapes"]![0]!;
        Assert.Equal(("line", "x", "y domain", "2020-01-03"), (shape["type"]!.GetValue<string>(), shape["xref"]!.GetValue<string>(), shape["yref"]!.GetValue<string>(), shape["x0"]!.GetValue<string>()));
        Assert.Equal("split", layout["annotations"]![0]!["text"]!.GetValue<string>());
        Assert.False(json["config"]!["displaylogo"]!.GetValue<bool>());
        Assert.Equal((900, 420), (chart.Width, chart.Height));
        Assert.NotNull(JsonNode.Parse(chart.ToJsonString()));
    }

    [Fact]
    public void Wrapped_chart_is_the_plotly_net_chart_and_its_json_is_plotly_net_s()
    {
        var generic = PlotlyCSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2 }, y: new[] { 3.0, 4 }, Name: "mine");
        var chart = (PlotlyChart)generic;
        Assert.Same(generic, chart.Chart);
        // Same data as GenericChart.toJson, read back (its only change: non-finite numbers become null).
        Assert.Equal(JsonNode.Parse(GenericChart.toJson(generic))!["data"]!.ToJsonString(), chart.ToJson()["data"]!.ToJsonString());
        Assert.Equal("PlotlyChart(untitled, 1 traces)", chart.ToString());
    }

    [Fact]
    public void Subplots_get_their_own_axes_domains_and_moved_marks()
    {
        var grid = Subplots.Grid(2, 1,
            [Plot.Scatter(new double[] { 1, 2 }, [1, 2]), Plot.Scatter(new double[] { 1, 2 }, [3, 4]).WithHorizontalLine(3.5, 1, 2).WithAxes(xTitle: "bottom x")],
            [null, "bottom"], sharedX: true);
        var json = PlotlyChart.Create(grid).ToJson();
        var data = json["data"]!.AsArray();
        Assert.Equal(("x", "y"), (data[0]!["xaxis"]!.GetValue<string>(), data[0]!["yaxis"]!.GetValue<string>()));
        Assert.Equal(("x2", "y2"), (data[1]!["xaxis"]!.GetValue<string>(), data[1]!["yaxis"]!.GetValue<string>()));
        var layout = json["layout"]!;
        var top = layout["yaxis"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var bottom = layout["yaxis2"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        // Subplots.Domain: two rows sharing x, gap 0.05: heights (1 - 0.05) / 2 = 0.475.
        Assert.Equal((0.525, 1.0), (Math.Round(top[0], 12), top[1]));
        Assert.Equal((0.0, 0.475), (bottom[0], Math.Round(bottom[1], 12)));
        Assert.Equal("x2", layout["xaxis"]!["matches"]!.GetValue<string>());
        Assert.False(layout["xaxis"]!["showticklabels"]!.GetValue<bool>());
        Assert.Equal("bottom x", layout["xaxis2"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal(("x2", "y2"), (layout["shapes"]![0]!["xref"]!.GetValue<string>(), layout["shapes"]![0]!["yref"]!.GetValue<string>()));
        Assert.Equal("<b>bottom</b>", layout["annotations"]![0]!["text"]!.GetValue<string>());
        Assert.Throws<ArgumentException>(() => Subplots.Grid(1, 1, [Plot.Box([1.0]), Plot.Box([2.0])]));
    }

    [Fact]
    public void Static_svg_is_well_formed_and_draws_every_trace_kind()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();
        var grid = Subplots.Grid(2, 2,
        [
            Plot.Scatter(Enumerable.Range(0, 500).Select(i => new DateOnly(2000, 1, 1).AddDays(i)).ToArray(), values, "line"),
            Plot.Histogram(values, bins: 20),
            Plot.Heatmap(new double[,] { { 1, -1 }, { 0.5, 0 } }, ["a", "b"], ["c", "d"], zMid: 0, showValues: true),
            Plot.Box(values, "box"),
        ]);
        var svg = XDocument.Parse(PlotlyChart.Create(grid, "all <kinds> & more").ToSvg());
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Contains(svg.Descendants(Svg + "polyline"), _ => true);
        Assert.True(svg.Descendants(Svg + "rect").Count() > 20 + 4);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "all <kinds> & more");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "1.00"); // heatmap value labels
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "box"); // the box's category on its x axis
    }

    [Fact]
    public void Static_svg_reads_a_plotly_net_chart_a_notebook_made_itself()
    {
        // Plotly.NET's defaults (its template, colorway and 600 x 600 size) and its own trace constructors.
        var generic = PlotlyCSharp.Chart.Column<double, string, string>(new[] { 1.0, 3 }, Keys: new[] { "a", "b" }, Name: "counts");
        var chart = new PlotlyChart(generic);
        Assert.Equal((600, 600), (chart.Width, chart.Height));
        var svg = XDocument.Parse(chart.ToSvg());
        var bars = svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("fill") == "rgba(99, 110, 250, 1.0)").ToList();
        Assert.Equal(2 + 1, bars.Count); // two bars in the template's first colorway colour, and the legend's swatch
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "b");
    }

    [Fact]
    public void Long_lines_are_reduced_per_pixel_column_without_losing_extremes()
    {
        var n = 20_000;
        var y = Enumerable.Range(0, n).Select(i => Math.Sin(i / 50.0)).ToArray();
        y[12_345] = 5; // a spike the reduced line must keep
        var chart = PlotlyChart.Create(Plot.Scatter(Enumerable.Range(0, n).Select(i => (double)i), y));
        var points = XDocument.Parse(chart.ToSvg()).Descendants(Svg + "polyline").Single().Attribute("points")!.Value.Split(' ');
        Assert.True(points.Length < 4 * chart.Width, $"{points.Length} points drawn");
        var minY = points.Min(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture));
        Assert.True(minY < 40, "the spike (the highest value, drawn nearest the top) is kept");
    }

    [Fact]
    public void Html_fragment_holds_the_static_image_and_a_visible_fallback_note_and_no_plotly_net_cdn_tag()
    {
        var chart = PlotlyChart.Create(Plot.Scatter(new double[] { 1, 2 }, [1, 2]), "t");
        var html = chart.ToHtml();
        Assert.Contains("<svg", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("plotly.js could not be loaded", html);
        Assert.DoesNotContain("<script src=", html); // Plotly.NET's HTML would open with a CDN script tag
        Assert.DoesNotContain("cdn.plot.ly/plotly-2.27", html); // Plotly.NET's pinned CDN version
        var local = chart.ToHtml(new PlotlySource(PlotlySourceKind.LocalFile, "../node_modules/plotly.js-dist-min/plotly.min.js"));
        Assert.Contains("s.src = '../node_modules/plotly.js-dist-min/plotly.min.js'", local);
        Assert.DoesNotContain("https://", local);
        var page = ChartPage.Standalone("page", [chart], PlotlySource.Cdn);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("vnb-plotly-missing", page);
        Assert.Contains("loaded from the CDN", page);
    }

    [Fact]
    public void Plotly_net_s_own_html_of_a_workbook_chart_inlines_plotly_js_instead_of_a_cdn_reference()
    {
        var chart = PlotlyChart.Create(Plot.Scatter(new double[] { 1, 2 }, [1, 2]), "t");
        var html = GenericChart.toEmbeddedHTML(chart.Chart);
        Assert.DoesNotContain("src=\"https://", html); // its default, DisplayOptions' CDN reference, would be a script tag with a URL
        Assert.Contains("Plotly.newPlot", html);
        Assert.True(html.Length > 1_000_000, "the whole plotly.js script is in the page");
    }

    [Fact]
    public void Histogram_bins_match_between_plotly_json_and_the_static_image()
    {
        // 10 values over [0, 10] in 5 bins of width 2: 2 values per bin, density 2 / (10 * 2) = 0.1, integrating to 1.
        var json = PlotlyChart.Create(Plot.Histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 10], bins: 5, density: true)).ToJson();
        var trace = json["data"]![0]!;
        Assert.Equal((0.0, 2.0, 10.0), (trace["xbins"]!["start"]!.GetValue<double>(), trace["xbins"]!["size"]!.GetValue<double>(), trace["xbins"]!["end"]!.GetValue<double>()));
        Assert.Equal("probability density", trace["histnorm"]!.GetValue<string>());
        var view = FigureView.Parse(json);
        var (start, width, heights) = SvgRenderer.Binned(view.Traces[0]);
        Assert.Equal((0.0, 2.0), (start, width));
        Assert.Equal([0.1, 0.1, 0.1, 0.1, 0.1], heights);
    }

    [Fact]
    public void Grouped_bars_with_error_bars_serialize_error_y_and_draw_side_by_side_in_the_static_image()
    {
        var chart = PlotlyChart.Create(PlotlyCSharp.Chart.Combine(
            [Plot.Bar(new[] { "AAPL", "KO" }, [1, 2], "raw", errorY: [0.5, double.NaN]), Plot.Bar(new[] { "AAPL", "KO" }, [3, 4], "feat")]));
        var data = chart.ToJson()["data"]!.AsArray();
        Assert.Equal("data", data[0]!["error_y"]!["type"]!.GetValue<string>());
        Assert.Equal(0.5, data[0]!["error_y"]!["array"]![0]!.GetValue<double>());
        Assert.Null(data[0]!["error_y"]!["array"]![1]);
        Assert.Null(data[1]!["error_y"]);
        var svg = XDocument.Parse(chart.ToSvg());
        var bars = svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("fill") is "#1f77b4" or "#d62728")
            .Select(r => (Fill: (string)r.Attribute("fill")!, X: double.Parse((string)r.Attribute("x")!, CultureInfo.InvariantCulture),
                Width: double.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture)))
            .Where(b => b.Width > 20).ToList(); // not the legend's swatches
        Assert.Equal(4, bars.Count);
        // In each category the second trace's bar starts where the first one's ends: side by side, not on top.
        var (raw, feat) = (bars.Where(b => b.Fill == "#1f77b4").ToList(), bars.Where(b => b.Fill == "#d62728").ToList());
        for (var i = 0; i < 2; i++) Assert.Equal(raw[i].X + raw[i].Width, feat[i].X, 6);
        Assert.Single(svg.Descendants(Svg + "path"), p => (string?)p.Attribute("stroke") == "#333333"); // one finite error bar
    }

    [Fact]
    public void Formatter_source_formats_workbook_charts_and_bare_plotly_net_charts_as_html()
    {
        var formatters = new DisplayFormatterSource().CreateTypeFormatters().Cast<DisplayFormatter>().ToList();
        var generic = PlotlyCSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2 }, y: new[] { 3.0, 4 });
        var html = formatters.Where(f => f.MimeType == "text/html").Select(f =>
        {
            using var writer = new StringWriter();
            return f.Format(generic, writer) ? writer.ToString() : null;
        }).Single(h => h is not null);
        Assert.Equal(new PlotlyChart(generic).ToHtml().Split('\n')[0][..40], html![..40]);
        Assert.Contains("<svg", html);
    }
}
