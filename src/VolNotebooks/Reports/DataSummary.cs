using System.Globalization;
using System.Text;
using VolNotebooks.Charts;
using VolNotebooks.Data;
using VolNotebooks.Features;
using VolNotebooks.IO;

namespace VolNotebooks.Reports;

/// <summary>One symbol's line in a <see cref="DataSummary"/>.</summary>
/// <param name="Symbol">Ticker or index.</param>
/// <param name="Kind">Equity or index.</param>
/// <param name="Rows">Number of bars.</param>
/// <param name="First">First day.</param>
/// <param name="Last">Last day.</param>
/// <param name="MissingDays">Trading days of the reference calendar within the symbol's span on which it has no bar.</param>
/// <param name="AnnualizedVolatility">Close-to-close volatility of daily log returns over the whole file, x sqrt(252).</param>
/// <param name="ParkinsonVolatility">Parkinson range volatility over the whole file, x sqrt(252); understated where bars are close-only (early VIX/VVIX).</param>
/// <param name="LargestMove">Largest absolute daily log return.</param>
/// <param name="LargestMoveDate">The day of <paramref name="LargestMove"/>.</param>
/// <param name="Warnings">Loader warnings (e.g. skipped null rows).</param>
public sealed record SymbolSummary(
    string Symbol, SeriesKind Kind, int Rows, DateOnly First, DateOnly Last, int MissingDays,
    double AnnualizedVolatility, double ParkinsonVolatility, double LargestMove, DateOnly LargestMoveDate, IReadOnlyList<string> Warnings);

/// <summary>A per-symbol account of a data folder: span, gaps against a reference calendar, volatility and the largest move.</summary>
/// <param name="Symbols">One line per symbol.</param>
/// <param name="CalendarSymbol">The symbol whose trading days define "missing".</param>
public sealed record DataSummary(IReadOnlyList<SymbolSummary> Symbols, string CalendarSymbol)
{
    /// <summary>Summarizes <paramref name="series"/> against the calendar of <paramref name="calendar"/>.</summary>
    /// <param name="series">The symbols to summarize.</param>
    /// <param name="calendar">The reference trading calendar (SPY for US data).</param>
    public static DataSummary Compute(IReadOnlyList<BarSeries> series, BarSeries calendar)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(calendar);
        var lines = new List<SymbolSummary>(series.Count);
        foreach (var s in series)
        {
            var (start, end) = DateRange.Bounds(calendar.Dates, s.FirstDate, s.LastDate);
            var missing = 0;
            for (var i = start; i < end; i++)
            {
                if (s.IndexOf(calendar.Dates[i]) < 0) missing++;
            }

            var r = Returns.Log(s.AdjClose);
            var moves = r.AsSpan(1);
            var largest = 0;
            for (var i = 1; i < moves.Length; i++)
            {
                if (Math.Abs(moves[i]) > Math.Abs(moves[largest])) largest = i;
            }

            var annual = Math.Sqrt(RealizedVolatility.TradingDaysPerYear);
            var parkinson = RealizedVolatility.Parkinson(s, s.Count);
            lines.Add(new SymbolSummary(
                s.Symbol, s.Kind, s.Count, s.FirstDate, s.LastDate, missing,
                Math.Sqrt(Rolling.VarianceOf(moves, 1)) * annual,
                parkinson[^1] * annual,
                moves.Length == 0 ? double.NaN : moves[largest],
                moves.Length == 0 ? s.FirstDate : s.Dates[largest + 1],
                s.Warnings));
        }

        return new DataSummary(lines, calendar.Symbol);
    }

    /// <summary>The summary as a Markdown table.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| symbol | kind | rows | first | last | missing vs {CalendarSymbol} | ann. vol (close) | ann. vol (Parkinson) | largest move |");
        text.AppendLine("|---|---|---:|---|---|---:|---:|---:|---|");
        foreach (var s in Symbols)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Symbol} | {s.Kind.ToString().ToLowerInvariant()} | {s.Rows} | {s.First:yyyy-MM-dd} | {s.Last:yyyy-MM-dd} | {s.MissingDays} | " +
                $"{s.AnnualizedVolatility:P1} | {(double.IsFinite(s.ParkinsonVolatility) ? s.ParkinsonVolatility.ToString("P1", CultureInfo.InvariantCulture) : "n/a")} | " +
                $"{s.LargestMove:+0.0000;-0.0000} ({s.LargestMoveDate:yyyy-MM-dd}) |");
        }

        return text.ToString();
    }

    /// <summary>The summary as CSV (one row per symbol, numbers unrounded).</summary>
    public string ToCsv()
    {
        var text = new StringBuilder("symbol,kind,rows,first,last,missing_days,ann_vol_close,ann_vol_parkinson,largest_move,largest_move_date\n");
        foreach (var s in Symbols)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{s.Symbol},{s.Kind.ToString().ToLowerInvariant()},{s.Rows},{s.First:yyyy-MM-dd},{s.Last:yyyy-MM-dd},{s.MissingDays},");
            text.Append(CultureInfo.InvariantCulture,
                $"{s.AnnualizedVolatility:R},{s.ParkinsonVolatility:R},{s.LargestMove:R},{s.LargestMoveDate:yyyy-MM-dd}\n");
        }

        return text.ToString();
    }
}
