using System.CommandLine;

namespace VolNotebooks.Cli;

/// <summary>The <c>volnb</c> command line: builds the command tree and runs it with the given output writers.</summary>
public static class CliApp
{
    /// <summary>Option shared by every command that reads market data.</summary>
    internal static Option<string?> DataOption() => new("--data")
    {
        Description = "Folder of daily-bar CSV files (default: the shipped data/ folder, or $VOLNB_DATA)",
        HelpName = "DIR",
    };

    /// <summary>Option naming the run store, shared by every command that records or reads runs and studies.</summary>
    internal static Option<string?> StorageOption() => new("--storage")
    {
        Description = "Run store: a SQLite file or a postgresql://user@host[:port]/database URL (default: results/runs.db, or $VOLNB_RUNS)",
        HelpName = "PATH|URL",
    };

    /// <summary>Option that keeps a command from recording its run.</summary>
    internal static Option<bool> NoRecordOption() => new("--no-record") { Description = "Do not record this run in the run store" };

    /// <summary>Parses <paramref name="args"/> and runs the chosen command.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go.</param>
    /// <returns>The process exit code: 0 on success, 1 on a data or runtime error, 2 on a usage error.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("volnb - the VolNotebooks workbook: market data, features, models and notebooks")
        {
            DataCommands.Create(output, error),
            SummaryCommand.Create(output, error),
            RunCommand.Create(output, error),
            GarchCommand.Create(output, error),
            TrainCommand.Create(output, error),
            FeaturesCommand.Create(output, error),
            PredictCommand.Create(output, error),
            CompareCommand.Create(output, error),
            VarBacktestCommand.Create(output, error),
            ExportCommand.Create(output, error),
            RunsCommand.Create(output, error),
            StudyCommand.Create(output, error),
        };
        var parsed = root.Parse(args);
        // Ctrl+C cancels the command; `run` gets time to stop its notebook process and write what ran before exiting.
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(parsed.CommandResult.Command.Name == "run" ? 15 : 2),
        };
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) await error.WriteLineAsync($"volnb: {e.Message}").ConfigureAwait(false);
            await error.WriteLineAsync("Run 'volnb --help' for usage.").ConfigureAwait(false);
            return 2;
        }

        return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
    }
}
