using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VolNotebooks.Kernel.Tests;

/// <summary>Runs a notebook with <c>volnb run</c> in its own process and reads back the executed notebook.</summary>
/// <remarks>
/// A separate process because the headless runner compiles with Roslyn 5.12 and the kernel with Roslyn 5.0, which one
/// process cannot both load. What comes back is what the runner's <c>Formatting</c> wrote into the executed notebook.
/// </remarks>
internal static partial class HeadlessRun
{
    /// <summary>Runs <paramref name="notebook"/> with <c>--param Name=value</c> for each override, writing into
    /// <paramref name="outFolder"/>; the times are the runner's own (the process start is not counted).</summary>
    public static async Task<(NotebookResult Result, string Log)> RunAsync(
        string notebook, IReadOnlyDictionary<string, string> overrides, string outFolder)
    {
        var volnb = Path.Combine(Repository.Root, "src", "VolNotebooks.Cli", "bin", Repository.Configuration, "net10.0", "volnb.dll");
        if (!File.Exists(volnb)) throw new FileNotFoundException($"volnb is not built: {volnb}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var arg in new[] { volnb, "run", notebook, "--out", outFolder }) start.ArgumentList.Add(arg);
        foreach (var (name, value) in overrides)
        {
            start.ArgumentList.Add("--param");
            start.ArgumentList.Add($"{name}={value}");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var log = await output + await error;
        if (process.ExitCode != 0) throw new InvalidOperationException($"volnb run {notebook} exited with {process.ExitCode}:\n{log}");

        var times = Timing().Match(log);
        if (!times.Success) throw new InvalidOperationException($"volnb run printed no timing line:\n{log}");
        var executed = Path.Combine(outFolder, Path.GetFileNameWithoutExtension(notebook) + ".ipynb");
        return (new NotebookResult(ReadCells(executed), Seconds(times.Groups["total"].Value), Seconds(times.Groups["first"].Value)), log);
    }

    /// <summary>The code cells of an executed notebook and their outputs, the injected parameters cell left out.</summary>
    internal static List<CellResult> ReadCells(string executedNotebook)
    {
        var cells = new List<CellResult>();
        foreach (var cell in JsonNode.Parse(File.ReadAllText(executedNotebook))!["cells"]!.AsArray())
        {
            if (cell!["cell_type"]!.GetValue<string>() != "code") continue;
            if (cell["metadata"]?["tags"]?.AsArray().Any(t => t!.GetValue<string>() == "injected-parameters") == true) continue;
            var outputs = new List<KernelOutput>();
            string? failure = null;
            foreach (var output in cell["outputs"]!.AsArray())
            {
                switch (output!["output_type"]!.GetValue<string>())
                {
                    case "stream":
                        var kind = output["name"]!.GetValue<string>() == "stderr" ? OutputKind.Stderr : OutputKind.Stdout;
                        outputs.Add(new KernelOutput(kind, new Dictionary<string, string> { ["text/plain"] = Text(output["text"]!) }));
                        break;
                    case "display_data":
                    case "execute_result":
                        var data = output["data"]!.AsObject().ToDictionary(p => p.Key, p => Text(p.Value!), StringComparer.Ordinal);
                        outputs.Add(new KernelOutput(output["output_type"]!.GetValue<string>() == "display_data" ? OutputKind.Display : OutputKind.Result, data));
                        break;
                    case "error":
                        failure = $"{output["ename"]}: {output["evalue"]}";
                        break;
                }
            }

            cells.Add(new CellResult(cells.Count + 1, Text(cell["source"]!), outputs, failure));
        }

        return cells;
    }

    // nbformat stores multi-line text either whole or as a list of lines.
    private static string Text(JsonNode node) => node is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : node.GetValue<string>();

    private static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));

    [GeneratedRegex(@": ok in (?<total>[0-9.]+) s \(first output after (?<first>[0-9.]+) s\)")]
    private static partial Regex Timing();
}
