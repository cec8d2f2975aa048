using VolNotebooks.IO;

namespace VolNotebooks.Data;

/// <summary>A folder of daily-bar CSV files, one per symbol (<c>SPY.csv</c>, <c>VIX.csv</c>, ...).</summary>
/// <remarks>
/// <see cref="Open"/> without arguments finds the data shipped with the workbook: the <c>data/</c> folder of the
/// repository, searched upwards from the current directory and then from the running assembly's folder; the
/// environment variable <c>VOLNB_DATA</c> overrides the search.
/// </remarks>
public sealed class MarketData
{
    /// <summary>Environment variable naming a data folder that overrides the search for the shipped data.</summary>
    public const string DataFolderVariable = "VOLNB_DATA";

    private MarketData(string directory) => Directory = directory;

    /// <summary>The folder the symbols are read from.</summary>
    public string Directory { get; }

    /// <summary>Opens a data folder: <paramref name="directory"/> when given, else the shipped data.</summary>
    /// <param name="directory">An explicit folder of CSV files, or <see langword="null"/> to find the shipped <c>data/</c> folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist or the shipped data cannot be found.</exception>
    public static MarketData Open(string? directory = null)
    {
        if (directory is not null)
        {
            var full = Path.GetFullPath(directory);
            return System.IO.Directory.Exists(full)
                ? new MarketData(full)
                : throw new DirectoryNotFoundException($"data folder not found: {full}");
        }

        return new MarketData(FindShippedData());
    }

    /// <summary>The symbols available in the folder (file names without <c>.csv</c> or a leading <c>^</c>, upper-cased), sorted.</summary>
    public IReadOnlyList<string> Symbols() =>
        CsvFiles().Select(BarCsv.SymbolOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The file that holds <paramref name="symbol"/>: <c>SYMBOL.csv</c>, else the one file whose name matches it
    /// ignoring case and a leading <c>^</c> (<c>spy.csv</c>, <c>^VIX.csv</c>) - the same rule <see cref="Symbols"/> lists by.</summary>
    /// <param name="symbol">Ticker or index name, case-insensitive; a leading <c>^</c> (Yahoo's index prefix) is ignored.</param>
    /// <exception cref="DataFormatException">Several files hold the symbol (say <c>SPY.csv</c> and <c>spy.csv</c>).</exception>
    public string PathOf(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var exact = Path.Combine(Directory, Normalize(symbol) + ".csv");
        if (File.Exists(exact)) return exact;
        var matches = CsvFiles().Where(f => BarCsv.SymbolOf(f) == Normalize(symbol)).Order(StringComparer.Ordinal).ToList();
        return matches.Count switch
        {
            0 => exact,
            1 => matches[0],
            _ => throw new DataFormatException(matches[0], null, null,
                $"symbol '{Normalize(symbol)}' is held by {matches.Count} files: {string.Join(", ", matches.Select(Path.GetFileName))}; keep one"),
        };
    }

    /// <summary>Loads one symbol's bars.</summary>
    /// <param name="symbol">Ticker or index name, case-insensitive.</param>
    /// <param name="minimumRows">Fewest rows acceptable for the caller's purpose.</param>
    /// <exception cref="DataFormatException">The symbol is not in the folder (the message lists those that are), or its file is malformed.</exception>
    public BarSeries Load(string symbol, int minimumRows = 1)
    {
        var path = PathOf(symbol);
        if (!File.Exists(path))
            throw new DataFormatException(path, null, null,
                $"no data for symbol '{Normalize(symbol)}'; available: {string.Join(", ", Symbols())}");
        return BarCsv.Read(path, Normalize(symbol), minimumRows);
    }

    /// <summary>Loads several symbols; all or nothing.</summary>
    /// <param name="symbols">Tickers or index names.</param>
    public IReadOnlyList<BarSeries> Load(params IEnumerable<string> symbols) => symbols.Select(s => Load(s)).ToList();

    /// <summary>Loads every symbol in the folder, in <see cref="Symbols"/> order.</summary>
    public IReadOnlyList<BarSeries> LoadAll() => Load(Symbols());

    /// <inheritdoc />
    public override string ToString() => $"MarketData({Directory})";

    private IEnumerable<string> CsvFiles() =>
        System.IO.Directory.EnumerateFiles(Directory).Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string symbol) => symbol.Trim().TrimStart('^').ToUpperInvariant();

    private static string FindShippedData()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DataFolderVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return System.IO.Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"{DataFolderVariable} names a folder that does not exist: {fromEnvironment}");
        }

        var found = FolderSearch.FindAbove("data", d => File.Exists(Path.Combine(d, "SOURCES.md")) && File.Exists(Path.Combine(d, "SPY.csv")));
        if (found is not null) return found;

        throw new DirectoryNotFoundException(
            "cannot find the shipped data folder (a 'data' folder with SOURCES.md and SPY.csv) above " +
            $"'{System.IO.Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'; pass a folder or set {DataFolderVariable}");
    }
}
