using System.Globalization;
using VolNotebooks.Data;

namespace VolNotebooks.Evaluation;

/// <summary>Returns and VaR series read from one CSV file, aligned by date, ready for <see cref="VarBacktest.Run"/>.</summary>
/// <param name="Path">The file read.</param>
/// <param name="Dates">Date of each row, strictly ascending.</param>
/// <param name="ReturnsColumn">Header of the returns column.</param>
/// <param name="Returns">Realized returns per row.</param>
/// <param name="VarColumns">Headers of the VaR columns, in file order.</param>
/// <param name="VarSeries">[column][row]: VaR per row, each value at most zero, in the returns' unit.</param>
public sealed record VarSeriesCsv(
    string Path, DateOnly[] Dates, string ReturnsColumn, double[] Returns, IReadOnlyList<string> VarColumns, IReadOnlyList<double[]> VarSeries)
{
    /// <summary>Fewest data rows accepted: the dynamic quantile test needs 4 lags plus 7 regression rows.</summary>
    public const int MinimumRows = (2 * VarBacktest.DynamicQuantileLags) + 3;

    /// <summary>Reads <paramref name="path"/>: a header, then rows of <c>date, numbers...</c>; the named returns column, every other column a VaR series.</summary>
    /// <remarks>
    /// Plain comma-separated fields (no quoting); dates as <c>yyyy-MM-dd</c>, strictly ascending; numbers in the invariant
    /// culture, finite; VaR values must not be positive (a VaR is a loss threshold, a negative return). Any problem throws
    /// <see cref="DataFormatException"/> located as <c>file:line:column:</c> (1-based line and field), and nothing is returned.
    /// </remarks>
    /// <param name="path">The CSV file.</param>
    /// <param name="returnsColumn">Header of the returns column (case-sensitive).</param>
    /// <exception cref="DataFormatException">The file is missing, malformed, or has fewer than <see cref="MinimumRows"/> rows.</exception>
    public static VarSeriesCsv Read(string path, string returnsColumn)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(returnsColumn);
        if (!File.Exists(path)) throw new DataFormatException(path, null, null, "file not found");
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim().Length == 0) throw new DataFormatException(path, 1, null, "empty file: expected a header 'date,returns,VaR...'");

        string[] header = Split(lines[0]);
        int returnsIndex = Array.IndexOf(header, returnsColumn);
        if (returnsIndex < 1)
        {
            string available = string.Join(", ", header.Skip(1));
            throw new DataFormatException(path, 1, null, returnsIndex == 0
                ? $"column '{returnsColumn}' is the date column; the returns must be another column ({available})"
                : $"no column '{returnsColumn}'; available columns: {available}");
        }
        int[] varIndexes = [.. Enumerable.Range(1, header.Length - 1).Where(i => i != returnsIndex)];
        if (varIndexes.Length == 0) throw new DataFormatException(path, 1, null, "no VaR column: every column after the date other than the returns is a VaR series");
        for (int i = 0; i < header.Length; i++)
            if (Array.IndexOf(header, header[i]) != i) throw new DataFormatException(path, 1, i + 1, $"duplicate column '{header[i]}'");

        var dates = new List<DateOnly>();
        var returns = new List<double>();
        var series = varIndexes.Select(_ => new List<double>()).ToArray();
        int lastLine = 1;
        for (int l = 1; l < lines.Length; l++)
        {
            if (lines[l].Trim().Length == 0) continue;
            int line = l + 1;
            lastLine = line;
            string[] fields = Split(lines[l]);
            if (fields.Length != header.Length)
                throw new DataFormatException(path, line, null, $"expected {header.Length} fields as in the header, found {fields.Length}");
            if (!DateOnly.TryParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new DataFormatException(path, line, 1, $"'{fields[0]}' is not a date (yyyy-MM-dd)");
            if (dates.Count > 0 && date <= dates[^1])
                throw new DataFormatException(path, line, 1, $"date {date:yyyy-MM-dd} is not after the previous row's {dates[^1]:yyyy-MM-dd}");
            dates.Add(date);
            returns.Add(Number(path, line, returnsIndex, header, fields));
            for (int j = 0; j < varIndexes.Length; j++)
            {
                double value = Number(path, line, varIndexes[j], header, fields);
                if (value > 0)
                    throw new DataFormatException(path, line, varIndexes[j] + 1,
                        string.Create(CultureInfo.InvariantCulture, $"VaR '{header[varIndexes[j]]}' is positive ({value}); a VaR is a loss threshold, a negative return"));
                series[j].Add(value);
            }
        }

        if (dates.Count < MinimumRows)
            throw new DataFormatException(path, lastLine, null, $"{dates.Count} data rows; the backtests need at least {MinimumRows}");
        return new VarSeriesCsv(path, [.. dates], returnsColumn, [.. returns], [.. varIndexes.Select(i => header[i])], [.. series.Select(s => s.ToArray())]);
    }

    private static string[] Split(string line) => [.. line.Split(',').Select(field => field.Trim())];

    private static double Number(string path, int line, int index, string[] header, string[] fields)
    {
        if (!double.TryParse(fields[index], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new DataFormatException(path, line, index + 1, $"'{fields[index]}' in column '{header[index]}' is not a number");
        if (!double.IsFinite(value))
            throw new DataFormatException(path, line, index + 1, $"'{fields[index]}' in column '{header[index]}' is not finite");
        return value;
    }
}
