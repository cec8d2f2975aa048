using System.Diagnostics;
using VolNotebooks.Runner;

namespace VolNotebooks.Cli.Tests;

/// <summary>Crash tests: a <c>volnb run</c> process killed with SIGKILL at any point leaves the last good results as they
/// were and its own snapshots whole, and the next run leaves no temporary file behind - including the one a kill inside
/// an atomic write leaves.</summary>
public sealed class RunCrashTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Results_survive_sigkill_at_several_points_whole_and_the_next_run_removes_the_leftovers()
    {
        // 20 cells of 100 kB each: every per-cell write is a few MB, so a kill often lands inside one.
        var cells = string.Concat(Enumerable.Range(1, 20).Select(i => $"#!csharp\n\ndisplay(new string('{(char)('a' + i)}', 100_000));\n\n"));
        var notebook = _folder.Write("big.dib", cells);
        var output = Path.Combine(_folder.Path, "out");
        var ipynb = Path.Combine(output, "big.ipynb");
        var html = Path.Combine(output, "big.html");
        var snapshot = Path.Combine(output, "big.running.ipynb");
        var snapshotReport = Path.Combine(output, "big.running.html");
        var first = await CliRunner.RunAsync("run", notebook, "--out", output);
        Assert.True(first.Code == 0, first.Error);

        var random = new Random(15);
        foreach (var delay in new[] { 0, 150, 400, 900 })
        {
            var start = RunSupervisor.SelfStartInfo();
            foreach (var a in new[] { "run", notebook, "--out", output, RunCommand.SupervisedOption, "crash-test" }) start.ArgumentList.Add(a);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            var (good, goodReport) = (File.ReadAllBytes(ipynb), File.ReadAllBytes(html));
            var written = File.Exists(snapshot) ? File.GetLastWriteTimeUtc(snapshot) : DateTime.MinValue;
            using var volnb = Process.Start(start)!;
            _ = volnb.StandardOutput.ReadToEndAsync();
            _ = volnb.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while ((!File.Exists(snapshot) || File.GetLastWriteTimeUtc(snapshot) == written) && !volnb.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(10);
            await Task.Delay(delay + random.Next(100));
            volnb.Kill(); // SIGKILL
            await volnb.WaitForExitAsync();

            // The results are the last good run's, untouched, or - when the kill came after the run finished its last
            // cell - this run's, complete: never a partial run. Its own snapshot, if one is left, is whole.
            if (!File.ReadAllBytes(ipynb).AsSpan().SequenceEqual(good))
            {
                Assert.All(NotebookFile.Read(ipynb).Cells, c => Assert.NotNull(c.ExecutionCount));
            }
            else if (!File.ReadAllBytes(html).AsSpan().SequenceEqual(goodReport))
            {
                // Killed between the report's rename and the notebook's (ResultFiles.MoveTo): the new report is whole.
                Assert.EndsWith("</html>", File.ReadAllText(html).TrimEnd());
            }

            if (File.Exists(snapshot))
            {
                var onDisk = NotebookFile.Read(snapshot);
                Assert.Equal(20, onDisk.Cells.Count);
                Assert.All(onDisk.Cells.Where(c => c.ExecutionCount is not null), c => Assert.True(((DisplayOutput)c.Outputs.Single()).Data["text/plain"].Length >= 100_000));
                Assert.EndsWith("</html>", File.ReadAllText(snapshotReport).TrimEnd());
            }
        }

        // A kill inside an atomic write, for certain: a cell that writes big.ipynb through AtomicFile and hangs mid-way.
        var library = typeof(VolNotebooks.IO.AtomicFile).Assembly.Location;
        var writing = Path.Combine(_folder.Path, "writing");
        var stuck = _folder.Write("stuck.dib", $"#!csharp\n\n#r \"{library}\"\nVolNotebooks.IO.AtomicFile.Write(@\"{ipynb}\", s => {{ s.WriteByte(123); s.Flush(); "
            + $"File.WriteAllText(@\"{writing}\", \"\"); System.Threading.Thread.Sleep(60_000); }});\n");
        var hang = RunSupervisor.SelfStartInfo();
        foreach (var a in new[] { "run", stuck, "--out", Path.Combine(_folder.Path, "other"), RunCommand.SupervisedOption, "crash-test" }) hang.ArgumentList.Add(a);
        hang.RedirectStandardOutput = true;
        hang.RedirectStandardError = true;
        using (var volnb = Process.Start(hang)!)
        {
            _ = volnb.StandardOutput.ReadToEndAsync();
            _ = volnb.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(writing) && !volnb.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(10);
            volnb.Kill(); // SIGKILL
            await volnb.WaitForExitAsync();
        }

        Assert.Single(Directory.GetFiles(output, ".big.ipynb.*.tmp"));
        Assert.Equal(20, NotebookFile.Read(ipynb).Cells.Count); // the old version, whole

        var last = await CliRunner.RunAsync("run", notebook, "--out", output);
        Assert.True(last.Code == 0, last.Error);
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(output, ".*")));
        Assert.All(NotebookFile.Read(ipynb).Cells, c => Assert.NotNull(c.ExecutionCount));
    }
}
