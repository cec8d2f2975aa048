using System.Net;

namespace VolNotebooks.Data.Yahoo;

/// <summary>Settings of <see cref="YahooFinanceClient"/>.</summary>
public sealed record YahooClientOptions
{
    /// <summary>Scheme and host of the chart API; tests point it at a loopback server.</summary>
    public Uri BaseAddress { get; init; } = new("https://query2.finance.yahoo.com/");

    /// <summary>Longest wait for one attempt (connect, headers and body).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt on 429, 5xx, timeouts and connection failures.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Wait before the first retry; doubled at every further retry (exponential backoff).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two attempts, including a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The User-Agent header sent; Yahoo rejects requests without one.</summary>
    public string UserAgent { get; init; } = "VolNotebooks/1.0 (+research workbook)";
}

/// <summary>Downloads daily bars, adjusted closes, dividends and splits from Yahoo Finance's v8 chart endpoint.</summary>
/// <remarks>
/// Replaces the YahooFinanceApi package (not installable here). Requests
/// <c>/v8/finance/chart/{symbol}?interval=1d&amp;events=div|split&amp;includeAdjustedClose=true&amp;period1&amp;period2</c>,
/// retries 429 and 5xx answers, timeouts and connection failures with exponential backoff (honouring
/// <c>Retry-After</c>), and reports unknown symbols, 404s and malformed JSON as <see cref="YahooFinanceException"/>.
/// <see cref="SaveAsync"/> writes atomically: a failed or partial download never replaces a good file.
/// </remarks>
public sealed class YahooFinanceClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="http">An HTTP client to use (not disposed by this client); a new one when <see langword="null"/>.</param>
    public YahooFinanceClient(YahooClientOptions? options = null, HttpClient? http = null)
    {
        Options = options ?? new YahooClientOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.MaxRetries);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>The settings in force.</summary>
    public YahooClientOptions Options { get; }

    /// <summary>Daily history of <paramref name="symbol"/> from <paramref name="from"/> to <paramref name="to"/>, both inclusive.</summary>
    /// <param name="symbol">A Yahoo symbol, e.g. <c>SPY</c> or <c>^VIX</c>.</param>
    /// <param name="from">First day wanted.</param>
    /// <param name="to">Last day wanted.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <exception cref="YahooFinanceException">Unknown symbol, 404, malformed JSON, invalid bars, or retries exhausted.</exception>
    public async Task<YahooHistory> GetDailyAsync(string symbol, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        if (to < from) throw new ArgumentOutOfRangeException(nameof(to), $"end {to:yyyy-MM-dd} is before start {from:yyyy-MM-dd}");
        var uri = ChartUri(symbol, from, to);
        var body = await GetWithRetriesAsync(symbol, uri, cancellationToken).ConfigureAwait(false);
        var history = YahooChartParser.Parse(symbol, body);
        // Yahoo may return a bar at the edges of the period in another time zone; keep exactly the days asked for.
        var bars = history.Bars;
        var (start, end) = DateRange.Bounds(bars.Dates, from, to);
        return start == 0 && end == bars.Count ? history : history with { Bars = bars.Slice(start, end - start) };
    }

    /// <summary>Downloads and writes <c>{folder}/{SYMBOL}.csv</c> in our schema, atomically.</summary>
    /// <param name="symbol">A Yahoo symbol.</param>
    /// <param name="from">First day wanted.</param>
    /// <param name="to">Last day wanted.</param>
    /// <param name="folder">The data folder to write into.</param>
    /// <param name="cancellationToken">Cancels the download; nothing is written then.</param>
    /// <returns>The path written and the history.</returns>
    public async Task<(string Path, YahooHistory History)> SaveAsync(
        string symbol, DateOnly from, DateOnly to, string folder, CancellationToken cancellationToken = default)
    {
        var history = await GetDailyAsync(symbol, from, to, cancellationToken).ConfigureAwait(false);
        if (history.Bars.Count == 0)
            throw new YahooFinanceException(YahooFailure.InvalidData, symbol, $"no bars between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}; nothing saved");
        var path = Path.Combine(folder, history.Bars.Symbol + ".csv");
        BarCsv.Write(history.Bars, path);
        return (path, history);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    internal Uri ChartUri(string symbol, DateOnly from, DateOnly to)
    {
        var query = $"interval=1d&events=div%7Csplit&includeAdjustedClose=true" +
            $"&period1={YahooChartParser.FormatUnix(from)}&period2={YahooChartParser.FormatUnix(to.AddDays(1))}";
        return new Uri(Options.BaseAddress, $"v8/finance/chart/{Uri.EscapeDataString(symbol)}?{query}");
    }

    private async Task<string> GetWithRetriesAsync(string symbol, Uri uri, CancellationToken cancellationToken)
    {
        var backoff = Options.InitialBackoff;
        for (var attempt = 0; ; attempt++)
        {
            var retryable = await TryOnceAsync(symbol, uri, cancellationToken).ConfigureAwait(false);
            if (retryable.Body is string body) return body;
            if (attempt >= Options.MaxRetries)
            {
                throw new YahooFinanceException(retryable.Failure, symbol,
                    $"{retryable.Reason} on every one of {attempt + 1} attempts ({uri.GetLeftPart(UriPartial.Path)})", retryable.Error);
            }

            var wait = retryable.RetryAfter is TimeSpan serverWait && serverWait > backoff ? serverWait : backoff;
            await Task.Delay(wait < Options.MaxBackoff ? wait : Options.MaxBackoff, cancellationToken).ConfigureAwait(false);
            backoff *= 2;
        }
    }

    private async Task<Attempt> TryOnceAsync(string symbol, Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.UserAgent.ParseAdd(Options.UserAgent);
        request.Headers.Accept.ParseAdd("application/json");
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new Attempt(body, default, "", null, null);
            if (status == 429 || status >= 500)
                return new Attempt(null, YahooFailure.Unavailable, $"HTTP {status} {response.ReasonPhrase}", RetryAfter(response), null);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                var detail = YahooChartParser.TryReadError(body) is var (code, description) ? $" ({code}: {description})" : "";
                throw new YahooFinanceException(YahooFailure.UnknownSymbol, symbol, $"HTTP 404 from {uri.GetLeftPart(UriPartial.Path)}{detail}: unknown symbol?");
            }

            throw new YahooFinanceException(YahooFailure.HttpError, symbol, $"HTTP {status} {response.ReasonPhrase} from {uri.GetLeftPart(UriPartial.Path)}");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, YahooFailure.Timeout, $"no complete answer within {Options.Timeout.TotalSeconds:0.###} s", null, e);
        }
        catch (HttpRequestException e)
        {
            return new Attempt(null, YahooFailure.Unavailable, $"connection failed: {e.Message}", null, e);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is DateTimeOffset date ? date - DateTimeOffset.UtcNow : null);

    private readonly record struct Attempt(string? Body, YahooFailure Failure, string Reason, TimeSpan? RetryAfter, Exception? Error);
}
