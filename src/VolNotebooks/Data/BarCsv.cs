using System.Globalization;
using System.Text;
using VolNotebooks.IO;

namespace VolNotebooks.Data;

/// <summary>Reads and writes daily bars as CSV: our schema, Yahoo's export schema, and index files.</summary>
/// <remarks>
/// Accepted headers (case-insensitive):
/// <list type="bullet">
/// <item><c>Date,Open,High,Low,Close,AdjClose,Volume</c> - our equity schema;</item>
/// <item><c>Date,Open,High,Low,Close,Adj Close,Volume</c> - Yahoo's export schema, whose holiday placeholder rows
/// read <c>null</c> in every field: they are skipped and counted in a warning;</item>
/// <item><c>Date,Open,High,Low,Close</c> - an index (VIX, VVIX): no adjusted close, no volume.</item>
/// </list>
/// Dates are ISO <c>yyyy-MM-dd</c>, strictly increasing; numbers use <c>.</c> as the decimal separator.
/// Reading is all-or-nothing: the first problem throws a <see cref="DataFormatException"/> naming file, line and
/// column, and no partial series is ever returned.
/// </remarks>
public static class BarCsv
{
    private static readonly string[] IndexHeader = ["Date", "Open", "High", "Low", "Close"];
    private static readonly string[] EquityHeader = ["Date", "Open", "High", "Low", "Close", "AdjClose", "Volume"];
    private const string YahooAdjClose = "Adj Close";

    /// <summary>The largest file <see cref="Read"/> accepts, 512 MB: our biggest file is 2.5 MB, and a century of daily bars
    /// is under 10 MB, so anything larger is not a daily-bar file; it is refused before a byte is read.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    /// <summary>Reads a CSV file of daily bars.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="symbol">The symbol to give the series; by default the file name without extension, upper-cased.</param>
    /// <param name="minimumRows">Fewest data rows acceptable for the caller's purpose (e.g. a 60-day window needs 61).</param>
    /// <exception cref="DataFormatException">The file is missing, empty, malformed or inconsistent.</exception>
    public static BarSeries Read(string path, string? symbol = null, int minimumRows = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new DataFormatException(path, null, null, "file not found" + Neighbours(path));
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                throw new DataFormatException(path, null, null, string.Create(CultureInfo.InvariantCulture,
                    $"file is {length / (1024.0 * 1024.0):0.0} MB; the loader reads at most {MaxFileBytes / (1024 * 1024)} MB (BarCsv.MaxFileBytes), ample for a century of daily bars"));
            }

            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Parse(reader, path, symbol ?? SymbolOf(path), minimumRows, (int)Math.Min(length / 48, 1 << 20));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, null, null, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>The symbol a file holds by default: its name without extension or Yahoo's <c>^</c> index prefix, upper-cased.</summary>
    /// <param name="path">A CSV file such as <c>data/spy.csv</c> or <c>^VIX.csv</c>.</param>
    public static string SymbolOf(string path) => Path.GetFileNameWithoutExtension(path).Trim().TrimStart('^').ToUpperInvariant();

    /// <summary>Parses CSV text of daily bars.</summary>
    /// <param name="text">The whole CSV content.</param>
    /// <param name="sourceName">The name used in error messages (normally the file path).</param>
    /// <param name="symbol">The symbol to give the series.</param>
    /// <param name="minimumRows">Fewest data rows acceptable.</param>
    /// <exception cref="DataFormatException">The content is empty, malformed or inconsistent.</exception>
    public static BarSeries Parse(string text, string sourceName, string symbol, int minimumRows = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader, sourceName, symbol, minimumRows, text.Length / 48);
    }

    /// <summary>Parses CSV daily bars line by line from <paramref name="reader"/>, never holding the whole text.</summary>
    /// <param name="reader">The CSV content.</param>
    /// <param name="sourceName">The name used in error messages (normally the file path).</param>
    /// <param name="symbol">The symbol to give the series.</param>
    /// <param name="minimumRows">Fewest data rows acceptable.</param>
    /// <param name="expectedRows">A capacity hint.</param>
    /// <exception cref="DataFormatException">The content is empty, malformed or inconsistent.</exception>
    public static BarSeries Parse(TextReader reader, string sourceName, string symbol, int minimumRows = 1, int expectedRows = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRows);
        var headerLine = reader.ReadLine();
        if (headerLine is null || string.IsNullOrWhiteSpace(headerLine))
            throw new DataFormatException(sourceName, null, null, "file is empty");

        var kind = ParseHeader(headerLine, sourceName);
        var expectedFields = kind == SeriesKind.Equity ? EquityHeader.Length : IndexHeader.Length;
        var columns = new BarSeries.ColumnBuilder(Math.Max(expectedRows, 0));
        var lineOfDate = new Dictionary<DateOnly, int>();
        var previousLine = 0;
        var nullRows = 0;
        DateOnly? firstNullDate = null;
        Span<Range> fields = stackalloc Range[expectedFields + 1];

        var lineNumber = 1;
        while (reader.ReadLine() is string text)
        {
            lineNumber++;
            var line = text.AsSpan();
            if (line.IsWhiteSpace()) continue;
            var count = line.Split(fields, ',');
            if (count != expectedFields)
            {
                var found = count > expectedFields ? "more than " + expectedFields : count.ToString(CultureInfo.InvariantCulture);
                throw new DataFormatException(sourceName, lineNumber, Math.Min(count, expectedFields) + 1,
                    $"expected {expectedFields} fields, found {found}");
            }

            var date = ParseDate(line[fields[0]].Trim(), sourceName, lineNumber);
            if (IsNullRow(line, fields[..count], sourceName, lineNumber))
            {
                nullRows++;
                firstNullDate ??= date;
                continue;
            }

            var bar = kind == SeriesKind.Equity
                ? new DailyBar(
                    date,
                    ParsePrice(line, fields, 1, sourceName, lineNumber), ParsePrice(line, fields, 2, sourceName, lineNumber),
                    ParsePrice(line, fields, 3, sourceName, lineNumber), ParsePrice(line, fields, 4, sourceName, lineNumber),
                    ParsePrice(line, fields, 5, sourceName, lineNumber), ParseVolume(line, fields, 6, sourceName, lineNumber))
                : IndexBar(date, line, fields, sourceName, lineNumber);

            if (bar.FindViolation() is var (field, problem))
                throw new DataFormatException(sourceName, lineNumber, ColumnOf(field), problem);

            if (columns.Count > 0 && date <= columns.LastDate)
            {
                var message = date == columns.LastDate || lineOfDate.ContainsKey(date)
                    ? $"duplicate date {date:yyyy-MM-dd} (first on line {lineOfDate[date]})"
                    : $"dates out of order: {date:yyyy-MM-dd} follows {columns.LastDate:yyyy-MM-dd} on line {previousLine}";
                throw new DataFormatException(sourceName, lineNumber, 1, message);
            }

            lineOfDate[date] = lineNumber;
            previousLine = lineNumber;
            columns.Add(bar);
        }

        if (columns.Count == 0)
            throw new DataFormatException(sourceName, null, null, nullRows > 0
                ? $"no data rows: all {nullRows} rows are Yahoo null placeholders"
                : "no data rows after the header");
        if (columns.Count < minimumRows)
            throw new DataFormatException(sourceName, null, null,
                $"too short: {columns.Count} rows, but at least {minimumRows} are needed");

        var warnings = nullRows == 0
            ? Array.Empty<string>()
            : [$"{sourceName}: skipped {nullRows} Yahoo null row{(nullRows == 1 ? "" : "s")} (first {firstNullDate:yyyy-MM-dd})"];
        return columns.Build(symbol, kind, sourceName, warnings);
    }

    /// <summary>Writes a series in our schema, atomically: a reader never sees a half-written file.</summary>
    /// <param name="series">The bars to write.</param>
    /// <param name="path">Destination; replaced only after the whole file has been written.</param>
    public static void Write(BarSeries series, string path)
    {
        ArgumentNullException.ThrowIfNull(series);
        var text = new StringBuilder(series.Count * 64);
        text.Append(string.Join(',', series.Kind == SeriesKind.Equity ? EquityHeader : IndexHeader)).Append('\n');
        var invariant = CultureInfo.InvariantCulture;
        for (var i = 0; i < series.Count; i++)
        {
            var bar = series[i];
            text.Append(invariant, $"{bar.Date:yyyy-MM-dd},{bar.Open:R},{bar.High:R},{bar.Low:R},{bar.Close:R}");
            if (series.Kind == SeriesKind.Equity) text.Append(invariant, $",{bar.AdjClose:R},{bar.Volume}");
            text.Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string Neighbours(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder)) return "";
        var files = Directory.EnumerateFiles(folder, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        return files.Count == 0 ? $" (no CSV files in {folder})" : $"; CSV files in {folder}: {string.Join(", ", files)}";
    }

    private static SeriesKind ParseHeader(ReadOnlySpan<char> headerLine, string sourceName)
    {
        var names = headerLine.TrimStart('\uFEFF').ToString().Split(',').Select(n => n.Trim()).ToArray();
        var expected = names.Length == IndexHeader.Length ? IndexHeader : EquityHeader;
        if (names.Length != IndexHeader.Length && names.Length != EquityHeader.Length)
            throw new DataFormatException(sourceName, 1, null,
                $"header has {names.Length} columns; expected 'Date,Open,High,Low,Close,AdjClose,Volume' (ours), " +
                "'Date,Open,High,Low,Close,Adj Close,Volume' (Yahoo export) or 'Date,Open,High,Low,Close' (index)");
        for (var i = 0; i < names.Length; i++)
        {
            var ok = string.Equals(names[i], expected[i], StringComparison.OrdinalIgnoreCase)
                || (expected[i] == "AdjClose" && string.Equals(names[i], YahooAdjClose, StringComparison.OrdinalIgnoreCase));
            if (!ok)
                throw new DataFormatException(sourceName, 1, i + 1,
                    $"wrong header: column {i + 1} is '{DataFormatException.Quote(names[i])}', expected '{expected[i]}'" +
                    (expected[i] == "AdjClose" ? " or 'Adj Close'" : ""));
        }

        return names.Length == IndexHeader.Length ? SeriesKind.Index : SeriesKind.Equity;
    }

    private static DailyBar IndexBar(DateOnly date, ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, string sourceName, int lineNumber)
    {
        var close = ParsePrice(line, fields, 4, sourceName, lineNumber);
        return new DailyBar(
            date,
            ParsePrice(line, fields, 1, sourceName, lineNumber), ParsePrice(line, fields, 2, sourceName, lineNumber),
            ParsePrice(line, fields, 3, sourceName, lineNumber), close, close, 0);
    }

    private static DateOnly ParseDate(ReadOnlySpan<char> field, string sourceName, int lineNumber)
    {
        if (DateOnly.TryParseExact(field, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new DataFormatException(sourceName, lineNumber, 1, $"unparsable date '{DataFormatException.Quote(field)}' (expected yyyy-MM-dd)");
    }

    private static bool IsNullRow(ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, string sourceName, int lineNumber)
    {
        var nulls = 0;
        var firstNull = -1;
        for (var i = 1; i < fields.Length; i++)
        {
            if (!line[fields[i]].Trim().Equals("null", StringComparison.OrdinalIgnoreCase)) continue;
            nulls++;
            if (firstNull < 0) firstNull = i;
        }

        if (nulls == 0) return false;
        if (nulls == fields.Length - 1) return true;
        throw new DataFormatException(sourceName, lineNumber, firstNull + 1,
            $"'null' in column {ColumnName(firstNull)} while other fields of the row have values");
    }

    private static double ParsePrice(ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, int index, string sourceName, int lineNumber)
    {
        var field = line[fields[index]].Trim();
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        throw new DataFormatException(sourceName, lineNumber, index + 1,
            $"unparsable number '{DataFormatException.Quote(field)}' in column {ColumnName(index)}");
    }

    private static long ParseVolume(ReadOnlySpan<char> line, ReadOnlySpan<Range> fields, int index, string sourceName, int lineNumber)
    {
        var field = line[fields[index]].Trim();
        if (long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var volume)) return volume;
        // Some exports write whole volumes as floats ("1.5E7", "1200.0"); accept them only when exact.
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && real == Math.Floor(real) && Math.Abs(real) < 9e15)
            return (long)real;
        throw new DataFormatException(sourceName, lineNumber, index + 1,
            $"unparsable volume '{DataFormatException.Quote(field)}' in column Volume (expected a whole number)");
    }

    private static string ColumnName(int index) => EquityHeader[index];

    private static int ColumnOf(string field) => Array.IndexOf(EquityHeader, field) + 1;
}
