using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace VolNotebooks.Kernel.Tests;

/// <summary>Every numbered notebook in the very program VS Code Polyglot Notebooks starts: the <c>dotnet-interactive</c>
/// tool (pinned in <c>.config/dotnet-tools.json</c>), in its own process, over its stdio JSON protocol. Unlike the
/// in-process kernel of <see cref="NotebookConformanceTests"/>, this host loads its own FSharp.Core and resolves a
/// <c>#r</c>'d library's dependencies and native libraries from the library's folder, as an analyst's machine does.</summary>
public sealed class PolyglotToolTests(ITestOutputHelper log)
{
    private static readonly Lazy<string> Restored = new(() =>
    {
        // Installs the pinned tool from the package feed once (nothing to do when it is in the NuGet cache already).
        var (code, output) = Dotnet(Repository.Root, "tool", "restore");
        return code == 0 ? output : throw new InvalidOperationException($"dotnet tool restore failed ({code}): {output}");
    });

    public static TheoryData<string> Notebooks => NotebookConformanceTests.Notebooks;

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_in_the_dotnet_interactive_tool_polyglot_starts_with_charts_and_tables_as_html(string notebook)
    {
        _ = Restored.Value;
        var path = Path.Combine(Repository.Root, "notebooks", notebook);
        var cells = PolyglotKernel.Parse(path).Elements.Where(e => e.KernelName != "markdown").ToList();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "tool", "run", "dotnet-interactive", "--", "stdio", "--default-kernel", "csharp" }) start.ArgumentList.Add(a);
        // What the notebooks save goes to a scratch folder, never over the repository's committed results.
        var results = Directory.CreateTempSubdirectory("volnb-tool-results-");
        start.Environment["VOLNB_RESULTS"] = results.FullName;
        var committed = ResultsSnapshot();
        using var tool = Process.Start(start)!;
        _ = tool.StandardError.ReadToEndAsync();
        try
        {
            var html = 0;
            var submitted = 0;
            foreach (var cell in cells)
            {
                var (failure, htmlOutputs) = await SubmitAsync(tool, $"cell{++submitted}", cell.Contents);
                Assert.True(failure is null, $"{notebook}: code cell {submitted} failed in dotnet-interactive: {failure}");
                html += htmlOutputs;
                if (PolyglotKernel.IsParameters(cell))
                {
                    var (parameterFailure, _) = await SubmitAsync(tool, "parameters", "var Quick = true;");
                    Assert.True(parameterFailure is null, $"{notebook}: parameters: {parameterFailure}");
                }
            }

            log.WriteLine($"{notebook}: {cells.Count} code cells, {html} text/html outputs");
            Assert.True(html > 0, $"{notebook}: no chart or table came out as text/html");
        }
        finally
        {
            tool.StandardInput.Close();
            if (!tool.WaitForExit(10_000)) tool.Kill(entireProcessTree: true);
            results.Delete(recursive: true);
        }

        Assert.Equal(committed, ResultsSnapshot());
    }

    /// <summary>The repository's results/ files with their sizes and write times, to show a run left them alone.</summary>
    private static string ResultsSnapshot() => string.Join("\n", new DirectoryInfo(Path.Combine(Repository.Root, "results"))
        .EnumerateFiles("*", SearchOption.AllDirectories)
        .Select(f => $"{f.FullName} {f.Length} {f.LastWriteTimeUtc:O}")
        .Order(StringComparer.Ordinal));

    /// <summary>Submits one cell and reads events until the command with <paramref name="token"/> ends: the failure
    /// message (null on success) and how many of its outputs carried text/html.</summary>
    private static async Task<(string? Failure, int Html)> SubmitAsync(Process tool, string token, string code)
    {
        var command = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        await tool.StandardInput.WriteLineAsync(command.ToJsonString());
        await tool.StandardInput.FlushAsync();
        var html = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (await tool.StandardOutput.ReadLineAsync(timeout.Token) is string line)
        {
            if (!line.StartsWith('{')) continue;
            var envelope = JsonNode.Parse(line)!;
            if (envelope["command"]?["token"]?.GetValue<string>() != token) continue;
            switch (envelope["eventType"]?.GetValue<string>())
            {
                case "DisplayedValueProduced" or "ReturnValueProduced" or "DisplayedValueUpdated":
                    if (envelope["event"]?["formattedValues"] is JsonArray values && values.Any(v => v?["mimeType"]?.GetValue<string>() == "text/html")) html++;
                    break;
                case "CommandSucceeded":
                    return (null, html);
                case "CommandFailed":
                    return (envelope["event"]?["message"]?.GetValue<string>() ?? line, html);
            }
        }

        return ("dotnet-interactive ended before the cell finished", html);
    }

    private static (int Code, string Output) Dotnet(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
