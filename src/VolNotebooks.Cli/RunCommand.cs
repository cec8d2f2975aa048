using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using VolNotebooks.Charts;
using VolNotebooks.Data;
using VolNotebooks.IO;
using VolNotebooks.Runner;
using VolNotebooks.Runs;

namespace VolNotebooks.Cli;

/// <summary><c>volnb run</c>: executes the numbered notebooks headlessly and writes executed notebooks and HTML reports.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var notebooks = new Argument<string[]>("NOTEBOOK") { Description = "Notebooks to run (default: every numbered notebook in notebooks/, in order)", Arity = ArgumentArity.ZeroOrMore };
        var parameters = new Option<string[]>("--param") { Description = "Override a parameters-cell variable, e.g. --param Quick=true (repeatable)", HelpName = "NAME=VALUE", AllowMultipleArgumentsPerToken = false };
        var outFolder = new Option<string>("--out") { Description = "Folder for executed notebooks and reports", DefaultValueFactory = _ => "results", HelpName = "DIR" };
        var storage = CliApp.StorageOption();
        storage.Description = "Run store recording each notebook run (default: runs.db in the --out folder, or $VOLNB_RUNS)";
        var noRecord = CliApp.NoRecordOption();
        var command = new Command("run", "Run notebooks headlessly; write results/<name>.ipynb (with outputs) and results/<name>.html")
        {
            notebooks, parameters, outFolder, storage, noRecord,
        };
        command.SetAction((parse, cancel) => CommandErrors.GuardedAsync(error, () =>
            RunAsync(parse.GetValue(notebooks) ?? [], parse.GetValue(parameters) ?? [], parse.GetValue(outFolder)!, output, error, cancel,
                parse.GetValue(noRecord) ? null : parse.GetValue(storage) ?? "")));
        return command;
    }

    internal static async Task<int> RunAsync(string[] notebooks, string[] parameters, string outFolder, TextWriter output, TextWriter error, CancellationToken cancel,
        string? storage = null)
    {
        var overrides = ParseParameters(parameters);
        var paths = notebooks.Length > 0 ? notebooks.Select(Path.GetFullPath).ToList() : NumberedNotebooks();
        foreach (var missing in paths.Where(p => !File.Exists(p)))
            throw new FileNotFoundException($"notebook not found: {missing}");
        Directory.CreateDirectory(outFolder);
        // Files a notebook saves (tables, checkpoints) go beside its executed copy.
        Environment.SetEnvironmentVariable(Workbook.ResultsVariable, Path.GetFullPath(outFolder));
        // An empty storage means the default, which now lies in the --out folder.
        if (storage is { Length: 0 }) storage = RunStore.DefaultPath;
        var total = Stopwatch.StartNew();
        // Reports reference the local plotly.js by a relative path (a few kB instead of 3.5 MB inlined per report);
        // without a local copy they load it from the CDN, and charts fall back to their static images offline.
        var plotly = PlotlySource.Find().RelativeTo(outFolder);
        var interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        for (var n = 0; n < paths.Count; n++)
        {
            var path = paths[n];
            var name = Path.GetFileNameWithoutExtension(path);
            var prefix = $"[{n + 1}/{paths.Count}] {name}";
            await output.WriteAsync(interactive ? prefix : prefix + Environment.NewLine).ConfigureAwait(false);
            var run = await NotebookRunner.RunAsync(path, overrides, p =>
            {
                if (interactive) output.Write($"\r{prefix}: cell {p.Cell} ({p.CodeCell}/{p.CodeCells} code cells)   ");
            }, cancel).ConfigureAwait(false);

            var notebookOut = Path.Combine(outFolder, name + ".ipynb");
            var reportOut = Path.Combine(outFolder, name + ".html");
            NotebookFile.WriteIpynb(run.Notebook, notebookOut);
            AtomicFile.WriteAllText(reportOut, HtmlReport.Render(run, name, plotly));
            if (storage is not null) Record(storage, path, overrides, run, notebookOut, reportOut);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{prefix}: {(run.Succeeded ? "ok" : "FAILED")} in {run.Elapsed.TotalSeconds:0.0} s (first output after {run.FirstOutputAfter?.TotalSeconds ?? 0:0.0} s)");
            await output.WriteLineAsync(interactive ? $"\r{line}        " : line).ConfigureAwait(false);
            if (!run.Succeeded)
            {
                await error.WriteLineAsync($"volnb: {run.Failure}").ConfigureAwait(false);
                await error.WriteLineAsync($"volnb: what ran is in {Path.GetFullPath(notebookOut)} and {Path.GetFullPath(reportOut)}").ConfigureAwait(false);
                return 1;
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Ran {paths.Count} notebook{(paths.Count == 1 ? "" : "s")} in {total.Elapsed.TotalSeconds:0.0} s; results in {Path.GetFullPath(outFolder)}")).ConfigureAwait(false);
        return 0;
    }

    internal static Dictionary<string, string> ParseParameters(IEnumerable<string> parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            var eq = p.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--param '{p}': expected NAME=VALUE");
            result[p[..eq].Trim()] = p[(eq + 1)..];
        }

        return result;
    }

    private static void Record(string storage, string notebook, Dictionary<string, string> overrides, NotebookRun run, params string[] written)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in overrides) parameters[key] = value;
        using var store = RunStore.Open(storage);
        store.Record(new RunRecord
        {
            Kind = RunKind.Notebook,
            Model = Path.GetFileNameWithoutExtension(notebook),
            StartedAt = DateTimeOffset.UtcNow - run.Elapsed,
            Seconds = run.Elapsed.TotalSeconds,
            Spec = new JsonObject { ["notebook"] = notebook, ["parameters"] = parameters }.ToJsonString(),
            Metrics = new Dictionary<string, double>
            {
                ["succeeded"] = run.Succeeded ? 1 : 0,
                ["first_output_seconds"] = run.FirstOutputAfter?.TotalSeconds ?? double.NaN,
            },
            Artifacts = [.. written.Select(RunArtifact.Of)],
        });
    }

    /// <summary>The notebooks named <c>NN-*.ipynb</c> or <c>NN-*.dib</c> in <paramref name="folder"/>, in order.</summary>
    internal static List<string> NumberedIn(string folder) => Directory.EnumerateFiles(folder)
        .Where(f => (f.EndsWith(".ipynb", StringComparison.Ordinal) || f.EndsWith(".dib", StringComparison.Ordinal))
            && Path.GetFileName(f) is var n && n.Length > 3 && char.IsAsciiDigit(n[0]) && char.IsAsciiDigit(n[1]) && n[2] == '-')
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The numbered notebooks of the repository's <c>notebooks/</c> folder, in order.</summary>
    private static List<string> NumberedNotebooks()
    {
        var folder = FolderSearch.FindAbove("notebooks", d => Directory.Exists(d) && NumberedIn(d).Count > 0);
        if (folder is not null) return NumberedIn(folder);

        throw new DirectoryNotFoundException($"no numbered notebooks (notebooks/NN-*.ipynb) above {Directory.GetCurrentDirectory()}");
    }
}
