using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace VolNotebooks.IO;

/// <summary>Writes files so that a crash or an error mid-way never leaves a half-written or clobbered file.</summary>
/// <remarks>
/// The content goes to a temporary file <c>.NAME.PID.GUID.tmp</c> in the destination's folder, is flushed to disk, and
/// then renamed over the destination in one step; on any failure the temporary file is deleted and the old file is
/// untouched. A process killed mid-write cannot delete its temporary file, so every write first removes the leftovers
/// of its own destination: temporary files of that name whose writer process (the PID in the name) no longer exists,
/// or that are older than <see cref="StaleAfter"/> whatever their PID says (a PID can be reused; a name without one is
/// from an older version). Temporary files of other destinations, and fresh ones of live writers, are left alone.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Age after which a temporary file is removed even if a process with its PID is running: 10 minutes, far
    /// longer than any write of ours takes.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

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
        RemoveStaleTemporaries(fullPath);
        var temporary = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
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

    /// <summary>Renames the finished file <paramref name="source"/> over <paramref name="destination"/> in one step (both in
    /// one folder), removing first the temporaries an interrupted write to the destination left.</summary>
    /// <param name="source">A complete file, written atomically.</param>
    /// <param name="destination">The file it replaces.</param>
    public static void Move(string source, string destination)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var fullPath = Path.GetFullPath(destination);
        RemoveStaleTemporaries(fullPath);
        File.Move(source, fullPath, overwrite: true);
    }

    /// <summary>Deletes the temporary files of <paramref name="fullPath"/> left by writers that died (see the remarks).</summary>
    private static void RemoveStaleTemporaries(string fullPath)
    {
        var name = Path.GetFileName(fullPath);
        var prefix = "." + name + ".";
        foreach (var candidate in Directory.EnumerateFiles(Path.GetDirectoryName(fullPath)!, "." + name + ".*.tmp"))
        {
            // .NAME.PID.GUID.tmp, or .NAME.GUID.tmp from before PIDs were recorded; never another target's (.NAME.x.csv.GUID.tmp).
            var middle = Path.GetFileName(candidate)[prefix.Length..^".tmp".Length].Split('.');
            var isOurs = middle is [var guid] && IsGuid(guid) || middle is [var pid, var guid2] && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _) && IsGuid(guid2);
            if (!isOurs) continue;
            var owner = middle.Length == 2 ? int.Parse(middle[0], CultureInfo.InvariantCulture) : (int?)null;
            var stale = owner is int id && !IsRunning(id);
            try
            {
                stale |= DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) > StaleAfter;
                if (stale && owner != Environment.ProcessId) File.Delete(candidate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another cleaner got there first, or it is not ours to delete: leave it.
            }
        }
    }

    private static bool IsGuid(string text) => text.Length == 32 && Guid.TryParseExact(text, "N", out _);

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
