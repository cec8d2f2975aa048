using System.Diagnostics;

namespace VolNotebooks.Tests.Runs;

public sealed class PostgresFixtureTests
{
    [Fact]
    public void Without_the_server_binaries_the_fixture_fails_saying_what_to_install()
    {
        // An empty folder stands for a machine without PostgreSQL: the script must fail (so the tests that need the
        // server fail too, never skip) and name the package.
        using var folder = new TempFolder();
        var script = FindAbove("tests/fixtures/postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "start", Path.Combine(folder.Path, "cluster"), "1" }) start.ArgumentList.Add(a);
        start.Environment["PG_BIN"] = folder.Path;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(3, process.ExitCode);
        Assert.Contains("apt-get install postgresql", error);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "cluster", "data")));
    }

    private static string FindAbove(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        }

        throw new FileNotFoundException($"{relative}: not found above {AppContext.BaseDirectory}");
    }
}
