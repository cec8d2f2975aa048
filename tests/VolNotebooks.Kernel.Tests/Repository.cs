namespace VolNotebooks.Kernel.Tests;

/// <summary>The repository this test runs from, and the numbered notebooks in it.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (the notebooks' <c>#r</c> names Debug).</summary>
    public static string Configuration { get; } =
        Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!)!;

    /// <summary>The notebooks named <c>NN-*.ipynb</c> or <c>NN-*.dib</c>, as <c>volnb run</c> selects them.</summary>
    public static IEnumerable<string> NumberedNotebooks() => Directory.EnumerateFiles(Path.Combine(Root, "notebooks"))
        .Select(Path.GetFileName)
        .OfType<string>()
        .Where(n => (n.EndsWith(".ipynb", StringComparison.Ordinal) || n.EndsWith(".dib", StringComparison.Ordinal))
            && n.Length > 3 && char.IsAsciiDigit(n[0]) && char.IsAsciiDigit(n[1]) && n[2] == '-')
        .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VolNotebooks.sln"))) return folder.FullName;
        }

        throw new DirectoryNotFoundException($"no VolNotebooks.sln above {AppContext.BaseDirectory}");
    }
}
