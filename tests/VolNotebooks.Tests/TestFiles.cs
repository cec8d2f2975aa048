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
