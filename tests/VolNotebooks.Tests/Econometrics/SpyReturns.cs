using System.Globalization;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>SPY percent log returns of the adjusted close, read from the repository's shipped data/SPY.csv.</summary>
internal static class SpyReturns
{
    private static readonly Lazy<(DateOnly[] Dates, double[] AdjustedClose)> Prices = new(Load);

    /// <summary>Dates and returns <c>100 ln(AdjClose_t / AdjClose_{t-1})</c> dated t, for t within [start, end] inclusive.</summary>
    /// <remarks>Computed on the full series, then filtered, so the first return uses the close before <paramref name="start"/>.</remarks>
    public static (DateOnly[] Dates, double[] Returns) Between(DateOnly start, DateOnly end)
    {
        var (dates, close) = Prices.Value;
        var keptDates = new List<DateOnly>();
        var keptReturns = new List<double>();
        for (int t = 1; t < dates.Length; t++)
        {
            if (dates[t] < start || dates[t] > end) continue;
            keptDates.Add(dates[t]);
            keptReturns.Add(100.0 * Math.Log(close[t] / close[t - 1]));
        }
        return ([.. keptDates], [.. keptReturns]);
    }

    /// <summary>The reference sample: 2005-01-03 to 2020-12-31, 4028 returns.</summary>
    public static (DateOnly[] Dates, double[] Returns) ReferenceSample() =>
        Between(new DateOnly(2005, 1, 3), new DateOnly(2020, 12, 31));

    private static (DateOnly[] Dates, double[] AdjustedClose) Load()
    {
        string path = Path.Combine(FindDataFolder(), "SPY.csv");
        var dates = new List<DateOnly>();
        var close = new List<double>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            dates.Add(DateOnly.ParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture));
            close.Add(double.Parse(fields[5], CultureInfo.InvariantCulture));
        }
        return ([.. dates], [.. close]);
    }

    private static string FindDataFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "data");
            if (File.Exists(Path.Combine(candidate, "SPY.csv"))) return candidate;
        }
        throw new FileNotFoundException("data/SPY.csv not found above " + AppContext.BaseDirectory);
    }
}
