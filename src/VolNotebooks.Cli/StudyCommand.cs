using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using VolNotebooks.Data;
using VolNotebooks.Runs;
using VolNotebooks.Training;

namespace VolNotebooks.Cli;

/// <summary><c>volnb study create|run|show</c>: hyperparameter studies kept in the run store, run by any number of
/// workers and resumable after a crash.</summary>
internal static class StudyCommand
{
    public static Command Create(TextWriter output, TextWriter error) => new("study", "Hyperparameter studies in the run store: create one, run its trials with one or more workers (resumable), show it")
    {
        CreateCommand(output, error),
        RunCommand(output, error),
        ShowCommand(output, error),
    };

    private static Option<string> NameOption() => new("--name") { Description = "The study's name, unique in the store", Required = true };

    private static Command CreateCommand(TextWriter output, TextWriter error)
    {
        var name = NameOption();
        var trials = new Option<int>("--trials") { Description = "Trials in all", Required = true };
        var sampler = new Option<string>("--sampler") { Description = "tpe or random", DefaultValueFactory = _ => "tpe" };
        var pruner = new Option<string>("--pruner") { Description = "median, asha (successive halving by epochs, eta 3), hyperband (brackets of successive halving up to folds x epochs, eta 3) or none", DefaultValueFactory = _ => "median" };
        var folds = new Option<int>("--folds") { Description = "Time-series cross-validation folds per trial", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { Description = "0: trials learn from whatever others have finished when they start (fastest; with several workers the trials depend on timing). B > 0: trial n learns from exactly trials 0 to n - B and waits for them, so the study is the same with any number of workers (up to B run without waiting much)", DefaultValueFactory = _ => 0 };
        var heartbeat = new Option<double>("--heartbeat-timeout") { Description = "Seconds without a heartbeat after which a running trial's worker counts as dead and the trial is retried", DefaultValueFactory = _ => 60 };
        var storage = CliApp.StorageOption();
        var experiment = new ExperimentOptions();
        var command = new Command("create", "Create a study whose trials vary the experiment the train options describe (--model required)");
        foreach (var option in new Option[] { name, trials, sampler, pruner, folds, batch, heartbeat, storage }.Concat(experiment.All)) command.Options.Add(option);
        command.SetAction(parse => CommandErrors.Guarded(error, () =>
        {
            if (!(parse.GetValue(heartbeat) > 0)) throw new ArgumentException("--heartbeat-timeout must be positive");
            if (parse.GetValue(batch) < 0) throw new ArgumentException("--batch must be 0 or more");
            var spec = experiment.Build(parse, "");
            OneOf("sampler", parse.GetValue(sampler)!, StudyWorker.Samplers);
            OneOf("pruner", parse.GetValue(pruner)!, StudyWorker.Pruners);
            var path = parse.GetValue(storage) ?? RunStore.DefaultPath;
            using var store = RunStore.Open(path);
            var study = StudyWorker.Create(
                new StudyStore(store), parse.GetValue(name)!, spec, parse.GetValue(trials), parse.GetValue(sampler)!, parse.GetValue(pruner)!, parse.GetValue(folds),
                TimeSpan.FromSeconds(parse.GetValue(heartbeat)), parse.GetValue(batch));
            output.WriteLine($"study {study.Name}: {study.Trials} trials of {study.Model}, {study.Sampler} sampler, {study.Pruner} pruner, {study.Folds} folds{(study.Batch > 0 ? $", batch {study.Batch}" : "")}, in {store.Location}");
            return 0;
        }));
        return command;
    }

    /// <summary>An option value outside the names a study accepts is a usage error (exit 2) listing them.</summary>
    private static void OneOf(string option, string value, IReadOnlyList<string> known)
    {
        if (!known.Contains(value)) throw new UsageException($"{option} '{value}': expected {string.Join(", ", known)}");
    }

    private static Command RunCommand(TextWriter output, TextWriter error)
    {
        var name = NameOption();
        var workers = new Option<int>("--workers") { Description = "Workers in this process (each trains with cores / workers engine threads); more processes or machines may run the same study at once", DefaultValueFactory = _ => 1 };
        var storage = CliApp.StorageOption();
        var data = CliApp.DataOption();
        var command = new Command("run", "Run the study's remaining trials until none is left (resumes a killed study: a dead worker's trial is retried)") { name, workers, storage, data };
        command.SetAction((parse, cancel) => Task.FromResult(CommandErrors.Guarded(error, () =>
        {
            var path = Existing(parse.GetValue(storage));
            if (parse.GetValue(workers) < 1) throw new ArgumentException("--workers must be at least 1");
            // Retries of a lost connection are logged where errors go; the workers' threads share the writer.
            var retry = StoreRetryPolicy.Default with { Log = TextWriter.Synchronized(error) };
            var (total, finished) = Count(path, parse.GetValue(name)!, retry);
            StudyRunSummary ran;
            using (var progress = CommandProgress.Create(output, "trials", total, finished))
            {
                ran = StudyWorker.Run(path, parse.GetValue(name)!, MarketData.Open(parse.GetValue(data)), parse.GetValue(workers), t =>
                {
                    lock (progress) // workers end trials on their own threads
                    {
                        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"trial {t.Number} {t.State.ToString().ToLowerInvariant()}{(t.Value is double v ? $" {v:G6}" : "")} {t.Parameters}{(t.Error is null ? "" : $" ({t.Error})")}"));
                        if (t.State is StoredTrialState.Complete or StoredTrialState.Pruned) progress.Report(++finished, $"trial {t.Number} {t.State.ToString().ToLowerInvariant()}");
                    }
                }, retry, cancel);
            }

            using var store = RunStore.Open(path, retry);
            var trials = new StudyStore(store).Trials(parse.GetValue(name)!);
            output.WriteLine($"ran {ran.Finished} trials; the study has {Tally(trials)}");
            return 0;
        })));
        return command;
    }

    private static Command ShowCommand(TextWriter output, TextWriter error)
    {
        var name = NameOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: name, model, sampler, pruner, trials [{number, state, params, value, attempts}], best" };
        var storage = CliApp.StorageOption();
        var command = new Command("show", "Show a study's trials and its best trial") { name, json, storage };
        command.SetAction(parse => CommandErrors.Guarded(error, () =>
        {
            using var store = RunStore.Open(Existing(parse.GetValue(storage)));
            var studies = new StudyStore(store);
            var study = studies.Get(parse.GetValue(name)!);
            var trials = studies.Trials(study.Name);
            var best = trials.Where(t => t.State == StoredTrialState.Complete && t.Value is not null).MinBy(t => t.Value);
            if (parse.GetValue(json))
            {
                output.WriteLine(new JsonObject
                {
                    ["name"] = study.Name,
                    ["model"] = study.Model,
                    ["sampler"] = study.Sampler,
                    ["pruner"] = study.Pruner,
                    ["batch"] = study.Batch,
                    ["trials"] = new JsonArray([.. trials.Select(t => (JsonNode)Trial(t))]),
                    ["best"] = best is null ? null : Trial(best),
                }.ToJsonString());
                return 0;
            }

            output.WriteLine($"study {study.Name}: {study.Model}, {study.Sampler} sampler, {study.Pruner} pruner, {study.Folds} folds; {Tally(trials)}");
            foreach (var t in trials)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {t.Number,4} {t.State.ToString().ToLowerInvariant(),-9} {(t.Value is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : ""),12} {(t.Attempts > 1 ? $"({t.Attempts} attempts) " : "")}{t.Parameters}"));
            }

            output.WriteLine(best is null ? "no trial complete yet" : string.Create(CultureInfo.InvariantCulture, $"best: trial {best.Number}, value {best.Value:G6}, {best.Parameters}"));
            return 0;
        }));
        return command;
    }

    private static JsonObject Trial(StoredTrial t) => new()
    {
        ["number"] = t.Number,
        ["state"] = t.State.ToString().ToLowerInvariant(),
        ["params"] = t.Parameters is null ? null : JsonNode.Parse(t.Parameters),
        ["value"] = t.Value,
        ["attempts"] = t.Attempts,
        ["run_id"] = t.RunId,
    };

    /// <summary>The study's trials in all and how many of them are finished (complete or pruned).</summary>
    private static (int Total, int Finished) Count(string path, string name, StoreRetryPolicy retry)
    {
        using var store = RunStore.Open(path, retry);
        var studies = new StudyStore(store);
        return (studies.Get(name).Trials, studies.Trials(name).Count(t => t.State is StoredTrialState.Complete or StoredTrialState.Pruned));
    }

    private static string Tally(IReadOnlyList<StoredTrial> trials) =>
        string.Join(", ", trials.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));

    private static string Existing(string? path)
    {
        var storage = path ?? RunStore.DefaultPath;
        return RunStore.IsDatabaseUrl(storage) || File.Exists(storage) ? storage : throw new FileNotFoundException($"{storage}: no run store there (volnb study create makes one)");
    }
}
