using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace VolNotebooks.Kernel.Tests;

/// <summary>Every numbered notebook, run in quick mode through the real .NET Interactive kernel (what VS Code
/// Polyglot Notebooks runs) and through <c>volnb run</c>, shows the same things.</summary>
public sealed partial class NotebookConformanceTests(ITestOutputHelper log)
{
    private static readonly Dictionary<string, string> Quick = new(StringComparer.Ordinal) { ["Quick"] = "true" };

    /// <summary>The numbered notebooks of <c>notebooks/</c>, by file name.</summary>
    public static TheoryData<string> Notebooks => new(Repository.NumberedNotebooks());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_in_the_dotnet_interactive_kernel_without_a_failed_cell_and_shows_what_volnb_run_shows(string notebook)
    {
        var path = Path.Combine(Repository.Root, "notebooks", notebook);
        using var results = new TempFolder();
        var savedResults = Environment.GetEnvironmentVariable("VOLNB_RESULTS");
        // What the notebook saves (tables, checkpoints) goes to a scratch folder, never into the committed results/.
        Environment.SetEnvironmentVariable("VOLNB_RESULTS", results.Path);
        NotebookResult kernel;
        try
        {
            kernel = await PolyglotKernel.RunAsync(path, Quick);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VOLNB_RESULTS", savedResults);
        }

        // A folder of its own: what the kernel's run stored (notebook 04's studies in runs.db) would otherwise be read
        // back by this run instead of being computed again.
        using var runnerResults = new TempFolder();
        var (runner, _) = await HeadlessRun.RunAsync(path, Quick, runnerResults.Path);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{notebook}: kernel first output {kernel.FirstOutputAfter?.TotalSeconds:0.0} s, total {kernel.Elapsed.TotalSeconds:0.0} s; " +
            $"volnb run first output {runner.FirstOutputAfter?.TotalSeconds:0.0} s, total {runner.Elapsed.TotalSeconds:0.0} s"));

        foreach (var cell in kernel.Cells)
            Assert.True(cell.Failure is null, $"{notebook}: code cell {cell.CodeCell} failed in the kernel: {cell.Failure}\n{cell.Source}");
        Assert.Equal(runner.Cells.Count, kernel.Cells.Count);

        var htmlCompared = 0;
        var mismatches = new List<string>();
        foreach (var (ours, theirs) in runner.Cells.Zip(kernel.Cells))
        {
            var where = $"{notebook}, code cell {ours.CodeCell}";
            Assert.True(ours.Failure is null, $"{where} failed in volnb run: {ours.Failure}");
            Assert.True(ours.Of(OutputKind.Stdout).Any() == theirs.Of(OutputKind.Stdout).Any(),
                $"{where}: stdout in volnb run: {ours.Of(OutputKind.Stdout).Any()}, in the kernel: {theirs.Of(OutputKind.Stdout).Any()}");
            foreach (var kind in new[] { OutputKind.Display, OutputKind.Result })
            {
                var (expected, actual) = (ours.Of(kind).ToList(), theirs.Of(kind).ToList());
                Assert.True(expected.Count == actual.Count,
                    $"{where}: {kind} outputs in volnb run: [{string.Join("; ", expected)}], in the kernel: [{string.Join("; ", actual)}]");
                foreach (var (e, a) in expected.Zip(actual))
                {
                    if (!e.Data.TryGetValue("text/html", out var html)) continue;
                    Assert.True(a.Data.TryGetValue("text/html", out var kernelHtml), $"{where}: the kernel gave {a} where volnb run gave {e}");
                    htmlCompared++;
                    if (Comparable(html) != Comparable(kernelHtml!))
                        mismatches.Add(Mismatch(notebook, where, kind, htmlCompared, html, kernelHtml!));
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {htmlCompared} HTML outputs differ:\n{string.Join("\n", mismatches)}");
        Assert.True(htmlCompared > 0, $"{notebook}: no HTML output was compared");
        log.WriteLine($"{notebook}: {kernel.Cells.Count} code cells, {htmlCompared} HTML outputs identical");
    }

    /// <summary>Describes where two HTML outputs first differ, and keeps both beside the test assembly to diff.</summary>
    private static string Mismatch(string notebook, string where, OutputKind kind, int number, string expected, string actual)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "conformance-mismatches");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(notebook)}-{number}");
        File.WriteAllText(stem + ".volnb.html", expected);
        File.WriteAllText(stem + ".kernel.html", actual);
        var at = expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count();
        string Around(string s) => s.Substring(Math.Max(0, at - 60), Math.Min(s.Length, at + 60) - Math.Max(0, at - 60));
        return $"{where}, {kind}: volnb run '...{Around(expected)}...' but the kernel '...{Around(actual)}...' ({stem}.*.html)";
    }

    /// <summary>Table columns that hold wall-clock times: the fit table's <c>fit ms</c>, the study and refit tables'
    /// <c>seconds</c> (ModelTables.FitStatistics, ModelTables.Studies, Study.ToTable), and a stored search's cost
    /// (SearchTables.Cost: <c>trial hours</c>, <c>wall hours</c>, <c>trials per hour</c>).</summary>
    private static readonly string[] WallClockColumns = ["seconds", "fit ms", "trial hours", "wall hours", "trials per hour"];

    /// <summary>The HTML without what two runs cannot share: a chart id's per-process sequence number (its content hash
    /// stays) and the cells of a table's wall-clock columns.</summary>
    internal static string Comparable(string html)
    {
        html = ChartId().Replace(html, "$1-#");
        return TableElement().Replace(html, table =>
        {
            var headers = Header().Matches(table.Value).Select(h => h.Groups[1].Value).ToList();
            var clocks = headers.Select((h, i) => WallClockColumns.Contains(h) ? i : -1).Where(i => i >= 0).ToHashSet();
            if (clocks.Count == 0) return table.Value;
            return Row().Replace(table.Value, row =>
            {
                var cell = 0;
                return Cell().Replace(row.Value, c => clocks.Contains(cell++) ? $"{c.Groups[1].Value}(wall clock)</td>" : c.Value);
            });
        });
    }

    [GeneratedRegex("(vnb[0-9a-f]{10})-[0-9]+")]
    private static partial Regex ChartId();

    [GeneratedRegex("<table[ >].*?</table>", RegexOptions.Singleline)]
    private static partial Regex TableElement();

    [GeneratedRegex("<th[^>]*>(.*?)</th>", RegexOptions.Singleline)]
    private static partial Regex Header();

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("(<td[^>]*>).*?</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();
}
