using System.Diagnostics;
using System.Globalization;
using VolNotebooks.Data;
using VolNotebooks.Features;

namespace VolNotebooks.Benchmarks;

/// <summary>
/// <c>data</c>: loading all shipped files, and loading them plus building every feature for every symbol
/// (<see cref="FeatureStore.Build"/>), timed in-process after warm-up; median, min and max of the timed runs.
/// </summary>
internal static class DataBenchmark
{
    public static int Run(string[] args)
    {
        var json = args.Contains("--json");
        var runs = ReadInt(args, "--runs", 15);
        var data = MarketData.Open();
        Report(json, "load_all_15_files", Measure(runs, () => data.LoadAll().Count));
        Report(json, "load_and_build_all_features", Measure(runs, () => FeatureStore.Build(data).Volatility.Count));
        return 0;
    }

    internal static (double Median, double Min, double Max, int Runs) Measure(int runs, Func<int> work)
    {
        for (var i = 0; i < 3; i++) work();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = Stopwatch.StartNew();
            work();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[runs / 2], times[0], times[^1], runs);
    }

    private static void Report(bool json, string name, (double Median, double Min, double Max, int Runs) t)
    {
        var line = json
            ? $$"""{"suite":"data","name":"{{name}}","median_ms":{{t.Median:0.0}},"min_ms":{{t.Min:0.0}},"max_ms":{{t.Max:0.0}},"runs":{{t.Runs}}}"""
            : $"{name,-30} median {t.Median,8:0.0} ms   min {t.Min,8:0.0} ms   max {t.Max,8:0.0} ms   ({t.Runs} runs)";
        Console.WriteLine(line);
    }

    private static int ReadInt(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
