using System.Globalization;
using System.Text;
using VolNotebooks.Data;

namespace VolNotebooks.Evaluation;

/// <summary>Realized values and competing forecasts read from one CSV file: a date column first, then numeric columns,
/// one of which holds the realized values and every other a model's forecasts.</summary>
/// <remarks>
/// Reading is all-or-nothing: the first problem throws a <see cref="DataFormatException"/> with <c>file:line:column:</c>
/// - a missing file or column (the available columns are listed), an empty, non-numeric, NaN or infinite cell, an
/// unparsable (not yyyy-MM-dd) or out-of-order date, a short row, or fewer than <see cref="MinimumRows"/> rows.
/// </remarks>
public sealed class ForecastTable
{
    /// <summary>The fewest data rows a comparison accepts: below this the tests' asymptotics say little.</summary>
    public const int MinimumRows = 30;

    private ForecastTable(string source, DateOnly[] dates, string actualName, double[] actual, string[] modelNames, double[][] forecasts, int[] modelColumns)
    {
        Source = source;
        Dates = dates;
        ActualName = actualName;
        Actual = actual;
        ModelNames = modelNames;
        Forecasts = forecasts;
        _modelColumns = modelColumns;
    }

    private readonly int[] _modelColumns;

    /// <summary>The file (or name) the table was read from, for error messages.</summary>
    public string Source { get; }

    /// <summary>[T]: the dates of the rows, ascending.</summary>
    public DateOnly[] Dates { get; }

    /// <summary>The header of the realized-value column.</summary>
    public string ActualName { get; }

    /// <summary>[T]: the realized values.</summary>
    public double[] Actual { get; }

    /// <summary>[M]: the headers of the forecast columns, in file order.</summary>
    public string[] ModelNames { get; }

    /// <summary>[M][T]: each model's forecasts, aligned with <see cref="Dates"/>.</summary>
    public double[][] Forecasts { get; }

    /// <summary>T, the number of rows.</summary>
    public int Count => Dates.Length;

    /// <summary>Reads <paramref name="path"/>, taking column <paramref name="actualColumn"/> as the realized values.</summary>
    /// <param name="path">A CSV file with a header row.</param>
    /// <param name="actualColumn">Header of the realized-value column (exact, case-sensitive).</param>
    /// <exception cref="DataFormatException">The file is missing or malformed (located).</exception>
    public static ForecastTable Load(string path, string actualColumn)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, null, null, "file not found");
        return Parse(File.ReadAllText(path), path, actualColumn);
    }

    /// <summary>Parses CSV <paramref name="text"/> as <see cref="Load"/> reads a file.</summary>
    /// <param name="text">The CSV content, header first.</param>
    /// <param name="source">The name used in error messages.</param>
    /// <param name="actualColumn">Header of the realized-value column.</param>
    /// <exception cref="DataFormatException">The content is malformed (located).</exception>
    public static ForecastTable Parse(string text, string source, string actualColumn)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0) throw new DataFormatException(source, null, null, "file is empty");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        if (header.Length < 3) throw new DataFormatException(source, 1, null, $"expected a date column, the realized column and at least one forecast column; the header has {header.Length} column(s)");
        for (var c = 0; c < header.Length; c++)
        {
            if (Array.IndexOf(header, header[c]) != c) throw new DataFormatException(source, 1, c + 1, $"column '{header[c]}' appears twice");
        }

        var actualIndex = Array.IndexOf(header, actualColumn);
        if (actualIndex < 1)
        {
            throw new DataFormatException(source, 1, null, actualIndex == 0
                ? $"'{actualColumn}' is the date column; --actual names a numeric column: {string.Join(", ", header.Skip(1))}"
                : $"no column '{actualColumn}'; the columns are {string.Join(", ", header)}");
        }

        var rows = lines.Count - 1;
        if (rows < MinimumRows) throw new DataFormatException(source, null, null, $"has {rows} data rows; a forecast comparison needs at least {MinimumRows}");
        var dates = new DateOnly[rows];
        var values = new double[header.Length][];
        for (var c = 1; c < header.Length; c++) values[c] = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var lineNumber = r + 2;
            var fields = lines[r + 1].Split(',');
            if (fields.Length != header.Length)
                throw new DataFormatException(source, lineNumber, Math.Min(fields.Length, header.Length) + 1, $"expected {header.Length} fields, found {fields.Length}");
            var dateField = fields[0].Trim();
            if (!DateOnly.TryParseExact(dateField, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dates[r]))
                throw new DataFormatException(source, lineNumber, 1, $"unparsable date '{dateField}' (expected yyyy-MM-dd)");
            if (r > 0 && dates[r] <= dates[r - 1])
                throw new DataFormatException(source, lineNumber, 1, $"date {dates[r]:yyyy-MM-dd} does not follow {dates[r - 1]:yyyy-MM-dd}; rows must be in ascending date order");
            for (var c = 1; c < header.Length; c++) values[c][r] = ParseCell(fields[c].Trim(), header[c], source, lineNumber, c + 1);
        }

        var modelColumns = Enumerable.Range(1, header.Length - 1).Where(c => c != actualIndex).ToArray();
        return new ForecastTable(
            source, dates, header[actualIndex], values[actualIndex], [.. modelColumns.Select(c => header[c])], [.. modelColumns.Select(c => values[c])], modelColumns);
    }

    /// <summary>A table from series already aligned in memory (e.g. by <see cref="ForecastAlignment.Align"/>): errors name the
    /// column as if the table were a CSV file with the dates first, the realized values second and the models after.</summary>
    /// <param name="source">The name used in error messages.</param>
    /// <param name="dates">[T] dates, strictly ascending.</param>
    /// <param name="actualName">Name of the realized values.</param>
    /// <param name="actual">[T] realized values, finite.</param>
    /// <param name="forecasts">Each model's name and [T] forecasts, finite; names distinct and different from <paramref name="actualName"/>.</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is not finite, dates are not ascending, a name repeats, or
    /// there are fewer than <see cref="MinimumRows"/> rows.</exception>
    public static ForecastTable FromSeries(string source, IReadOnlyList<DateOnly> dates, string actualName, double[] actual, IReadOnlyList<(string Name, double[] Values)> forecasts)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecasts);
        var rows = dates.Count;
        if (rows < MinimumRows) throw new ArgumentException($"{source}: {rows} rows; a forecast comparison needs at least {MinimumRows}");
        if (actual.Length != rows) throw new ArgumentException($"{source}: {rows} dates but {actual.Length} realized values");
        for (var r = 1; r < rows; r++)
        {
            if (dates[r] <= dates[r - 1]) throw new ArgumentException($"{source}: date {dates[r]:yyyy-MM-dd} does not follow {dates[r - 1]:yyyy-MM-dd}");
        }

        var names = new HashSet<string> { actualName };
        foreach (var (name, values) in forecasts)
        {
            if (!names.Add(name)) throw new ArgumentException($"{source}: the name '{name}' appears twice");
            if (values.Length != rows) throw new ArgumentException($"{source}: {name} has {values.Length} forecasts for {rows} dates");
        }

        foreach (var (name, values) in forecasts.Prepend((actualName, actual)))
        {
            var bad = Array.FindIndex(values, v => !double.IsFinite(v));
            if (bad >= 0) throw new ArgumentException($"{source}: {name} on {dates[bad]:yyyy-MM-dd} is {values[bad]}; every value must be finite");
        }

        return new ForecastTable(
            source, [.. dates], actualName, actual, [.. forecasts.Select(f => f.Name)], [.. forecasts.Select(f => f.Values)], [.. Enumerable.Range(2, forecasts.Count)]);
    }

    /// <summary>The table as CSV that <see cref="Parse"/> (and <c>volnb compare</c>) reads back: <c>date</c>, the realized
    /// column, then one column per model, numbers in round-trip format; a comma in a name becomes a semicolon.</summary>
    public string ToCsv()
    {
        static string Name(string name) => name.Replace(',', ';');
        var text = new StringBuilder();
        text.AppendJoin(',', new[] { "date", Name(ActualName) }.Concat(ModelNames.Select(Name))).Append('\n');
        for (var r = 0; r < Count; r++)
        {
            text.Append(Dates[r].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',').Append(Actual[r].ToString("R", CultureInfo.InvariantCulture));
            foreach (var f in Forecasts) text.Append(',').Append(f[r].ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Checks that every value <paramref name="loss"/> needs positive is positive.</summary>
    /// <param name="loss">The loss about to be computed (QLIKE needs positive forecasts and realized values).</param>
    /// <exception cref="DataFormatException">The first offending cell, located by line and column.</exception>
    public void RequireDomain(LossFunction loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        for (var r = 0; r < Count; r++)
        {
            if (loss.NeedsPositiveActual && !(Actual[r] > 0))
                throw new DataFormatException(Source, r + 2, null, $"{loss.Name} needs positive realized values, but {ActualName} is {Actual[r].ToString(CultureInfo.InvariantCulture)}");
            for (var m = 0; m < ModelNames.Length; m++)
            {
                if (loss.NeedsPositiveForecast && !(Forecasts[m][r] > 0))
                    throw new DataFormatException(Source, r + 2, _modelColumns[m] + 1, $"{loss.Name} needs positive forecasts, but {ModelNames[m]} is {Forecasts[m][r].ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    /// <summary>[T, M]: every model's per-row loss, the input of <see cref="ModelConfidenceSet"/>.</summary>
    /// <param name="loss">The loss function.</param>
    /// <exception cref="DataFormatException">A value is outside the loss's domain (see <see cref="RequireDomain"/>).</exception>
    public double[,] Losses(LossFunction loss)
    {
        RequireDomain(loss);
        var losses = new double[Count, ModelNames.Length];
        for (var m = 0; m < ModelNames.Length; m++)
        {
            var series = loss.Series(Actual, Forecasts[m]);
            for (var t = 0; t < Count; t++) losses[t, m] = series[t];
        }

        return losses;
    }

    private static double ParseCell(string field, string column, string source, int line, int columnNumber)
    {
        if (field.Length == 0) throw new DataFormatException(source, line, columnNumber, $"empty cell in column {column}");
        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new DataFormatException(source, line, columnNumber, $"'{field}' in column {column} is not a number");
        if (!double.IsFinite(value)) throw new DataFormatException(source, line, columnNumber, $"{field} in column {column}: every value must be finite");
        return value;
    }
}
