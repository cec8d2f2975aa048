using System.Globalization;
using System.Net;
using System.Text;
using Markdig;
using VolNotebooks.Charts;

namespace VolNotebooks.Runner;

/// <summary>Renders an executed notebook as one standalone HTML page: prose, code, and every output.</summary>
/// <remarks>plotly.js is inlined once in the page head when the local npm copy exists (so the report works offline
/// and from any folder), otherwise loaded from the CDN; every chart also carries its static SVG, so the page reads
/// even where no script runs.</remarks>
public static class HtmlReport
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The report page.</summary>
    /// <param name="run">An executed notebook.</param>
    /// <param name="title">Page title (the notebook name).</param>
    /// <param name="plotly">Where plotly.js comes from; by default inlined from the local copy, else the CDN.</param>
    public static string Render(NotebookRun run, string title, PlotlySource? plotly = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var body = new StringBuilder();
        var codeCells = run.Notebook.CodeCells.Count();
        var ran = run.Notebook.CodeCells.Count(c => c.ExecutionCount is not null);
        // Reports are also written after every cell: a page of a run still going (or killed) must not claim success.
        var status = !run.Succeeded
            ? $"<strong style=\"color:#b00\">Stopped: {WebUtility.HtmlEncode(run.Failure!.ToString())}</strong>"
            : ran < codeCells
                ? string.Create(CultureInfo.InvariantCulture, $"<strong style=\"color:#b60\">Partial: {ran} of {codeCells} code cells ran in {run.Elapsed.TotalSeconds:0.0} s; the run had not finished when this page was written.</strong>")
                : string.Create(CultureInfo.InvariantCulture, $"Executed in {run.Elapsed.TotalSeconds:0.0} s.");
        body.Append($"<p style=\"font-size:12px;color:#777\">{WebUtility.HtmlEncode(title)} - {status}</p>\n");
        foreach (var cell in run.Notebook.Cells)
        {
            if (cell.Kind == CellKind.Markdown)
            {
                body.Append("<section class=\"md\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
                continue;
            }

            var label = cell.ExecutionCount is int n ? $"[{n}]" : "[ ]";
            body.Append($"<div class=\"cell\"><div style=\"font:11px monospace;color:#999\">{label}</div><pre><code class=\"language-csharp\">{WebUtility.HtmlEncode(cell.Source)}</code></pre>\n");
            foreach (var output in cell.Outputs) body.Append(Output(output));
            body.Append("</div>\n");
        }

        return ChartPage.Page(title, body.ToString(), plotly ?? PlotlySource.Find(inline: true));
    }

    private static string Output(CellOutput output) => output switch
    {
        StreamOutput { Name: "stderr" } s => $"<pre style=\"background:#fff4f4\">{WebUtility.HtmlEncode(s.Text)}</pre>\n",
        StreamOutput s => $"<pre style=\"background:#fff\">{WebUtility.HtmlEncode(s.Text)}</pre>\n",
        DisplayOutput d => Bundle(d.Data),
        ResultOutput r => Bundle(r.Data),
        ErrorOutput e => $"<pre style=\"background:#fdd;color:#700\">{WebUtility.HtmlEncode(e.Name + ": " + e.Message + "\n" + string.Join("\n", e.Traceback))}</pre>\n",
        _ => "",
    };

    private static string Bundle(IReadOnlyDictionary<string, string> data) =>
        data.TryGetValue("text/html", out var html) ? $"<div class=\"output\">{html}</div>\n"
        : data.TryGetValue("image/svg+xml", out var svg) ? $"<div class=\"output\">{svg}</div>\n"
        : data.TryGetValue("text/plain", out var text) ? $"<pre style=\"background:#fff\">{WebUtility.HtmlEncode(text)}</pre>\n"
        : "";
}
