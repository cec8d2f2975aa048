using System.Text;

namespace VolNotebooks.Runner;

/// <summary>Gives each running cell its own standard output and error: what the cell's code writes (on its own thread
/// or on any task or thread it starts) goes to the cell's writers, and what the rest of the process writes at the same
/// time - another notebook in the same process, a test runner, a logger - still reaches the process's console.</summary>
/// <remarks>
/// <see cref="Console.SetOut"/> is process-wide, so swapping it around a cell captured every thread's writes into that
/// cell and, with two runs at once, could leave the console pointing at a finished cell's buffer. The router is installed
/// once; which writer a write reaches follows the execution context, as <see cref="AsyncLocal{T}"/> does.
/// </remarks>
internal static class CellConsole
{
    private static readonly Lock Gate = new();
    private static readonly FlowWriter Out = new();
    private static readonly FlowWriter Error = new();
    private static TextWriter? _installedOut;
    private static TextWriter? _installedError;

    /// <summary>Routes this execution context's console writes to <paramref name="stdout"/> and <paramref name="stderr"/>
    /// until the returned scope is disposed.</summary>
    public static Scope Capture(TextWriter stdout, TextWriter stderr)
    {
        lock (Gate)
        {
            _installedOut = Install(Out, _installedOut, () => Console.Out, Console.SetOut);
            _installedError = Install(Error, _installedError, () => Console.Error, Console.SetError);
        }

        var saved = (Out.Current, Error.Current);
        Out.Current = TextWriter.Synchronized(stdout);
        Error.Current = TextWriter.Synchronized(stderr);
        return new Scope(saved.Item1, saved.Item2);
    }

    /// <summary>Puts the router in place unless the console still shows it; whatever replaced it becomes the writer
    /// that writes outside any cell reach.</summary>
    private static TextWriter Install(FlowWriter router, TextWriter? installed, Func<TextWriter> get, Action<TextWriter> set)
    {
        var console = get();
        if (ReferenceEquals(console, installed)) return console;
        router.Fallback = console;
        set(router);
        return get(); // the console wraps what it is given in a synchronized writer
    }

    /// <summary>Ends a capture, restoring the writers the context had before it.</summary>
    public readonly struct Scope(TextWriter? savedOut, TextWriter? savedError) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose()
        {
            Out.Current = savedOut;
            Error.Current = savedError;
        }
    }

    /// <summary>A writer that forwards to the current context's cell writer, or to the process's console outside a cell.</summary>
    private sealed class FlowWriter : TextWriter
    {
        private readonly AsyncLocal<TextWriter?> _current = new();

        public TextWriter Fallback { get; set; } = TextWriter.Null;

        public TextWriter? Current
        {
            get => _current.Value;
            set => _current.Value = value;
        }

        public override Encoding Encoding => Target.Encoding;

        private TextWriter Target => _current.Value ?? Fallback;

        public override void Write(char value) => Target.Write(value);

        public override void Write(string? value) => Target.Write(value);

        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

        public override void Write(ReadOnlySpan<char> buffer) => Target.Write(buffer);

        public override void WriteLine(string? value) => Target.WriteLine(value);

        public override void WriteLine(ReadOnlySpan<char> buffer) => Target.WriteLine(buffer);

        public override void Flush() => Target.Flush();
    }
}
