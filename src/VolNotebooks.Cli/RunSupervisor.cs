using System.Diagnostics;
using System.Globalization;
using System.Text;
using VolNotebooks.Charts;
using VolNotebooks.Data;
using VolNotebooks.IO;
using VolNotebooks.Runner;

namespace VolNotebooks.Cli;

/// <summary>Runs <c>volnb run</c>'s notebooks in a child <c>volnb</c> process and stops or reports it when a cell
/// overruns its time limit, when the user presses Ctrl+C, or when a cell ends or crashes the process.</summary>
/// <remarks>
/// A cell stuck in a CPU loop cannot be cancelled cooperatively, and <c>Environment.Exit</c>, a stack overflow or an
/// exception on another thread take the whole process down; only a separate process survives all of these. The child
/// writes the executed notebook and report after every cell, so the supervisor has only to kill it (with its process
/// tree) and append one error output to the cell that never finished, naming the reason.
/// </remarks>
internal sealed class RunSupervisor
{
    /// <summary>Exit code after Ctrl+C, as shells use for SIGINT.</summary>
    internal const int InterruptedExitCode = 130;

    private readonly object _gate = new();
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly Queue<string> _lastErrors = new();
    private CancellationTokenSource? _cellTimer;
    private Process? _child;
    private (int Notebook, int Cell, int CodeCell, TimeSpan? Timeout)? _running;
    private int? _startedNotebook;
    private string? _stopReason;
    private string _stopName = "";
    private bool _ended;
    private CommandProgress? _progress;
    private int _progressNotebook = -1;
    private string[] _names = [];

    /// <summary>Runs the request in a child process; returns the child's exit code, or 1 (130 on Ctrl+C) when it had to be stopped or died.</summary>
    public static Task<int> RunAsync(RunRequest request, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (request.CellTimeout is double t && !(t > 0 && t <= int.MaxValue))
            throw new UsageException($"--cell-timeout {t.ToString(CultureInfo.InvariantCulture)}: expected a positive number of seconds");
        RunCommand.ParseParameters(request.Parameters);
        var paths = RunCommand.NotebookPaths(request.Notebooks);
        return new RunSupervisor().SuperviseAsync(request with { Notebooks = [.. paths], OutFolder = Path.GetFullPath(request.OutFolder) }, output, error, cancel);
    }

    /// <summary>The command that starts this same <c>volnb</c> again: <c>dotnet exec volnb.dll</c>, with the running host when it is dotnet.</summary>
    internal static ProcessStartInfo SelfStartInfo()
    {
        var host = Environment.ProcessPath;
        var dotnet = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(RunSupervisor).Assembly.Location);
        return start;
    }

    private async Task<int> SuperviseAsync(RunRequest request, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var start = SelfStartInfo();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        foreach (var argument in ChildArguments(request)) start.ArgumentList.Add(argument);

        _names = [.. request.Notebooks.Select(Path.GetFileNameWithoutExtension).Select(n => n ?? "")];
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start) ?? throw new IOException($"cannot start {start.FileName}");
        lock (_gate) _child = child;
        using var interrupt = cancel.Register(() => Stop("Interrupted", "interrupted in cell {0} (Ctrl+C)"));
        var reading = Task.WhenAll(ReadOutputAsync(child.StandardOutput, output), ReadErrorsAsync(child.StandardError, error));
        await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        // A process the notebook started may still hold the pipes open; do not wait on it for long.
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        _progress?.Dispose();
        lock (_gate) _cellTimer?.Dispose();

        string? reason;
        bool ended;
        lock (_gate) (reason, ended) = (_stopReason, _ended);
        if (reason is null && ended) return child.ExitCode;
        if (reason is null)
        {
            _stopName = "ProcessExited";
            reason = child.ExitCode == 0
                ? "cell {0} ended the process (Environment.Exit(0) or the like) before the notebook finished"
                : $"the process died in cell {{0}} with exit code {child.ExitCode}{Signal(child.ExitCode)} - a stack overflow, an unhandled exception on another thread, Environment.Exit or a kill";
        }

        await FinalizeAsync(request, reason, clock.Elapsed, error).ConfigureAwait(false);
        return _stopName == "Interrupted" ? InterruptedExitCode : CommandErrors.DataExitCode;
    }

    private IEnumerable<string> ChildArguments(RunRequest request)
    {
        yield return "run";
        foreach (var notebook in request.Notebooks) yield return notebook;
        foreach (var parameter in request.Parameters)
        {
            yield return "--param";
            yield return parameter;
        }

        yield return "--out";
        yield return request.OutFolder;
        if (request.CellTimeout is double seconds)
        {
            yield return "--cell-timeout";
            yield return seconds.ToString("R", CultureInfo.InvariantCulture);
        }

        if (request.Storage is null)
        {
            yield return "--no-record";
        }
        else if (request.Storage.Length > 0)
        {
            yield return "--storage";
            yield return request.Storage;
        }

        yield return RunCommand.SupervisedOption;
        yield return _token;
    }

    private async Task ReadOutputAsync(StreamReader stdout, TextWriter output)
    {
        while (await stdout.ReadLineAsync().ConfigureAwait(false) is string line)
        {
            if (SupervisorChannel.Parse(line, _token) is not string[] words)
            {
                if (_progress is null) await output.WriteLineAsync(line).ConfigureAwait(false);
                else _progress.WriteLine(line);
                continue;
            }

            if (words is ["start", var n, var c, var code, var codeCells, _]
                && int.TryParse(n, CultureInfo.InvariantCulture, out var index) && index < _names.Length
                && int.TryParse(code, CultureInfo.InvariantCulture, out var codeCell) && int.TryParse(codeCells, CultureInfo.InvariantCulture, out var total))
            {
                if (index != _progressNotebook)
                {
                    _progress?.Dispose();
                    _progress = CommandProgress.Create(output, $"[{index + 1}/{_names.Length}] {_names[index]}", Math.Max(1, total));
                    _progressNotebook = index;
                }

                _progress!.Report(codeCell - 1, $"cell {c}");
            }

            lock (_gate)
            {
                _cellTimer?.Dispose();
                _cellTimer = null;
                switch (words[0])
                {
                    case "start" when words.Length == 6:
                        var notebook = int.Parse(words[1], CultureInfo.InvariantCulture);
                        TimeSpan? timeout = words[5] == "-" ? null : TimeSpan.FromSeconds(double.Parse(words[5], CultureInfo.InvariantCulture));
                        _running = (notebook, int.Parse(words[2], CultureInfo.InvariantCulture), int.Parse(words[3], CultureInfo.InvariantCulture), timeout);
                        _startedNotebook = notebook;
                        if (timeout is TimeSpan limit)
                        {
                            _cellTimer = new CancellationTokenSource(limit);
                            var seconds = limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                            _cellTimer.Token.Register(() => Stop("CellTimeout",
                                $"cell {{0}} ran longer than the cell timeout of {seconds} s (--cell-timeout or metadata {Notebook.CellTimeoutKey}) and was stopped"));
                        }

                        break;
                    case "saved":
                        _running = null;
                        break;
                    case "end":
                        _ended = true;
                        break;
                }
            }
        }
    }

    private async Task ReadErrorsAsync(StreamReader stderr, TextWriter error)
    {
        while (await stderr.ReadLineAsync().ConfigureAwait(false) is string line)
        {
            lock (_gate)
            {
                _lastErrors.Enqueue(line);
                if (_lastErrors.Count > 20) _lastErrors.Dequeue();
            }

            await error.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the child and its processes, remembering why; the first reason wins.</summary>
    private void Stop(string name, string reason)
    {
        lock (_gate)
        {
            if (_stopReason is not null || _child is null) return;
            _stopReason = reason;
            _stopName = name;
            try
            {
                _child.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Appends the error to the cell that never finished in the notebook the child last wrote, and writes it and its report again.</summary>
    private async Task FinalizeAsync(RunRequest request, string reason, TimeSpan elapsed, TextWriter error)
    {
        (int Notebook, int Cell, int CodeCell, TimeSpan? Timeout)? running;
        int? started;
        string[] lastErrors;
        lock (_gate)
        {
            running = _running;
            started = _startedNotebook;
            lastErrors = [.. _lastErrors];
        }

        if (started is not int index)
        {
            await error.WriteLineAsync($"volnb: {string.Format(CultureInfo.InvariantCulture, reason, "(none started)")}; no cell ran").ConfigureAwait(false);
            return;
        }

        var source = request.Notebooks[index];
        var name = Path.GetFileNameWithoutExtension(source);
        var (final, snapshots, failed) = (ResultFiles.Final(request.OutFolder, name), ResultFiles.Running(request.OutFolder, name), ResultFiles.Failed(request.OutFolder, name));
        if (!snapshots.Exist)
        {
            await error.WriteLineAsync($"volnb: {source}: {string.Format(CultureInfo.InvariantCulture, reason, "(none started)")}; no executed notebook was written").ConfigureAwait(false);
            return;
        }

        var notebook = NotebookFile.Read(snapshots.Notebook);
        CellFailure failure;
        if (running is { } cell && cell.Notebook == index && cell.Cell <= notebook.Cells.Count)
        {
            var message = string.Format(CultureInfo.InvariantCulture, reason, cell.Cell);
            var target = notebook.Cells[cell.Cell - 1];
            target.ExecutionCount = cell.CodeCell;
            target.Outputs.Add(new ErrorOutput(_stopName, message, lastErrors));
            failure = new CellFailure(source, cell.Cell, null, message);
        }
        else
        {
            // Between cells (writing, or before the first): the notebook on disk is whole; say so at the top.
            failure = new CellFailure(source, 0, null, string.Format(CultureInfo.InvariantCulture, reason, "(between cells)"));
        }

        NotebookFile.WriteIpynb(notebook, failed.Notebook);
        AtomicFile.WriteAllText(failed.Report, HtmlReport.Render(new NotebookRun(notebook, failure, elapsed, null), name, PlotlySource.Find().RelativeTo(request.OutFolder)));
        snapshots.Delete();
        await error.WriteLineAsync($"volnb: {failure}").ConfigureAwait(false);
        await error.WriteLineAsync(ResultFiles.WhatRan(final, failed)).ConfigureAwait(false);
    }

    private static string Signal(int exitCode) => exitCode switch
    {
        134 => " (SIGABRT)",
        137 => " (SIGKILL)",
        139 => " (SIGSEGV)",
        _ => "",
    };
}
