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
/// <remarks>The notebooks run in a child process (<see cref="RunSupervisor"/>), so that a cell that hangs, ends the
/// process or crashes it is stopped and reported as such; the child writes the executed notebook and its report after
/// every cell, and the supervisor only appends the error of the cell that never finished.</remarks>
internal static class RunCommand
{
    /// <summary>The hidden option that makes <c>volnb run</c> the supervised child: it runs the notebooks in this process
    /// and reports each cell on stdout in lines tagged with the given token.</summary>
    internal const string SupervisedOption = "--supervised-by";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var notebooks = new Argument<string[]>("NOTEBOOK") { Description = "Notebooks to run (default: every numbered notebook in notebooks/, in order)", Arity = ArgumentArity.ZeroOrMore };
        var parameters = new Option<string[]>("--param") { Description = "Override a parameters-cell variable, e.g. --param Quick=true (repeatable); typed after its default", HelpName = "NAME=VALUE", AllowMultipleArgumentsPerToken = false };
        var outFolder = new Option<string>("--out") { Description = "Folder for executed notebooks and reports", DefaultValueFactory = _ => "results", HelpName = "DIR" };
        var cellTimeout = new Option<double?>("--cell-timeout")
        {
            Description = $"Stop a cell that runs longer than this (default: the notebook's metadata {Notebook.CellTimeoutKey}, else no limit)",
            HelpName = "SECONDS",
        };
        var storage = CliApp.StorageOption();
        storage.Description = "Run store recording each notebook run (default: runs.db in the --out folder, or $VOLNB_RUNS)";
        var noRecord = CliApp.NoRecordOption();
        var supervisedBy = new Option<string?>(SupervisedOption) { Hidden = true };
        var command = new Command("run", "Run notebooks headlessly; write results/<name>.ipynb (with outputs) and results/<name>.html (a failed run writes <name>.failed.ipynb and .html instead)")
        {
            notebooks, parameters, outFolder, cellTimeout, storage, noRecord, supervisedBy,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var request = new RunRequest(parse.GetValue(notebooks) ?? [], parse.GetValue(parameters) ?? [], parse.GetValue(outFolder)!, parse.GetValue(cellTimeout),
                parse.GetValue(noRecord) ? null : parse.GetValue(storage) ?? "");
            if (parse.GetValue(supervisedBy) is not string token)
                return await CommandErrors.GuardedAsync(error, () => RunSupervisor.RunAsync(request, output, error, cancel)).ConfigureAwait(false);

            var reporter = new SupervisorChannel(token, output);
            try
            {
                return await CommandErrors.GuardedAsync(error, () => RunInProcessAsync(request, output, error, reporter, cancel)).ConfigureAwait(false);
            }
            finally
            {
                // Reached only when this process's own code finishes: never after Environment.Exit or a crash.
                reporter.Ended();
            }
        });
        return command;
    }

    /// <summary>Runs the notebooks in this process (the supervised child), writing each executed notebook and report after
    /// every cell; the supervisor shows the progress it reports.</summary>
    internal static async Task<int> RunInProcessAsync(RunRequest request, TextWriter output, TextWriter error, SupervisorChannel reporter, CancellationToken cancel)
    {
        var overrides = ParseParameters(request.Parameters);
        var paths = NotebookPaths(request.Notebooks);
        var outFolder = request.OutFolder;
        Directory.CreateDirectory(outFolder);
        // Files a notebook saves (tables, checkpoints) go beside its executed copy.
        Environment.SetEnvironmentVariable(Workbook.ResultsVariable, Path.GetFullPath(outFolder));
        // An empty storage means the default, which now lies in the --out folder.
        var storage = request.Storage is { Length: 0 } ? RunStore.DefaultPath : request.Storage;
        var total = Stopwatch.StartNew();
        // Reports reference the local plotly.js by a relative path (a few kB instead of 3.5 MB inlined per report);
        // without a local copy they load it from the CDN, and charts fall back to their static images offline.
        var plotly = PlotlySource.Find().RelativeTo(outFolder);
        // Under a cell timeout the compiler's start-up must not count against the first cell.
        await NotebookRunner.WarmUpAsync(cancel).ConfigureAwait(false);
        for (var n = 0; n < paths.Count; n++)
        {
            var path = paths[n];
            var name = Path.GetFileNameWithoutExtension(path);
            var prefix = $"[{n + 1}/{paths.Count}] {name}";
            var (final, running, failed) = (ResultFiles.Final(outFolder, name), ResultFiles.Running(outFolder, name), ResultFiles.Failed(outFolder, name));
            var timeout = request.CellTimeout is double seconds ? TimeSpan.FromSeconds(seconds) : NotebookFile.Read(path).CellTimeout;
            await output.WriteLineAsync(prefix).ConfigureAwait(false);
            var run = await NotebookRunner.RunAsync(path, overrides, p => reporter.CellStarted(n, p, timeout), cancel, snapshot =>
            {
                NotebookFile.WriteIpynb(snapshot.Notebook, running.Notebook);
                AtomicFile.WriteAllText(running.Report, HtmlReport.Render(snapshot, name, plotly));
                reporter.Saved(n);
            }).ConfigureAwait(false);

            // A finished run replaces the last results; a failed one is kept beside them and never overwrites them.
            var kept = run.Succeeded ? final : failed;
            if (running.Exist) running.MoveTo(kept);
            if (run.Succeeded) failed.Delete();
            if (storage is not null && kept.Exist) Record(storage, path, overrides, run, kept.Notebook, kept.Report);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{prefix}: {(run.Succeeded ? "ok" : "FAILED")} in {run.Elapsed.TotalSeconds:0.0} s (first output after {run.FirstOutputAfter?.TotalSeconds ?? 0:0.0} s)");
            await output.WriteLineAsync(line).ConfigureAwait(false);
            if (!run.Succeeded)
            {
                await error.WriteLineAsync($"volnb: {run.Failure}").ConfigureAwait(false);
                await error.WriteLineAsync(ResultFiles.WhatRan(final, failed)).ConfigureAwait(false);
                return CommandErrors.DataExitCode;
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Ran {paths.Count} notebook{(paths.Count == 1 ? "" : "s")} in {total.Elapsed.TotalSeconds:0.0} s; results in {Path.GetFullPath(outFolder)}")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The <c>--param NAME=VALUE</c> overrides by name.</summary>
    /// <exception cref="UsageException">An argument without <c>=</c> or without a name.</exception>
    internal static Dictionary<string, string> ParseParameters(IEnumerable<string> parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            var eq = p.IndexOf('=');
            if (eq <= 0 || p[..eq].Trim().Length == 0) throw new UsageException($"--param '{DataFormatException.Quote(p)}': expected NAME=VALUE");
            result[p[..eq].Trim()] = p[(eq + 1)..];
        }

        return result;
    }

    /// <summary>The notebooks to run, as full paths: those named, else the repository's numbered notebooks.</summary>
    /// <exception cref="FileNotFoundException">A named notebook does not exist.</exception>
    internal static List<string> NotebookPaths(string[] notebooks)
    {
        var paths = notebooks.Length > 0 ? notebooks.Select(Path.GetFullPath).ToList() : NumberedNotebooks();
        foreach (var missing in paths.Where(p => !File.Exists(p)))
            throw new FileNotFoundException($"notebook not found: {missing}");
        return paths;
    }

    /// <summary>Records one notebook run in the run store, with the hashes of the files it wrote.</summary>
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
            Spec = new JsonObject { ["notebook"] = RunArtifact.Portable(notebook), ["parameters"] = parameters }.ToJsonString(),
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
