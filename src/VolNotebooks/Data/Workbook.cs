namespace VolNotebooks.Data;

/// <summary>Where a notebook writes what it produces, however it is run.</summary>
/// <remarks>The headless runner sets <c>VOLNB_RESULTS</c> to its <c>--out</c> folder; in an editor the repository's
/// <c>results/</c> folder is used (found next to the shipped <c>data/</c>).</remarks>
public static class Workbook
{
    /// <summary>Environment variable naming the results folder.</summary>
    public const string ResultsVariable = "VOLNB_RESULTS";

    /// <summary>The results folder (created if needed).</summary>
    public static string ResultsFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable(ResultsVariable) is { Length: > 0 } configured
                ? configured
                : Path.Combine(Path.GetDirectoryName(MarketData.Open().Directory)!, "results");
            Directory.CreateDirectory(folder);
            return Path.GetFullPath(folder);
        }
    }

    /// <summary>The path of a file in the results folder.</summary>
    /// <param name="fileName">File name, e.g. <c>garch-losses.csv</c>.</param>
    public static string ResultPath(string fileName) => Path.Combine(ResultsFolder, fileName);
}
