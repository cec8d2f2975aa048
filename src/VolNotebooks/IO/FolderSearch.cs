namespace VolNotebooks.IO;

/// <summary>Finds a path relative to the repository by walking up from where the code runs.</summary>
public static class FolderSearch
{
    /// <summary>The first <c>folder/relativePath</c> that satisfies <paramref name="accept"/>, walking up from the current
    /// directory and then from the running assembly's folder; <see langword="null"/> when none does.</summary>
    /// <param name="relativePath">Path below each candidate folder, e.g. <c>data</c> or <c>node_modules/plotly.js-dist-min/plotly.min.js</c>.</param>
    /// <param name="accept">Whether a candidate full path is the one wanted (e.g. it exists and holds the expected files).</param>
    public static string? FindAbove(string relativePath, Func<string, bool> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, relativePath);
                if (accept(candidate)) return candidate;
            }
        }

        return null;
    }
}
