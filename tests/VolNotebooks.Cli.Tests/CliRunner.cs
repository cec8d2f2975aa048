using VolNotebooks.Cli;

namespace VolNotebooks.Cli.Tests;

/// <summary>Runs <c>volnb</c> in-process and captures what it prints.</summary>
internal static class CliRunner
{
    // volnb train, garch and run record their runs by default: never into the repository's results/runs.db from a test.
    static CliRunner()
    {
        var store = Path.Combine(Path.GetTempPath(), $"volnb-tests-runs-{Environment.ProcessId}.db");
        Environment.SetEnvironmentVariable(VolNotebooks.Runs.RunStore.PathVariable, store);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
        };
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
