using VolNotebooks.Data;

namespace VolNotebooks.Tests;

/// <summary>Locations of the shipped data and throw-away folders for tests.</summary>
internal static class TestFiles
{
    private static readonly Lazy<MarketData> Shipped = new(() => MarketData.Open());

    /// <summary>The shipped data folder, found from the repository root.</summary>
    public static MarketData Data => Shipped.Value;

    /// <summary>The recorded Yahoo responses shipped in <c>data/fixtures</c>.</summary>
    public static string Fixtures => Path.Combine(Data.Directory, "fixtures");
}

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "volnb-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes <paramref name="text"/> to a file in the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
