namespace VolNotebooks.Data.Yahoo;

/// <summary>A cash dividend paid per share, dated on its ex-dividend day.</summary>
/// <param name="Date">The ex-dividend day (exchange-local).</param>
/// <param name="Amount">Amount per share, in the quote currency.</param>
public readonly record struct Dividend(DateOnly Date, double Amount);

/// <summary>A stock split, e.g. 4:1 (<c>Numerator = 4</c>, <c>Denominator = 1</c>).</summary>
/// <param name="Date">The first day traded on the new basis (exchange-local).</param>
/// <param name="Numerator">New shares.</param>
/// <param name="Denominator">Old shares.</param>
public readonly record struct Split(DateOnly Date, double Numerator, double Denominator)
{
    /// <summary>Shares after per share before: 4 for a 4:1 split.</summary>
    public double Ratio => Numerator / Denominator;
}

/// <summary>Daily bars and corporate actions for one symbol, as Yahoo's chart endpoint returned them.</summary>
/// <param name="Bars">Daily bars (OHLC split-adjusted, AdjClose split- and dividend-adjusted).</param>
/// <param name="Dividends">Dividends within the range, in date order.</param>
/// <param name="Splits">Splits within the range, in date order.</param>
/// <param name="Currency">Quote currency, e.g. <c>USD</c>.</param>
/// <param name="ExchangeTimeZone">The exchange's IANA time zone, used to date the bars.</param>
public sealed record YahooHistory(
    BarSeries Bars, IReadOnlyList<Dividend> Dividends, IReadOnlyList<Split> Splits, string Currency, string ExchangeTimeZone);
