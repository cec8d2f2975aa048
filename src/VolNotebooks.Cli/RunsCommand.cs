using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VolNotebooks.Reports;
using VolNotebooks.Runs;

namespace VolNotebooks.Cli;

/// <summary><c>volnb runs list|show|compare</c>: reads the runs recorded in the run store.</summary>
internal static class RunsCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string?>("--model") { Description = "Only runs of this model (architecture, ARCH specification or notebook)" };
        var since = new Option<DateOnly?>("--since") { Description = "Only runs started on or after this day (UTC)", HelpName = "DATE" };
        var storage = CliApp.StorageOption();
        var listJson = new Option<bool>("--json") { Description = "Print a JSON array of runs (id, kind, model, started_at, seconds, metrics)" };
        var list = new Command("list", "List recorded runs, newest first") { model, since, storage, listJson };
        list.SetAction(parse => CommandErrors.Guarded(error, () =>
        {
            using var store = RunStore.Open(Existing(parse.GetValue(storage)));
            var runs = store.List(new RunQuery(parse.GetValue(model), parse.GetValue(since) is DateOnly day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null));
            if (parse.GetValue(listJson))
            {
                output.WriteLine(new JsonArray([.. runs.Select(r => (JsonNode)Summary(r))]).ToJsonString());
            }
            else
            {
                var metrics = runs.SelectMany(r => r.Metrics.Keys).Distinct().Where(k => k is "rmse" or "qlike" or "loglik" or "value").ToList();
                output.Write(RunTables.Of(runs, metrics).ToText());
            }

            return 0;
        }));

        var id = new Argument<long>("ID") { Description = "A run id (volnb runs list)" };
        var showJson = new Option<bool>("--json") { Description = "Print the whole run as JSON" };
        var showStorage = CliApp.StorageOption();
        var show = new Command("show", "Show one run: spec, metrics, per-epoch history, machine, files written") { id, showStorage, showJson };
        show.SetAction(parse => CommandErrors.Guarded(error, () =>
        {
            using var store = RunStore.Open(Existing(parse.GetValue(showStorage)));
            var run = store.Get(parse.GetValue(id));
            if (parse.GetValue(showJson))
            {
                output.WriteLine(Whole(run).ToJsonString());
                return 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run.Id}: {run.Kind.ToString().ToLowerInvariant()} {run.Model}, started {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {run.Seconds:0.0} s"));
            if (run.Study is not null) output.WriteLine($"study {run.Study}, trial {run.Trial}");
            output.WriteLine($"machine: {run.Machine.Os}, {run.Machine.Architecture}, {run.Machine.Cores} cores, {run.Machine.CpuModel} [{string.Join(' ', run.Machine.CpuFlags)}], {run.Machine.Runtime}");
            output.WriteLine($"library: {run.LibraryVersion}");
            foreach (var (name, value) in run.Metrics) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24} {value:G8}"));
            if (run.History.Count > 0) output.WriteLine($"history: {run.History.Count} epochs, best validation loss {run.History.Min(e => e.ValidationLoss):G6} at epoch {run.History.MinBy(e => e.ValidationLoss)!.Epoch}");
            foreach (var a in run.Artifacts) output.WriteLine($"wrote {a.Path} ({a.Bytes} bytes, sha256 {a.Sha256})");
            if (run.Spec is not null) output.WriteLine($"spec: {run.Spec}");
            return 0;
        }));

        var first = new Argument<long>("ID1") { Description = "A run id" };
        var second = new Argument<long>("ID2") { Description = "Another run id" };
        var compareStorage = CliApp.StorageOption();
        var compare = new Command("compare", "Compare two runs: metrics side by side with differences, and the spec fields that differ") { first, second, compareStorage };
        compare.SetAction(parse => CommandErrors.Guarded(error, () =>
        {
            using var store = RunStore.Open(Existing(parse.GetValue(compareStorage)));
            var a = store.Get(parse.GetValue(first));
            var b = store.Get(parse.GetValue(second));
            output.WriteLine($"{"",-24} {$"run {a.Id}",24} {$"run {b.Id}",24} {"difference",16}");
            output.WriteLine($"{"model",-24} {a.Model,24} {b.Model,24}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"seconds",-24} {a.Seconds,24:0.00} {b.Seconds,24:0.00} {b.Seconds - a.Seconds,16:+0.00;-0.00;0}"));
            foreach (var name in a.Metrics.Keys.Union(b.Metrics.Keys))
            {
                var x = a.Metrics.GetValueOrDefault(name, double.NaN);
                var y = b.Metrics.GetValueOrDefault(name, double.NaN);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} {x,24:G8} {y,24:G8} {y - x,16:G6}"));
            }

            var differences = SpecDifferences(a.Spec, b.Spec);
            output.WriteLine(differences.Count == 0 ? "specs: identical" : "specs differ in:");
            foreach (var line in differences) output.WriteLine("  " + line);
            return 0;
        }));

        return new Command("runs", "Read the run store: every recorded train, garch, study trial and notebook run") { list, show, compare };
    }

    /// <summary>The leaf paths whose values differ between two spec JSON objects, as <c>path: a -> b</c>.</summary>
    internal static List<string> SpecDifferences(string? a, string? b)
    {
        var left = Flatten(a is null ? null : JsonNode.Parse(a), "");
        var right = Flatten(b is null ? null : JsonNode.Parse(b), "");
        return [.. left.Keys.Union(right.Keys).Order(StringComparer.Ordinal)
            .Where(k => left.GetValueOrDefault(k) != right.GetValueOrDefault(k))
            .Select(k => $"{k}: {left.GetValueOrDefault(k) ?? "(none)"} -> {right.GetValueOrDefault(k) ?? "(none)"}")];
    }

    private static Dictionary<string, string> Flatten(JsonNode? node, string path)
    {
        var leaves = new Dictionary<string, string>();
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    foreach (var leaf in Flatten(value, path.Length == 0 ? key : $"{path}.{key}")) leaves[leaf.Key] = leaf.Value;
                }

                break;
            case null:
                if (path.Length > 0) leaves[path] = "null";
                break;
            default:
                leaves[path] = node.ToJsonString();
                break;
        }

        return leaves;
    }

    /// <summary>A store path that must exist already: reading commands never create an empty store by mistake.</summary>
    private static string Existing(string? path)
    {
        var storage = path ?? RunStore.DefaultPath;
        return RunStore.IsDatabaseUrl(storage) || File.Exists(storage) ? storage : throw new FileNotFoundException($"{storage}: no run store there (volnb train and volnb garch create it)");
    }

    private static JsonObject Summary(RunRecord run) => new()
    {
        ["id"] = run.Id,
        ["kind"] = run.Kind.ToString().ToLowerInvariant(),
        ["model"] = run.Model,
        ["started_at"] = run.StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["seconds"] = run.Seconds,
        ["metrics"] = Metrics(run.Metrics),
    };

    private static JsonObject Whole(RunRecord run)
    {
        var json = Summary(run);
        json["spec"] = run.Spec is null ? null : JsonNode.Parse(run.Spec);
        json["history"] = new JsonArray([.. run.History.Select(e => (JsonNode)new JsonObject
        {
            ["epoch"] = e.Epoch, ["train_loss"] = Finite(e.TrainLoss), ["validation_loss"] = Finite(e.ValidationLoss),
            ["learning_rate"] = Finite(e.LearningRate), ["seconds"] = Finite(e.Seconds),
        })]);
        json["artifacts"] = JsonSerializer.SerializeToNode(run.Artifacts, Json);
        json["machine"] = JsonSerializer.SerializeToNode(run.Machine, Json);
        json["library_version"] = run.LibraryVersion;
        json["study"] = run.Study;
        json["trial"] = run.Trial;
        return json;
    }

    private static JsonObject Metrics(IReadOnlyDictionary<string, double> metrics)
    {
        var json = new JsonObject();
        foreach (var (name, value) in metrics) json[name] = Finite(value);
        return json;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
