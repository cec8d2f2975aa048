namespace VolNotebooks.Data.Yahoo;

/// <summary>Why a Yahoo Finance request failed.</summary>
public enum YahooFailure
{
    /// <summary>Yahoo does not know the symbol (its "Not Found" chart error, or HTTP 404).</summary>
    UnknownSymbol,

    /// <summary>The server kept answering 429 or 5xx, or the connection kept failing, until the retries ran out.</summary>
    Unavailable,

    /// <summary>A request took longer than the configured timeout on every attempt.</summary>
    Timeout,

    /// <summary>The response was not the JSON the v8 chart endpoint returns.</summary>
    MalformedResponse,

    /// <summary>Another HTTP error status (e.g. 400, 401, 403).</summary>
    HttpError,

    /// <summary>The bars Yahoo returned break a daily bar's invariants.</summary>
    InvalidData,
}

/// <summary>A Yahoo Finance download that could not be completed; nothing was saved.</summary>
/// <param name="failure">The kind of failure.</param>
/// <param name="symbol">The symbol requested.</param>
/// <param name="message">What happened, including the URL or status where it helps.</param>
/// <param name="inner">The underlying exception, if any.</param>
public sealed class YahooFinanceException(YahooFailure failure, string symbol, string message, Exception? inner = null)
    : Exception($"{symbol}: {message}", inner)
{
    /// <summary>The kind of failure.</summary>
    public YahooFailure Failure { get; } = failure;

    /// <summary>The symbol requested.</summary>
    public string Symbol { get; } = symbol;
}
