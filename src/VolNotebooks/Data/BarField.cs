namespace VolNotebooks.Data;

/// <summary>One field of a daily bar, e.g. to take one column per symbol from a <see cref="MarketPanel"/>.</summary>
public enum BarField
{
    /// <summary>Opening price.</summary>
    Open,

    /// <summary>Daily high.</summary>
    High,

    /// <summary>Daily low.</summary>
    Low,

    /// <summary>Closing price.</summary>
    Close,

    /// <summary>Close adjusted for splits and dividends.</summary>
    AdjClose,

    /// <summary>Shares traded (equities only).</summary>
    Volume,
}
