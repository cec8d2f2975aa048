using System.Globalization;
using VolNotebooks.Runner;

namespace VolNotebooks.Cli;

/// <summary>The lines a supervised <c>volnb run</c> child writes on its stdout so that its supervisor knows which cell
/// runs: <c>##volnb:TOKEN start NOTEBOOK CELL CODECELL CODECELLS TIMEOUT</c>, <c>... saved NOTEBOOK</c> (the notebook is on disk up
/// to the last finished cell) and <c>... end</c> (the child's own code finished). The per-run token keeps notebook
/// output from being taken for these lines.</summary>
/// <param name="token">The token the supervisor chose.</param>
/// <param name="output">The child's real stdout (never a cell's captured one).</param>
internal sealed class SupervisorChannel(string token, TextWriter output)
{
    /// <summary>What starts every line of the channel, before the token.</summary>
    internal const string Tag = "##volnb:";

    /// <summary>Reports that code cell <paramref name="progress"/> of notebook <paramref name="notebook"/> (0-based) starts, and its time limit.</summary>
    public void CellStarted(int notebook, CellProgress progress, TimeSpan? timeout) => Write(string.Create(CultureInfo.InvariantCulture,
        $"start {notebook} {progress.Cell} {progress.CodeCell} {progress.CodeCells} {(timeout is TimeSpan t ? t.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) : "-")}"));

    /// <summary>Reports that notebook <paramref name="notebook"/> is on disk up to its last finished cell.</summary>
    public void Saved(int notebook) => Write(string.Create(CultureInfo.InvariantCulture, $"saved {notebook}"));

    /// <summary>Reports that the child's own code has finished, normally or by a handled error.</summary>
    public void Ended() => Write("end");

    /// <summary>The words of a channel line carrying <paramref name="token"/>, or null for any other line.</summary>
    public static string[]? Parse(string line, string token) =>
        line.StartsWith(Tag + token + " ", StringComparison.Ordinal) ? line[(Tag.Length + token.Length + 1)..].Split(' ') : null;

    private void Write(string message)
    {
        lock (output)
        {
            output.WriteLine($"{Tag}{token} {message}");
            output.Flush();
        }
    }
}
