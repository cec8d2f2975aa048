namespace VolNotebooks.Data;

/// <summary>One trading day of a symbol: open, high, low, close, adjusted close and volume.</summary>
/// <remarks>
/// Prices follow Yahoo's conventions: <see cref="Open"/>, <see cref="High"/>, <see cref="Low"/> and
/// <see cref="Close"/> are split-adjusted but not dividend-adjusted; <see cref="AdjClose"/> is split- and
/// dividend-adjusted as of the download date. For an index (VIX, VVIX) <see cref="AdjClose"/> equals
/// <see cref="Close"/> and <see cref="Volume"/> is zero.
/// </remarks>
/// <param name="Date">The trading day.</param>
/// <param name="Open">Opening price.</param>
/// <param name="High">Highest price of the day.</param>
/// <param name="Low">Lowest price of the day.</param>
/// <param name="Close">Closing price (split-adjusted).</param>
/// <param name="AdjClose">Closing price adjusted for splits and dividends; use it for returns.</param>
/// <param name="Volume">Shares traded (split-adjusted); zero for an index.</param>
public readonly record struct DailyBar(
    DateOnly Date, double Open, double High, double Low, double Close, double AdjClose, long Volume)
{
    /// <summary>Finds the first field that breaks a daily bar's invariants, or returns <see langword="null"/>.</summary>
    /// <remarks>
    /// Every price must be finite and positive, the volume non-negative, and
    /// <c>High &gt;= max(Open, Close, Low)</c>, <c>Low &lt;= min(Open, Close)</c>.
    /// </remarks>
    /// <returns>The offending field's name and a description, or <see langword="null"/> when the bar is valid.</returns>
    public (string Field, string Problem)? FindViolation()
    {
        if (!IsPositive(Open)) return ("Open", $"price must be positive, got {Format(Open)}");
        if (!IsPositive(High)) return ("High", $"price must be positive, got {Format(High)}");
        if (!IsPositive(Low)) return ("Low", $"price must be positive, got {Format(Low)}");
        if (!IsPositive(Close)) return ("Close", $"price must be positive, got {Format(Close)}");
        if (!IsPositive(AdjClose)) return ("AdjClose", $"price must be positive, got {Format(AdjClose)}");
        if (Volume < 0) return ("Volume", $"volume must not be negative, got {Volume}");
        if (High < Low) return ("High", $"High {Format(High)} is below Low {Format(Low)}");
        if (High < Open) return ("High", $"High {Format(High)} is below Open {Format(Open)}");
        if (High < Close) return ("High", $"High {Format(High)} is below Close {Format(Close)}");
        if (Low > Open) return ("Low", $"Low {Format(Low)} is above Open {Format(Open)}");
        if (Low > Close) return ("Low", $"Low {Format(Low)} is above Close {Format(Close)}");
        return null;
    }

    private static bool IsPositive(double price) => double.IsFinite(price) && price > 0;

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
