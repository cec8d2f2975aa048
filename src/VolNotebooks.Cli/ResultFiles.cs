using VolNotebooks.IO;

namespace VolNotebooks.Cli;

/// <summary>The executed notebook and the report <c>volnb run</c> writes for one notebook, under one of three names.</summary>
/// <remarks>
/// While a notebook runs, its snapshots (written atomically before the first cell and after every cell) go to
/// <c>NAME.running.ipynb</c> and <c>.running.html</c>. When it finishes they replace <c>NAME.ipynb</c> and <c>NAME.html</c>;
/// when it fails (a cell's error, a timeout, Ctrl+C, a crash) they become <c>NAME.failed.ipynb</c> and <c>.failed.html</c>,
/// so what ran is on disk and the last good results are never overwritten by a partial run.
/// </remarks>
/// <param name="Notebook">The executed notebook's path.</param>
/// <param name="Report">The HTML report's path.</param>
internal sealed record ResultFiles(string Notebook, string Report)
{
    /// <summary>The results of the last run that finished.</summary>
    public static ResultFiles Final(string folder, string name) => In(folder, name, "");

    /// <summary>The snapshots of the run in progress.</summary>
    public static ResultFiles Running(string folder, string name) => In(folder, name, ".running");

    /// <summary>What the last failed run got through.</summary>
    public static ResultFiles Failed(string folder, string name) => In(folder, name, ".failed");

    /// <summary>Whether the executed notebook exists.</summary>
    public bool Exist => File.Exists(Notebook);

    /// <summary>Renames these files over <paramref name="target"/>'s (each rename atomic; the report first, so a crash
    /// between the two leaves the notebook of the run before beside a newer report, never a half-written file).</summary>
    public void MoveTo(ResultFiles target)
    {
        if (File.Exists(Report)) AtomicFile.Move(Report, target.Report);
        AtomicFile.Move(Notebook, target.Notebook);
    }

    /// <summary>Deletes both files if they exist.</summary>
    public void Delete()
    {
        File.Delete(Notebook);
        File.Delete(Report);
    }

    /// <summary>Where a failed run left what it ran, and that the last good results (if any) are untouched.</summary>
    /// <param name="final">The notebook's final result files.</param>
    /// <param name="failed">Its failed-run files.</param>
    public static string WhatRan(ResultFiles final, ResultFiles failed) =>
        $"volnb: what ran is in {Path.GetFullPath(failed.Notebook)} and {Path.GetFullPath(failed.Report)}"
        + (final.Exist ? $"; the last finished run's results stay in {Path.GetFullPath(final.Notebook)}" : "");

    private static ResultFiles In(string folder, string name, string suffix) =>
        new(Path.Combine(folder, name + suffix + ".ipynb"), Path.Combine(folder, name + suffix + ".html"));
}
