using System.Globalization;
using System.Text.Json;
using VolNotebooks.Data;
using VolNotebooks.Datasets;
using VolNotebooks.Features;
using VolNotebooks.Runs;
using VolNotebooks.Training;

namespace VolNotebooks.Benchmarks;

/// <summary>Throughput of a stored hyperparameter study: trials per hour with 1 and 2 workers, the share of trials
/// pruned, and where the workers' time goes (the engine's training against the run store and the sampler/pruner).</summary>
/// <remarks>
/// Usage: <c>-- study [--trials N] [--epochs E] [--storage postgresql://...]</c> (20 trials of 4 epochs by default).
/// One fixed small study: research 003's
/// LSTMForecaster on JPM's returns 2019-2022 (feature recipe <c>feat</c>, 20-day windows), 2-fold time-series CV,
/// random sampler (so 1 and 2 workers run the same trials), ASHA pruning by epochs. Each worker count runs the study
/// afresh in a new SQLite store in a temporary folder (or under a new name in the PostgreSQL database given). Prints one
/// JSON object per worker count, with the load average around it: the machine may be shared.
/// </remarks>
public static class StudyBenchmark
{
    /// <summary>Runs the suite and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var trials = 20;
        var epochs = 4;
        string? storage = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--trials" && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var t) && t > 0) (trials, i) = (t, i + 1);
            else if (args[i] == "--epochs" && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var e) && e > 0) (epochs, i) = (e, i + 1);
            else if (args[i] == "--storage" && i + 1 < args.Length) (storage, i) = (args[i + 1], i + 1);
            else if (args[i] != "--json")
            {
                Console.Error.WriteLine("usage: study [--trials N] [--epochs E] [--storage postgresql://user@host/db]");
                return 2;
            }
        }

        var spec = ExperimentSpec.For("LSTMForecaster", new DatasetSpec
        {
            Symbol = "JPM",
            From = new DateOnly(2019, 1, 1),
            To = new DateOnly(2022, 12, 31),
            Features = FeatureRecipes.Feat.Name,
            Target = new TargetSpec(TargetKind.Return),
            Lookback = 20,
        }) with
        { Training = new TrainerOptions { Epochs = epochs } };
        var data = MarketData.Open();
        foreach (var workers in new[] { 1, 2 })
        {
            var folder = Path.Combine(Path.GetTempPath(), "volnb-study-bench-" + Guid.NewGuid().ToString("N"));
            var store = storage ?? Path.Combine(folder, "runs.db");
            var name = $"bench-{workers}w-{Guid.NewGuid().ToString("N")[..8]}";
            try
            {
                using (var created = RunStore.Open(store)) StudyWorker.Create(new StudyStore(created), name, spec, trials, sampler: "random", pruner: "asha", folds: 2);
                var loadBefore = LoadAverage();
                var summary = StudyWorker.Run(store, name, data, workers);
                Print(new Dictionary<string, object>
                {
                    ["benchmark"] = "study",
                    ["storage"] = storage is null ? "sqlite" : "postgresql",
                    ["workers"] = workers,
                    ["trials"] = summary.Finished,
                    ["epochs"] = epochs,
                    ["folds"] = 2,
                    ["engine_threads_per_worker"] = Math.Max(1, Environment.ProcessorCount / workers),
                    ["wall_s"] = Math.Round(summary.Wall.TotalSeconds, 1),
                    ["trials_per_hour"] = Math.Round(summary.TrialsPerHour),
                    ["pruned"] = summary.Pruned,
                    ["pruned_share"] = Math.Round((double)summary.Pruned / summary.Finished, 3),
                    ["training_share"] = Math.Round(summary.ShareOf(summary.Training), 3),
                    ["store_share"] = Math.Round(summary.ShareOf(summary.Store), 4),
                    ["sampler_pruner_share"] = Math.Round(summary.ShareOf(summary.Sampling), 4),
                    ["waiting_share"] = Math.Round(summary.ShareOf(summary.Waiting), 3),
                    ["load_average_before"] = loadBefore,
                    ["load_average_after"] = LoadAverage(),
                });
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    /// <summary>The 1-minute load average from /proc/loadavg, or NaN where there is none.</summary>
    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private static void Print(Dictionary<string, object> row) => Console.WriteLine(JsonSerializer.Serialize(row));
}
