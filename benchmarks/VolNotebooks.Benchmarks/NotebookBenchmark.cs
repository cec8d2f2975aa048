using System.Diagnostics;
using System.Globalization;
using VolNotebooks.IO;
using VolNotebooks.Runner;

namespace VolNotebooks.Benchmarks;

/// <summary>
/// <c>notebooks</c>: runs every numbered notebook in quick mode in this (cold) process, as <c>volnb run --param
/// Quick=true</c> does, and reports the time to the first cell output and the total per notebook.
/// </summary>
internal static class NotebookBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var process = Stopwatch.StartNew();
        var folder = FindNotebooks();
        var total = TimeSpan.Zero;
        foreach (var path in Directory.GetFiles(folder, "??-*.ipynb").Order(StringComparer.Ordinal))
        {
            var run = await NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["Quick"] = "true" });
            if (!run.Succeeded) throw new InvalidOperationException(run.Failure!.ToString());
            total += run.Elapsed;
            var name = Path.GetFileNameWithoutExtension(path);
            var first = run.FirstOutputAfter?.TotalSeconds ?? double.NaN;
            Console.WriteLine(json
                ? string.Create(CultureInfo.InvariantCulture, $$"""{"suite":"notebooks","name":"{{name}}","first_output_s":{{first:0.00}},"total_s":{{run.Elapsed.TotalSeconds:0.00}},"process_s":{{process.Elapsed.TotalSeconds:0.00}}}""")
                : string.Create(CultureInfo.InvariantCulture, $"{name,-28} first output {first,6:0.00} s   total {run.Elapsed.TotalSeconds,6:0.00} s"));
        }

        Console.WriteLine(json
            ? string.Create(CultureInfo.InvariantCulture, $$"""{"suite":"notebooks","name":"all_quick","total_s":{{total.TotalSeconds:0.00}}}""")
            : string.Create(CultureInfo.InvariantCulture, $"{"all notebooks, quick mode",-28} total {total.TotalSeconds,6:0.00} s"));
        return 0;
    }

    private static string FindNotebooks() =>
        VolNotebooks.IO.FolderSearch.FindAbove("notebooks", Directory.Exists)
        ?? throw new DirectoryNotFoundException("notebooks/ not found above the current directory");
}
