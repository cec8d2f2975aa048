using System.Diagnostics;
using VolNotebooks.Data;
using VolNotebooks.IO;

namespace VolNotebooks.Tests.IO;

/// <summary>Temporary files of writers killed mid-write are removed by the next write to the same file, and only those.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private string Temporary(string target, string middle, TimeSpan? age = null)
    {
        var path = _folder.Write($".{target}.{middle}.tmp", "partial");
        if (age is TimeSpan a) File.SetLastWriteTimeUtc(path, DateTime.UtcNow - a);
        return path;
    }

    [Fact]
    public void A_write_removes_its_targets_temporaries_from_dead_or_old_writers_and_keeps_the_rest()
    {
        using var alive = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var guid = () => Guid.NewGuid().ToString("N");
            var dead = Temporary("r.ipynb", $"{ExitedProcessId()}.{guid()}");
            var legacyOld = Temporary("r.ipynb", guid(), TimeSpan.FromMinutes(11));
            var liveOld = Temporary("r.ipynb", $"{alive.Id}.{guid()}", TimeSpan.FromMinutes(11));
            var live = Temporary("r.ipynb", $"{alive.Id}.{guid()}");
            var legacyFresh = Temporary("r.ipynb", guid());
            var otherTarget = Temporary("r.ipynb.bak", $"{ExitedProcessId()}.{guid()}");

            AtomicFile.WriteAllText(Path.Combine(_folder.Path, "r.ipynb"), "new");

            Assert.Equal("new", File.ReadAllText(Path.Combine(_folder.Path, "r.ipynb")));
            Assert.False(File.Exists(dead));
            Assert.False(File.Exists(legacyOld));
            Assert.False(File.Exists(liveOld));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(legacyFresh));
            Assert.True(File.Exists(otherTarget));
        }
        finally
        {
            alive.Kill();
        }
    }

    [Fact]
    public void A_temporary_names_its_writer_process()
    {
        string? seen = null;
        AtomicFile.Write(Path.Combine(_folder.Path, "x.txt"), _ => seen = Directory.GetFiles(_folder.Path, ".x.txt.*.tmp").Single());
        Assert.StartsWith($".x.txt.{Environment.ProcessId}.", Path.GetFileName(seen));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }
}
