using System.Globalization;

namespace VolNotebooks.Data;

/// <summary>Thrown when a market-data file is missing, malformed or inconsistent; it names the place.</summary>
/// <remarks>
/// The message starts with <c>file:line:column:</c> (compiler style) whenever the line and column are known, so
/// editors and terminals can jump to the spot. Lines and columns are 1-based; the column counts CSV fields.
/// </remarks>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for a problem located in <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="line">1-based line number, when known.</param>
    /// <param name="column">1-based field number, when known.</param>
    /// <param name="problem">What is wrong, in words.</param>
    public DataFormatException(string filePath, int? line, int? column, string problem)
        : base(Locate(filePath, line, column) + problem)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The most characters of a bad field that a message quotes; longer fields are cut and their length given.</summary>
    public const int MaxQuotedLength = 80;

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number of the problem, or <see langword="null"/> when it concerns the whole file.</summary>
    public int? Line { get; }

    /// <summary>1-based CSV field number of the problem, or <see langword="null"/> when it concerns a whole line.</summary>
    public int? Column { get; }

    /// <summary>The problem without its location.</summary>
    public string Problem { get; }

    /// <summary>A bad field as a message quotes it: whole up to <see cref="MaxQuotedLength"/> characters, else its start,
    /// an ellipsis and its length, so that a 10 MB field never fills a terminal.</summary>
    /// <param name="field">The field as read.</param>
    public static string Quote(ReadOnlySpan<char> field) => field.Length <= MaxQuotedLength
        ? field.ToString()
        : string.Create(CultureInfo.InvariantCulture, $"{field[..MaxQuotedLength]}... ({field.Length:N0} characters)");

    private static string Locate(string filePath, int? line, int? column) => (line, column) switch
    {
        (int l, int c) => $"{filePath}:{l}:{c}: ",
        (int l, null) => $"{filePath}:{l}: ",
        _ => $"{filePath}: ",
    };
}
