using VolNotebooks.Data;
using VolNotebooks.Data.Yahoo;

namespace VolNotebooks.Cli;

/// <summary>Turns the errors a user can cause (bad files, bad arguments) into one located line on stderr and exit code 1.</summary>
internal static class CommandErrors
{
    /// <summary>Runs a command, turning the errors a user can cause into one located line on stderr and exit code 1.</summary>
    internal static int Guarded(TextWriter error, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (IsUserError(e))
        {
            error.WriteLine($"volnb: {e.Message}");
            return 1;
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
            return 1;
        }
    }

    private static bool IsUserError(Exception e) =>
        e is DataFormatException or YahooFinanceException or Runner.NotebookFormatException or KeyNotFoundException or Training.CheckpointException or Training.TrainingDivergedException or DirectoryNotFoundException or ArgumentException or IOException or UnauthorizedAccessException;
}
