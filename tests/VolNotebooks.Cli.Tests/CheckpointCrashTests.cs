using System.Diagnostics;
using VolNotebooks.Training;
using Xunit.Abstractions;

namespace VolNotebooks.Cli.Tests;

/// <summary>Crash tests for checkpoints: a process killed with SIGKILL while it saves leaves the checkpoint a complete
/// old or new version, and the next save removes the temporary file the kill left.</summary>
public sealed class CheckpointCrashTests(ITestOutputHelper log) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_checkpoint_killed_mid_save_is_a_whole_old_or_new_version_and_the_next_train_removes_the_temporary()
    {
        var target = Path.Combine(_folder.Path, "vol.ckpt");
        string[] train = ["train", "--model", "LSTMVol", "--target", "rv", "--horizon", "5", "--epochs", "1", "--from", "2020-01-01", "--checkpoint", target, "--no-record"];
        var first = await CliRunner.RunAsync(train);
        Assert.True(first.Code == 0, first.Error);

        // Two versions that differ in their header: the child saves them in turn, as fast as it can.
        var old = Path.Combine(_folder.Path, "old.ckpt");
        var renewed = Path.Combine(_folder.Path, "new.ckpt");
        var loaded = Checkpoint.Load(target);
        loaded.Save(old);
        (loaded with { EpochsRun = loaded.EpochsRun + 100 }).Save(renewed);
        var versions = new[] { File.ReadAllBytes(old), File.ReadAllBytes(renewed) };
        Assert.NotEqual(versions[0], versions[1]);

        var started = Path.Combine(_folder.Path, "saving");
        var library = typeof(Checkpoint).Assembly.Location;
        var notebook = _folder.Write("save.dib",
            $"#!csharp\n\n#r \"{library}\"\nvar versions = new[] {{ VolNotebooks.Training.Checkpoint.Load(@\"{old}\"), VolNotebooks.Training.Checkpoint.Load(@\"{renewed}\") }};\n"
            + $"versions[0].Save(@\"{target}\");\nFile.WriteAllText(@\"{started}\", \"\");\nfor (var i = 1; ; i++) versions[i % 2].Save(@\"{target}\");\n");

        // Kill at random moments of the save loop; keep killing until at least one kill landed inside a save.
        var random = new Random(16);
        var (kills, midSave) = (0, 0);
        while (kills < 4 || (midSave == 0 && kills < 12))
        {
            var start = RunSupervisor.SelfStartInfo();
            foreach (var a in new[] { "run", notebook, "--out", Path.Combine(_folder.Path, "out"), RunCommand.SupervisedOption, "crash-test" }) start.ArgumentList.Add(a);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            File.Delete(started);
            using (var volnb = Process.Start(start)!)
            {
                _ = volnb.StandardOutput.ReadToEndAsync();
                _ = volnb.StandardError.ReadToEndAsync();
                var clock = Stopwatch.StartNew();
                while (!File.Exists(started) && !volnb.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(10);
                Assert.False(volnb.HasExited, "the saving notebook ended before it was killed");
                await Task.Delay(random.Next(5, 200));
                // Then kill as soon as a temporary is seen, so that the kill tends to land between its creation and rename.
                for (var spin = Stopwatch.StartNew(); spin.ElapsedMilliseconds < 2000 && Directory.GetFiles(_folder.Path, ".vol.ckpt.*.tmp").Length == 0;)
                {
                }

                volnb.Kill(); // SIGKILL
                await volnb.WaitForExitAsync();
            }

            kills++;
            if (Directory.GetFiles(_folder.Path, ".vol.ckpt.*.tmp").Length > 0) midSave++;
            var onDisk = File.ReadAllBytes(target);
            Assert.True(onDisk.AsSpan().SequenceEqual(versions[0]) || onDisk.AsSpan().SequenceEqual(versions[1]), $"kill {kills}: the checkpoint is neither version ({onDisk.Length} bytes)");
            Assert.Equal(loaded.Spec.ToJson(), Checkpoint.Load(target).Spec.ToJson());
        }

        log.WriteLine($"{kills} kills, {midSave} inside a save");
        Assert.True(midSave > 0, $"none of {kills} kills landed inside a save; the test proved nothing about temporaries");

        var next = await CliRunner.RunAsync(train);
        Assert.True(next.Code == 0, next.Error);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
        Assert.Equal(1, Checkpoint.Load(target).EpochsRun);
    }
}
