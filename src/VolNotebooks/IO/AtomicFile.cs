using System.Text;

namespace VolNotebooks.IO;

/// <summary>Writes files so that a crash or an error mid-way never leaves a half-written or clobbered file.</summary>
/// <remarks>The content goes to a temporary file in the destination's folder, is flushed to disk, and then renamed
/// over the destination in one step; on any failure the temporary file is deleted and the old file is untouched.</remarks>
public static class AtomicFile
{
    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8, no BOM).</summary>
    /// <param name="path">Destination file; its folder is created if needed.</param>
    /// <param name="text">The complete new content.</param>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
            stream.Write(bytes);
        });

    /// <summary>Atomically replaces <paramref name="path"/> with whatever <paramref name="writeContent"/> writes.</summary>
    /// <param name="path">Destination file; its folder is created if needed.</param>
    /// <param name="writeContent">Writes the complete new content to the stream it is given.</param>
    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(writeContent);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
