using System.Globalization;
using System.Text.Json;

namespace VolNotebooks.Data.Yahoo;

/// <summary>Reads the JSON of Yahoo's v8 chart endpoint (<c>/v8/finance/chart/SYMBOL?interval=1d</c>).</summary>
/// <remarks>
/// Shape: <c>chart.result[0]</c> holds <c>meta</c> (symbol, currency, <c>instrumentType</c>,
/// <c>exchangeTimezoneName</c>, <c>gmtoffset</c>), <c>timestamp[]</c> (Unix seconds of each session's open),
/// <c>indicators.quote[0].{open,high,low,close,volume}[]</c>, <c>indicators.adjclose[0].adjclose[]</c> and
/// <c>events.{dividends,splits}</c> keyed by timestamp; or <c>chart.error</c> with a <c>code</c> and
/// <c>description</c>. Rows whose prices are <c>null</c> (Yahoo's placeholders) are skipped and counted.
/// </remarks>
public static class YahooChartParser
{
    /// <summary>Parses a chart response body.</summary>
    /// <param name="symbol">The symbol requested, for messages and the series name.</param>
    /// <param name="json">The response body.</param>
    /// <exception cref="YahooFinanceException">The body is a chart error, is malformed, or holds invalid bars.</exception>
    public static YahooHistory Parse(string symbol, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new YahooFinanceException(YahooFailure.MalformedResponse, symbol,
                $"malformed JSON from the chart endpoint (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return Read(symbol, document.RootElement);
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or IndexOutOfRangeException)
            {
                throw new YahooFinanceException(YahooFailure.MalformedResponse, symbol,
                    $"unexpected chart JSON shape: {e.Message}", e);
            }
        }
    }

    /// <summary>If the body is a chart error (<c>{"chart":{"error":{...}}}</c>), its code and description.</summary>
    /// <param name="json">A response body.</param>
    public static (string Code, string Description)? TryReadError(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("chart", out var chart)
                && chart.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                return (StringOr(error, "code", "error"), StringOr(error, "description", ""));
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static YahooHistory Read(string symbol, JsonElement root)
    {
        if (TryReadError(root.GetRawText()) is var (code, description))
        {
            var failure = code.Equals("Not Found", StringComparison.OrdinalIgnoreCase) ? YahooFailure.UnknownSymbol : YahooFailure.HttpError;
            throw new YahooFinanceException(failure, symbol, $"Yahoo chart error '{code}': {description}");
        }

        var results = root.GetProperty("chart").GetProperty("result");
        if (results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0)
            throw new YahooFinanceException(YahooFailure.UnknownSymbol, symbol, "the chart endpoint returned no result");
        var result = results[0];
        var meta = result.GetProperty("meta");
        var zoneName = StringOr(meta, "exchangeTimezoneName", "America/New_York");
        var gmtOffset = meta.TryGetProperty("gmtoffset", out var g) && g.ValueKind == JsonValueKind.Number ? g.GetInt32() : 0;
        var zone = FindZone(zoneName);
        var kind = StringOr(meta, "instrumentType", "EQUITY").Equals("INDEX", StringComparison.OrdinalIgnoreCase)
            ? SeriesKind.Index
            : SeriesKind.Equity;
        DateOnly ToDate(long unixSeconds) => LocalDate(unixSeconds, zone, gmtOffset);

        var bars = new List<DailyBar>();
        var skipped = 0;
        var hasAdjClose = false;
        if (result.TryGetProperty("timestamp", out var timestamps) && timestamps.ValueKind == JsonValueKind.Array)
        {
            var quote = result.GetProperty("indicators").GetProperty("quote")[0];
            var open = quote.GetProperty("open");
            var high = quote.GetProperty("high");
            var low = quote.GetProperty("low");
            var close = quote.GetProperty("close");
            var volume = quote.GetProperty("volume");
            JsonElement? adjClose = result.GetProperty("indicators").TryGetProperty("adjclose", out var a) ? a[0].GetProperty("adjclose") : null;
            hasAdjClose = adjClose is not null;
            for (var i = 0; i < timestamps.GetArrayLength(); i++)
            {
                var o = Number(open[i]);
                var h = Number(high[i]);
                var l = Number(low[i]);
                var c = Number(close[i]);
                if (o is null || h is null || l is null || c is null)
                {
                    skipped++;
                    continue;
                }

                var adj = adjClose is JsonElement adjValues ? Number(adjValues[i]) ?? c.Value : c.Value;
                var v = volume[i].ValueKind == JsonValueKind.Number ? volume[i].GetInt64() : 0;
                bars.Add(new DailyBar(ToDate(timestamps[i].GetInt64()), o.Value, h.Value, l.Value, c.Value, adj, v));
            }
        }

        BarSeries series;
        try
        {
            series = BarSeries.Create(symbol.TrimStart('^').ToUpperInvariant(), kind, bars);
        }
        catch (ArgumentException e)
        {
            throw new YahooFinanceException(YahooFailure.InvalidData, symbol, e.Message, e);
        }

        var warnings = new List<string>();
        if (skipped > 0) warnings.Add($"{symbol}: skipped {skipped} Yahoo row{(skipped == 1 ? "" : "s")} with null prices");
        if (!hasAdjClose && kind == SeriesKind.Equity && bars.Count > 0) warnings.Add($"{symbol}: no adjusted close in the response; AdjClose = Close");
        if (warnings.Count > 0)
            series = series.WithWarnings(warnings);

        var dividends = new List<Dividend>();
        var splits = new List<Split>();
        if (result.TryGetProperty("events", out var events))
        {
            if (events.TryGetProperty("dividends", out var d))
            {
                foreach (var entry in d.EnumerateObject())
                    dividends.Add(new Dividend(ToDate(entry.Value.GetProperty("date").GetInt64()), entry.Value.GetProperty("amount").GetDouble()));
            }

            if (events.TryGetProperty("splits", out var s))
            {
                foreach (var entry in s.EnumerateObject())
                {
                    splits.Add(new Split(
                        ToDate(entry.Value.GetProperty("date").GetInt64()),
                        entry.Value.GetProperty("numerator").GetDouble(),
                        entry.Value.GetProperty("denominator").GetDouble()));
                }
            }
        }

        return new YahooHistory(
            series, [.. dividends.OrderBy(x => x.Date)], [.. splits.OrderBy(x => x.Date)],
            StringOr(meta, "currency", ""), zoneName);
    }

    private static double? Number(JsonElement element) => element.ValueKind == JsonValueKind.Number ? element.GetDouble() : null;

    private static string StringOr(JsonElement element, string property, string fallback) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : fallback;

    private static TimeZoneInfo? FindZone(string name)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static DateOnly LocalDate(long unixSeconds, TimeZoneInfo? zone, int gmtOffsetSeconds)
    {
        var utc = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var local = zone is null ? utc.ToOffset(TimeSpan.FromSeconds(gmtOffsetSeconds)) : TimeZoneInfo.ConvertTime(utc, zone);
        return DateOnly.FromDateTime(local.DateTime);
    }

    internal static string FormatUnix(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
