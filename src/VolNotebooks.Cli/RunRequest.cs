namespace VolNotebooks.Cli;

/// <summary>What <c>volnb run</c> was asked to do, as given on the command line.</summary>
/// <param name="Notebooks">Notebook paths; empty for the repository's numbered notebooks.</param>
/// <param name="Parameters">The <c>--param NAME=VALUE</c> arguments, unparsed.</param>
/// <param name="OutFolder">Folder for the executed notebooks and reports.</param>
/// <param name="CellTimeout">Seconds a cell may run (<c>--cell-timeout</c>), overriding the notebook's metadata; null when not given.</param>
/// <param name="Storage">The run store that records each notebook run: a path, empty for the default (<c>runs.db</c> in the
/// out folder, or <c>$VOLNB_RUNS</c>), or <see langword="null"/> not to record (<c>--no-record</c>).</param>
internal sealed record RunRequest(string[] Notebooks, string[] Parameters, string OutFolder, double? CellTimeout, string? Storage = "");
