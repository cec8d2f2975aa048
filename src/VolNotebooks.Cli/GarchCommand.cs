using System.Text.Json.Nodes;
using System.CommandLine;
using VolNotebooks.Data;
using VolNotebooks.Econometrics;
using VolNotebooks.Features;
using VolNotebooks.Runs;

namespace VolNotebooks.Cli;

/// <summary><c>volnb garch</c>: fits an ARCH-family model to a shipped ticker's percent log returns.</summary>
internal static class GarchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var ticker = new Option<string>("--ticker") { Description = "Symbol in the data folder", DefaultValueFactory = _ => "SPY" };
        var start = new Option<DateOnly>("--start") { Description = "First return date (inclusive)", DefaultValueFactory = _ => new DateOnly(2005, 1, 3) };
        var end = new Option<DateOnly>("--end") { Description = "Last return date (inclusive)", DefaultValueFactory = _ => new DateOnly(2020, 12, 31) };
        var model = new Option<string>("--model") { Description = $"Volatility process: {string.Join("|", ArchModelSpecification.VolatilityNames)}", DefaultValueFactory = _ => "garch" };
        var dist = new Option<string>("--dist") { Description = $"Error distribution: {string.Join("|", ArchModelSpecification.DistributionNames)}", DefaultValueFactory = _ => "normal" };
        var mean = new Option<string>("--mean") { Description = $"Mean model: {string.Join("|", ArchModelSpecification.MeanNames)}", DefaultValueFactory = _ => "constant" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (params, std_err, loglik, nobs, converged, iterations, fit_ms)" };
        var data = CliApp.DataOption();
        var storage = CliApp.StorageOption();
        var noRecord = CliApp.NoRecordOption();
        var command = new Command("garch", "Fit a GARCH-family model by maximum likelihood to percent log returns of the adjusted close")
        {
            ticker, start, end, model, dist, mean, json, data, storage, noRecord,
        };
        command.SetAction(parse => CommandErrors.Guarded(error, () => Run(
            MarketData.Open(parse.GetValue(data)), parse.GetValue(ticker)!, parse.GetValue(start), parse.GetValue(end),
            parse.GetValue(model)!, parse.GetValue(dist)!, parse.GetValue(mean)!, parse.GetValue(json), output,
            parse.GetValue(noRecord) ? null : parse.GetValue(storage) ?? RunStore.DefaultPath, error)));
        return command;
    }

    internal static int Run(MarketData data, string ticker, DateOnly start, DateOnly end, string model, string dist, string mean, bool json, TextWriter output,
        string? storage = null, TextWriter? error = null)
    {
        var started = DateTimeOffset.UtcNow;
        if (end < start) throw new UsageException($"--end {end:yyyy-MM-dd} is before --start {start:yyyy-MM-dd}");
        var spec = ArchModelSpecification.Create(model, dist, mean);
        var bars = data.Load(ticker);
        var (dates, returns) = Returns.LogPercentBetween(bars, start, end);
        if (returns.Length < 100)
            throw new ArgumentException($"{ticker} has {returns.Length} returns between {start:yyyy-MM-dd} and {end:yyyy-MM-dd} ({bars}); a GARCH fit needs at least 100");
        var report = new GarchFitReport(spec.Fit(returns), ticker.ToUpperInvariant(), dates[0], dates[^1]);
        output.WriteLine(json ? report.ToJson() : report.ToSummaryTable());
        if (storage is not null)
        {
            using var store = RunStore.Open(storage);
            var fit = report.Fit;
            var metrics = new Dictionary<string, double> { ["loglik"] = fit.LogLikelihood, ["aic"] = fit.Aic, ["bic"] = fit.Bic, ["nobs"] = fit.Observations };
            for (var i = 0; i < fit.Parameters.Length; i++) metrics[fit.ParameterNames[i]] = fit.Parameters[i];
            var id = store.Record(new RunRecord
            {
                Kind = RunKind.Garch,
                Model = $"{model}-{dist}-{mean}",
                StartedAt = started,
                Seconds = (DateTimeOffset.UtcNow - started).TotalSeconds,
                Spec = new JsonObject
                {
                    ["ticker"] = ticker.ToUpperInvariant(), ["start"] = $"{start:yyyy-MM-dd}", ["end"] = $"{end:yyyy-MM-dd}",
                    ["model"] = model, ["dist"] = dist, ["mean"] = mean,
                }.ToJsonString(),
                Metrics = metrics,
            });
            error?.WriteLine($"run {id} recorded in {Path.GetFullPath(storage)}");
        }

        return 0;
    }
}
