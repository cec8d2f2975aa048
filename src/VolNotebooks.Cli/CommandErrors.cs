using VolNotebooks.Data;
using VolNotebooks.Data.Yahoo;

namespace VolNotebooks.Cli;

/// <summary>Turns the errors a user can cause into one located line on stderr: exit code 2 for a usage error (a bad
/// option value, a notebook parameter that cannot be set), 1 for bad data or a failure at run time.</summary>
internal static class CommandErrors
{
    /// <summary>Exit code of a usage error.</summary>
    internal const int UsageExitCode = 2;

    /// <summary>Exit code of a data or run-time error.</summary>
    internal const int DataExitCode = 1;

    /// <summary>Runs a command, turning the errors a user can cause into one located line on stderr and exit code 2 or 1.</summary>
    internal static int Guarded(TextWriter error, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (IsUserError(e))
        {
            error.WriteLine($"volnb: {e.Message}");
            return ExitCodeOf(e);
        }
    }

    /// <summary>The asynchronous form of <see cref="Guarded"/>.</summary>
    internal static async Task<int> GuardedAsync(TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception e) when (IsUserError(e))
        {
            await error.WriteLineAsync($"volnb: {e.Message}").ConfigureAwait(false);
            return ExitCodeOf(e);
        }
    }

    private static int ExitCodeOf(Exception e) => e is UsageException or Runner.NotebookParameterException ? UsageExitCode : DataExitCode;

    private static bool IsUserError(Exception e) =>
        e is UsageException or DataFormatException or YahooFinanceException or Runner.NotebookFormatException or KeyNotFoundException or Training.CheckpointException or Training.TrainingDivergedException or DirectoryNotFoundException or ArgumentException or IOException or UnauthorizedAccessException;
}
