using System.Security.Cryptography;

namespace VolNotebooks.Runs;

/// <summary>A file a run wrote (checkpoint, CSV), identified by its SHA-256 so a later reader can tell whether it changed.</summary>
/// <param name="Path">Full path of the file when the run wrote it.</param>
/// <param name="Sha256">Lower-case hexadecimal SHA-256 of its content.</param>
/// <param name="Bytes">Its size in bytes.</param>
public sealed record RunArtifact(string Path, string Sha256, long Bytes)
{
    /// <summary>Hashes the file at <paramref name="path"/> as it is now.</summary>
    /// <param name="path">An existing file.</param>
    public static RunArtifact Of(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        var hash = SHA256.HashData(stream);
        return new RunArtifact(Portable(path), Convert.ToHexStringLower(hash), stream.Length);
    }

    /// <summary>The path relative to the current directory when the file lies below it (the repository root for the
    /// main job, so a committed run store names <c>results/...</c> and no folder of the machine it ran on), else full.</summary>
    /// <param name="path">A file path.</param>
    public static string Portable(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var relative = System.IO.Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? full : relative;
    }
}
