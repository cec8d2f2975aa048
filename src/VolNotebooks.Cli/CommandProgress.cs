using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace VolNotebooks.Cli;

/// <summary>The progress of a long command - training epochs, notebook cells, search trials - with the elapsed time and
/// an estimate of the time left: a live Spectre.Console bar on a terminal, one plain line per step otherwise (a log,
/// CI, a pipe), so that redirected output stays readable and greppable.</summary>
internal abstract class CommandProgress : IDisposable
{
    /// <summary>A progress display on <paramref name="writer"/>: live when it is the process's own terminal stream.</summary>
    /// <param name="writer">Where progress goes (the command's stderr or stdout).</param>
    /// <param name="description">What is counted, e.g. <c>epochs</c> or <c>[1/7] 01-data-preparation</c>.</param>
    /// <param name="total">Steps in all (epochs, code cells, trials); at least 1.</param>
    /// <param name="done">Steps finished before this command started (a resumed study's trials); the time left is
    /// estimated from the steps this command runs.</param>
    public static CommandProgress Create(TextWriter writer, string description, int total, int done = 0) =>
        IsTerminal(writer)
            ? new Live(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }), description, total, done)
            : new Plain(writer, description, total, done);

    /// <summary>A live display on <paramref name="console"/>, whatever it is connected to.</summary>
    internal static CommandProgress Create(IAnsiConsole console, string description, int total, int done = 0) => new Live(console, description, total, done);

    /// <summary>Whether <paramref name="writer"/> is the process's stdout or stderr and that stream is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected) || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>Reports that <paramref name="done"/> of the steps are finished.</summary>
    /// <param name="done">Finished steps, 0 to the total.</param>
    /// <param name="detail">What the last step gave (losses, a trial's value), shown beside the count.</param>
    public abstract void Report(int done, string detail);

    /// <summary>Writes a line of the command's own output without breaking the display.</summary>
    public abstract void WriteLine(string line);

    /// <summary>Ends the display (a live bar is left at its last state).</summary>
    public abstract void Dispose();

    /// <summary>The estimated time left for <paramref name="left"/> steps after <paramref name="done"/> steps took
    /// <paramref name="elapsed"/>, assuming the remaining steps take as long on average; null before the first step.</summary>
    internal static TimeSpan? Remaining(TimeSpan elapsed, int done, int left) =>
        done <= 0 ? null : elapsed * ((double)Math.Max(0, left) / done);

    /// <summary><c>42 s</c>, <c>3:05</c> or <c>1:02:03</c>.</summary>
    internal static string Duration(TimeSpan t) => t.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0} s")
        : t.ToString(t.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>One line per step: <c>epochs 3/20 (train 0.0123 ...) - 12 s elapsed, about 1:08 left</c>.</summary>
    private sealed class Plain(TextWriter writer, string description, int total, int before) : CommandProgress
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public override void Report(int done, string detail)
        {
            var left = Remaining(_clock.Elapsed, done - before, total - done) is TimeSpan r ? $", about {Duration(r)} left" : "";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{description} {done}/{total}{(detail.Length > 0 ? $" ({detail})" : "")} - {Duration(_clock.Elapsed)} elapsed{left}"));
        }

        public override void WriteLine(string line) => writer.WriteLine(line);

        public override void Dispose()
        {
        }
    }

    /// <summary>A Spectre.Console progress bar with elapsed and remaining time, redrawn in place.</summary>
    private sealed class Live : CommandProgress
    {
        private readonly IAnsiConsole _console;
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _display;
        private readonly string _description;
        private readonly int _before;
        private ProgressTask? _task;

        public Live(IAnsiConsole console, string description, int total, int done)
        {
            _console = console;
            _before = done;
            _description = Markup.Escape(done > 0 ? $"{description} ({done} of {total} done before)" : description);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _display = console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    // Counted from this command's first step, so that Spectre's speed (and so the time left) is this run's.
                    _task = context.AddTask(_description, maxValue: Math.Max(1, total - done));
                    started.SetResult();
                    await _finished.Task.ConfigureAwait(false);
                    context.Refresh();
                });
            // A console that cannot show a live display ends the task at once; its error surfaces here.
            Task.WaitAny(started.Task, _display);
            if (_display.IsFaulted) _display.GetAwaiter().GetResult();
        }

        public override void Report(int done, string detail)
        {
            _task!.Value = done - _before;
            _task.Description = detail.Length > 0 ? $"{_description} [grey]{Markup.Escape(detail)}[/]" : _description;
        }

        public override void WriteLine(string line) => _console.WriteLine(line);

        public override void Dispose()
        {
            _finished.TrySetResult();
            _display.Wait();
        }
    }
}
