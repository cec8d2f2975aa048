using System.CommandLine;
using System.Globalization;
using VolNotebooks.Data;
using VolNotebooks.Data.Yahoo;

namespace VolNotebooks.Cli;

/// <summary><c>volnb data list|check|fetch</c>: what data there is, whether a file is sound, and downloading more.</summary>
internal static class DataCommands
{
    /// <summary>Environment variable that points <c>data fetch</c> at another chart API host (a mirror, or a test server).</summary>
    public const string YahooBaseVariable = "VOLNB_YAHOO_BASE";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = new Command("data", "List, validate and download daily-bar data");

        var listData = CliApp.DataOption();
        var list = new Command("list", "Print every available symbol with its kind, rows and date span") { listData };
        list.SetAction(parse => CommandErrors.Guarded(error, () => List(MarketData.Open(parse.GetValue(listData)), output)));

        var file = new Argument<string>("FILE") { Description = "A CSV in our schema, Yahoo's export schema, or the index schema" };
        var minRows = new Option<int>("--min-rows") { Description = "Fail if the file has fewer data rows", DefaultValueFactory = _ => 1 };
        var check = new Command("check", "Validate a CSV file: exit 0 with a summary, or 1 with the located error") { file, minRows };
        check.SetAction(parse => CommandErrors.Guarded(error, () => Check(parse.GetValue(file)!, parse.GetValue(minRows), output)));

        var symbol = new Argument<string>("SYMBOL") { Description = "Yahoo symbol, e.g. SPY or ^VIX" };
        var from = new Option<DateOnly>("--from") { Description = "First day (yyyy-MM-dd)", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "Last day (yyyy-MM-dd), default today", DefaultValueFactory = _ => DateOnly.FromDateTime(DateTime.UtcNow) };
        var fetchData = CliApp.DataOption();
        var retries = new Option<int>("--retries") { Description = "Retries on 429, 5xx, timeouts and connection failures", DefaultValueFactory = _ => 4 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds allowed per attempt", DefaultValueFactory = _ => 30 };
        var fetch = new Command("fetch", $"Download daily bars from Yahoo Finance into the data folder (atomic: a failure keeps the old file; ${YahooBaseVariable} overrides the host)")
        {
            symbol, from, to, fetchData, retries, timeout,
        };
        fetch.SetAction((parse, cancel) => CommandErrors.GuardedAsync(error, () =>
        {
            var options = new YahooClientOptions { MaxRetries = parse.GetValue(retries), Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) };
            if (Environment.GetEnvironmentVariable(YahooBaseVariable) is { Length: > 0 } baseAddress) options = options with { BaseAddress = new Uri(baseAddress) };
            return FetchAsync(parse.GetValue(symbol)!, parse.GetValue(from), parse.GetValue(to), MarketData.Open(parse.GetValue(fetchData)).Directory, options, output, cancel);
        }));

        data.Subcommands.Add(list);
        data.Subcommands.Add(check);
        data.Subcommands.Add(fetch);
        return data;
    }

    internal static int List(MarketData data, TextWriter output)
    {
        var all = data.LoadAll();
        output.WriteLine($"{"symbol",-7} {"kind",-7} {"rows",6}  {"first",-10}  {"last",-10}");
        foreach (var s in all)
            output.WriteLine($"{s.Symbol,-7} {s.Kind.ToString().ToLowerInvariant(),-7} {s.Count,6}  {s.FirstDate:yyyy-MM-dd}  {s.LastDate:yyyy-MM-dd}");
        output.WriteLine($"{all.Count} symbols in {data.Directory}");
        return 0;
    }

    internal static int Check(string path, int minimumRows, TextWriter output)
    {
        var series = BarCsv.Read(path, minimumRows: minimumRows);
        var warnings = series.Warnings.Count == 0 ? "" : "; " + string.Join("; ", series.Warnings.Select(w => w.Replace(path + ": ", "", StringComparison.Ordinal)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: ok, {series.Symbol} {series.Kind.ToString().ToLowerInvariant()}, {series.Count} rows {series.FirstDate:yyyy-MM-dd}..{series.LastDate:yyyy-MM-dd}{warnings}"));
        return 0;
    }

    private static async Task<int> FetchAsync(
        string symbol, DateOnly from, DateOnly to, string folder, YahooClientOptions options, TextWriter output, CancellationToken cancel)
    {
        using var client = new YahooFinanceClient(options);
        var (path, history) = await client.SaveAsync(symbol, from, to, folder, cancel).ConfigureAwait(false);
        await output.WriteLineAsync(
            $"{path}: {history.Bars.Count} bars {history.Bars.FirstDate:yyyy-MM-dd}..{history.Bars.LastDate:yyyy-MM-dd}, " +
            $"{history.Dividends.Count} dividends, {history.Splits.Count} splits").ConfigureAwait(false);
        return 0;
    }
}
