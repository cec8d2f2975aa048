using System.Text;
using VolNotebooks.IO;

namespace VolNotebooks.Charts;

/// <summary>Where a page or fragment gets plotly.js from.</summary>
/// <param name="Kind">Inline (the script text in the page), a local file reference, or the public CDN.</param>
/// <param name="Location">The file path (local and inline) or URL (CDN).</param>
public sealed record PlotlySource(PlotlySourceKind Kind, string Location)
{
    /// <summary>The plotly.js version the CDN fallback loads (the one the npm lockfile pins).</summary>
    public const string CdnVersion = "2.35.2";

    /// <summary>The CDN script, used when no local copy exists.</summary>
    public static PlotlySource Cdn { get; } = new(PlotlySourceKind.Cdn, $"https://cdn.plot.ly/plotly-{CdnVersion}.min.js");

    /// <summary>Finds <c>node_modules/plotly.js-dist-min/plotly.min.js</c> (installed by <c>npm ci</c>) above the
    /// current directory or the running assembly; the CDN when it is not installed.</summary>
    /// <param name="inline">Return an inline source (the whole script in the page) when the file exists.</param>
    public static PlotlySource Find(bool inline = false)
    {
        var file = FolderSearch.FindAbove(Path.Combine("node_modules", "plotly.js-dist-min", "plotly.min.js"), File.Exists);
        if (file is not null) return new PlotlySource(inline ? PlotlySourceKind.Inline : PlotlySourceKind.LocalFile, file);

        return Cdn;
    }

    /// <summary>The local copy referenced by a path relative to <paramref name="pageFolder"/>, so that a page written
    /// inside the repository keeps working when the repository is cloned elsewhere (after <c>npm ci</c>).</summary>
    /// <param name="pageFolder">The folder the page will be written to.</param>
    public PlotlySource RelativeTo(string pageFolder) => Kind == PlotlySourceKind.Cdn
        ? this
        : new PlotlySource(PlotlySourceKind.LocalFile, Path.GetRelativePath(Path.GetFullPath(pageFolder), Location).Replace('\\', '/'));

    /// <summary>The script element that loads plotly.js.</summary>
    public string ScriptTag() => Kind switch
    {
        PlotlySourceKind.Inline => $"<script>{File.ReadAllText(Location)}</script>",
        PlotlySourceKind.LocalFile when Path.IsPathRooted(Location) => $"<script src=\"{new Uri(Location).AbsoluteUri}\"></script>",
        PlotlySourceKind.LocalFile => $"<script src=\"{Location}\"></script>",
        _ => $"<script src=\"{Location}\" crossorigin=\"anonymous\"></script>",
    };
}

/// <summary>How plotly.js is brought into a page.</summary>
public enum PlotlySourceKind
{
    /// <summary>The library's text inside the page: works offline and from any folder.</summary>
    Inline,

    /// <summary>A <c>file://</c> reference to the local npm copy.</summary>
    LocalFile,

    /// <summary>The public CDN (needs internet).</summary>
    Cdn,
}

/// <summary>Renders figures as HTML: fragments for notebooks and reports, and standalone pages.</summary>
/// <remarks>
/// A fragment is a div that already holds the static SVG image, followed by a script that replaces it with the
/// interactive plotly.js chart. If plotly.js cannot load (offline with no local copy, or a viewer that runs no
/// scripts), the image stays and a visible note says why - never a blank box.
/// </remarks>
public static class ChartPage
{
    private static int _sequence;

    /// <summary>An HTML fragment for one figure, loading plotly.js itself if the page has not.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="plotly">Where to load plotly.js from if it is not already on the page.</param>
    public static string Fragment(PlotlyChart chart, PlotlySource plotly)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(plotly);
        var json = chart.ToJson();
        var id = $"{SvgRenderer.ContentId(json)}-{Interlocked.Increment(ref _sequence)}";
        var loadUrl = plotly.Kind switch
        {
            PlotlySourceKind.LocalFile when Path.IsPathRooted(plotly.Location) => new Uri(plotly.Location).AbsoluteUri,
            PlotlySourceKind.LocalFile or PlotlySourceKind.Cdn => plotly.Location,
            _ => PlotlySource.Cdn.Location,
        };
        var html = new StringBuilder();
        html.Append($"<div class=\"vnb-chart\" id=\"{id}\" style=\"width:100%;max-width:{chart.Width}px;min-height:{chart.Height}px\">");
        html.Append(SvgRenderer.Render(json, chart.Width, chart.Height));
        html.Append($"<div class=\"vnb-chart-note\" style=\"font:12px sans-serif;color:#8a6d3b;display:none\">plotly.js could not be loaded; showing the static image.</div></div>\n");
        html.Append("<script>\n(function () {\n");
        html.Append($"  var figure = {json.ToJsonString()};\n");
        html.Append($"  var el = document.getElementById('{id}');\n");
        html.Append("  function draw() { el.innerHTML = ''; el.style.minHeight = ''; Plotly.newPlot(el, figure.data, figure.layout, figure.config); }\n");
        html.Append("  function fail() { var n = el.querySelector('.vnb-chart-note'); if (n) n.style.display = 'block'; }\n");
        html.Append("  if (window.Plotly) { draw(); return; }\n");
        html.Append($"  var s = document.createElement('script'); s.src = '{loadUrl}'; s.onload = draw; s.onerror = fail; document.head.appendChild(s);\n");
        html.Append("})();\n</script>");
        return html.ToString();
    }

    /// <summary>A standalone HTML page with one or more charts and plotly.js loaded once in the head.</summary>
    /// <param name="title">Page title.</param>
    /// <param name="charts">The charts, in order.</param>
    /// <param name="plotly">Where plotly.js comes from; by default inlined from the local npm copy, else the CDN.</param>
    public static string Standalone(string title, IEnumerable<PlotlyChart> charts, PlotlySource? plotly = null)
    {
        var source = plotly ?? PlotlySource.Find(inline: true);
        var body = string.Join("\n", charts.Select(c => Fragment(c, source)));
        return Page(title, body, source);
    }

    /// <summary>Wraps body HTML in a page that loads plotly.js in its head and says so visibly if it fails.</summary>
    /// <param name="title">Page title.</param>
    /// <param name="body">Body HTML.</param>
    /// <param name="plotly">Where plotly.js comes from.</param>
    public static string Page(string title, string body, PlotlySource plotly)
    {
        var notice = plotly.Kind == PlotlySourceKind.Cdn
            ? "plotly.js is loaded from the CDN (no local copy: run <code>npm ci</code>); without internet the charts show as static images."
            : "";
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{System.Net.WebUtility.HtmlEncode(title)}}</title>
            {{plotly.ScriptTag()}}
            <style>
            body { font-family: Inter, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #2a2a2a; line-height: 1.5; }
            pre { background: #f6f8fa; padding: .8em; overflow-x: auto; font-size: 13px; }
            table.vnb-table { border-collapse: collapse; font-size: 13px; margin: .5em 0; }
            table.vnb-table th, table.vnb-table td { border-bottom: 1px solid #ddd; padding: 3px 10px; }
            table.vnb-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
            #vnb-plotly-missing { display: none; background: #fcf8e3; border: 1px solid #faebcc; padding: .5em 1em; }
            </style>
            </head>
            <body>
            <div id="vnb-plotly-missing">plotly.js could not be loaded: the charts below are static images.</div>
            {{(notice.Length > 0 ? $"<p style=\"font-size:12px;color:#777\">{notice}</p>" : "")}}
            {{body}}
            <script>if (!window.Plotly) document.getElementById('vnb-plotly-missing').style.display = 'block';</script>
            </body>
            </html>
            """;
    }
}
