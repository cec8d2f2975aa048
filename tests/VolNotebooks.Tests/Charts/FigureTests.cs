using System.Text.Json.Nodes;
using System.Xml.Linq;
using VolNotebooks.Charts;

namespace VolNotebooks.Tests.Charts;

public sealed class FigureTests
{
    private static readonly DateOnly[] Days = [new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6)];

    [Fact]
    public void Serializes_traces_layout_and_gaps_to_the_plotly_schema()
    {
        var figure = new Figure { Title = "T" }
            .Add(new Scatter(Days, [1, double.NaN, 3]) { Name = "a", Mode = ScatterMode.LinesAndMarkers })
            .Add(new Bar(new[] { "x", "y" }, [1, 2]) { Color = "#123456" })
            .WithAxes(new Axis { Title = "date", Type = AxisType.Date }, new Axis { Title = "v", Type = AxisType.Log, Range = (1, 100) })
            .Add(Shape.VerticalLine(new DateOnly(2020, 1, 3), "split"));
        var json = figure.ToJson();

        var data = json["data"]!.AsArray();
        Assert.Equal("scatter", data[0]!["type"]!.GetValue<string>());
        Assert.Equal("lines+markers", data[0]!["mode"]!.GetValue<string>());
        Assert.Equal("2020-01-02", data[0]!["x"]![0]!.GetValue<string>());
        Assert.Null(data[0]!["y"]![1]); // NaN is a gap (null), not invalid JSON
        Assert.Equal("#1f77b4", data[0]!["line"]!["color"]!.GetValue<string>()); // palette
        Assert.Equal("#123456", data[1]!["marker"]!["color"]!.GetValue<string>());
        var layout = json["layout"]!;
        Assert.Equal("T", layout["title"]!["text"]!.GetValue<string>());
        Assert.Equal("log", layout["yaxis"]!["type"]!.GetValue<string>());
        Assert.Equal([0.0, 2.0], layout["yaxis"]!["range"]!.AsArray().Select(v => v!.GetValue<double>())); // log10 of the range
        var shape = layout["shapes"]![0]!;
        Assert.Equal(("line", "x", "y domain", "2020-01-03"), (shape["type"]!.GetValue<string>(), shape["xref"]!.GetValue<string>(), shape["yref"]!.GetValue<string>(), shape["x0"]!.GetValue<string>()));
        Assert.Equal("split", layout["annotations"]![0]!["text"]!.GetValue<string>());
        Assert.NotNull(JsonNode.Parse(figure.ToJsonString()));
    }

    [Fact]
    public void Subplots_get_their_own_axes_and_stacked_domains()
    {
        var figure = new Figure(rows: 2, sharedX: true)
            .Add(new Scatter(new double[] { 1, 2 }, [1, 2]), row: 1)
            .Add(new Scatter(new double[] { 1, 2 }, [3, 4]), row: 2)
            .WithSubplotTitle("bottom", 2);
        var json = figure.ToJson();
        var data = json["data"]!.AsArray();
        Assert.Equal(("x", "y"), (data[0]!["xaxis"]!.GetValue<string>(), data[0]!["yaxis"]!.GetValue<string>()));
        Assert.Equal(("x2", "y2"), (data[1]!["xaxis"]!.GetValue<string>(), data[1]!["yaxis"]!.GetValue<string>()));
        var layout = json["layout"]!;
        var top = layout["yaxis"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var bottom = layout["yaxis2"]!["domain"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.True(bottom[1] < top[0], "the second row lies below the first, without overlap");
        Assert.Equal("x2", layout["xaxis"]!["matches"]!.GetValue<string>());
        Assert.Throws<ArgumentOutOfRangeException>(() => figure.Add(new Scatter(new double[] { 1 }, [1]), row: 3));
    }

    [Fact]
    public void Static_svg_is_well_formed_and_draws_every_trace_kind()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();
        var figure = new Figure(rows: 2, columns: 2) { Title = "all <kinds> & more" }
            .Add(new Scatter(Enumerable.Range(0, 500).Select(i => new DateOnly(2000, 1, 1).AddDays(i)).ToArray(), values) { Name = "line" })
            .Add(new Histogram(values) { Bins = 20 }, 1, 2)
            .Add(new Heatmap(new double[,] { { 1, -1 }, { 0.5, 0 } }, ["a", "b"], ["c", "d"]) { ZMid = 0, ShowValues = true }, 2, 1)
            .Add(new Box(values) { Name = "box" }, 2, 2);
        var svg = XDocument.Parse(figure.ToSvg());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Contains(svg.Descendants(ns + "polyline"), _ => true);
        Assert.True(svg.Descendants(ns + "rect").Count() > 20 + 4);
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "all <kinds> & more");
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "1.00"); // heatmap value labels
    }

    [Fact]
    public void Long_lines_are_reduced_per_pixel_column_without_losing_extremes()
    {
        var n = 20_000;
        var y = Enumerable.Range(0, n).Select(i => Math.Sin(i / 50.0)).ToArray();
        y[12_345] = 5; // a spike the reduced line must keep
        var figure = new Figure().Add(new Scatter(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), y));
        var svg = figure.ToSvg();
        var points = XDocument.Parse(svg).Descendants("{http://www.w3.org/2000/svg}polyline").Single().Attribute("points")!.Value.Split(' ');
        Assert.True(points.Length < 4 * figure.Width, $"{points.Length} points drawn");
        var minY = points.Min(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(minY < 40, "the spike (the highest value, drawn nearest the top) is kept");
    }

    [Fact]
    public void Html_fragment_holds_the_static_image_and_a_visible_fallback_note()
    {
        var figure = new Figure { Title = "t" }.Add(new Scatter(new double[] { 1, 2 }, [1, 2]));
        var html = figure.ToHtml();
        Assert.Contains("<svg", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("plotly.js could not be loaded", html);
        Assert.Contains(PlotlySource.Cdn.Location, html);
        var page = ChartPage.Standalone("page", [figure], PlotlySource.Cdn);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("vnb-plotly-missing", page);
        Assert.Contains("loaded from the CDN", page);
    }

    [Fact]
    public void Histogram_bins_match_between_plotly_json_and_the_static_image()
    {
        var h = new Histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 10]) { Bins = 5, Density = true };
        var (start, width, heights) = h.Binned();
        Assert.Equal((0.0, 2.0), (start, width));
        Assert.Equal([0.1, 0.1, 0.1, 0.1, 0.1], heights); // 2 values per bin / (10 * 2): a density integrating to 1
        var json = new Figure().Add(h).ToJson()["data"]![0]!;
        Assert.Equal(2.0, json["xbins"]!["size"]!.GetValue<double>());
        Assert.Equal("probability density", json["histnorm"]!.GetValue<string>());
    }

    [Fact]
    public void Grouped_bars_with_error_bars_serialize_error_y_and_draw_side_by_side_in_the_static_image()
    {
        var figure = new Figure()
            .Add(new Bar(new[] { "AAPL", "KO" }, [1, 2]) { Name = "raw", ErrorY = [0.5, double.NaN] })
            .Add(new Bar(new[] { "AAPL", "KO" }, [3, 4]) { Name = "feat" });
        var data = figure.ToJson()["data"]!.AsArray();
        Assert.Equal("data", data[0]!["error_y"]!["type"]!.GetValue<string>());
        Assert.Equal(0.5, data[0]!["error_y"]!["array"]![0]!.GetValue<double>());
        Assert.Null(data[0]!["error_y"]!["array"]![1]);
        Assert.Null(data[1]!["error_y"]);
        var svg = XDocument.Parse(figure.ToSvg());
        XNamespace ns = "http://www.w3.org/2000/svg";
        var bars = svg.Descendants(ns + "rect").Where(r => (string?)r.Attribute("fill") is "#1f77b4" or "#d62728")
            .Select(r => (Fill: (string)r.Attribute("fill")!, X: double.Parse((string)r.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture),
                Width: double.Parse((string)r.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(b => b.Width > 20).ToList(); // not the legend's swatches
        Assert.Equal(4, bars.Count);
        // In each category the second trace's bar starts where the first one's ends: side by side, not on top.
        var (raw, feat) = (bars.Where(b => b.Fill == "#1f77b4").ToList(), bars.Where(b => b.Fill == "#d62728").ToList());
        for (var i = 0; i < 2; i++) Assert.Equal(raw[i].X + raw[i].Width, feat[i].X, 6);
        Assert.Single(svg.Descendants(ns + "path"), p => (string?)p.Attribute("stroke") == "#333333"); // one finite error bar
    }
}
