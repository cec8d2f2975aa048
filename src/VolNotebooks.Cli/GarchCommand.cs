using System.CommandLine;
using VolNotebooks.Data;
using VolNotebooks.Econometrics;
using VolNotebooks.Features;

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
        var command = new Command("garch", "Fit a GARCH-family model by maximum likelihood to percent log returns of the adjusted close")
        {
            ticker, start, end, model, dist, mean, json, data,
        };
        command.SetAction(parse => CommandErrors.Guarded(error, () => Run(
            MarketData.Open(parse.GetValue(data)), parse.GetValue(ticker)!, parse.GetValue(start), parse.GetValue(end),
            parse.GetValue(model)!, parse.GetValue(dist)!, parse.GetValue(mean)!, parse.GetValue(json), output)));
        return command;
    }

    internal static int Run(MarketData data, string ticker, DateOnly start, DateOnly end, string model, string dist, string mean, bool json, TextWriter output)
    {
        if (end < start) throw new ArgumentException($"--end {end:yyyy-MM-dd} is before --start {start:yyyy-MM-dd}");
        var spec = ArchModelSpecification.Create(model, dist, mean);
        var bars = data.Load(ticker);
        var (dates, returns) = Returns.LogPercentBetween(bars, start, end);
        if (returns.Length < 100)
            throw new ArgumentException($"{ticker} has {returns.Length} returns between {start:yyyy-MM-dd} and {end:yyyy-MM-dd} ({bars}); a GARCH fit needs at least 100");
        var report = new GarchFitReport(spec.Fit(returns), ticker.ToUpperInvariant(), dates[0], dates[^1]);
        output.WriteLine(json ? report.ToJson() : report.ToSummaryTable());
        return 0;
    }
}
