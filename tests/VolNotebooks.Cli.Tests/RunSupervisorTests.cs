using System.Diagnostics;
using VolNotebooks.Runner;

namespace VolNotebooks.Cli.Tests;

/// <summary><c>volnb run</c> survives any cell: timeouts, Ctrl+C, Environment.Exit and crashes are reported in the cell
/// they happened in, everything that ran before is on disk (<c>NAME.failed.ipynb</c>), and the last good results are
/// left as they were.</summary>
public sealed class RunSupervisorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Out => Path.Combine(_folder.Path, "out");

    /// <summary>A .dib notebook whose first cell prints "before" and whose second cell is <paramref name="second"/>.</summary>
    private string Notebook(string second, string name = "nb") => _folder.Write(name + ".dib",
        $"#!csharp\n\nConsole.WriteLine(\"before\");\n\n#!csharp\n\n{second}\n\n#!csharp\n\nConsole.WriteLine(\"never\");\n");

    private Notebook Executed(string name = "nb", string kind = "") => NotebookFile.Read(Path.Combine(Out, name + kind + ".ipynb"));

    private void AssertStoppedInCellTwo(string errorName, string message)
    {
        var notebook = Executed(kind: ".failed");
        Assert.Equal("before\n", ((StreamOutput)notebook.Cells[0].Outputs.Single()).Text);
        var error = (ErrorOutput)notebook.Cells[1].Outputs.Single();
        Assert.Equal(errorName, error.Name);
        Assert.Contains(message, error.Message);
        Assert.Equal(2, notebook.Cells[1].ExecutionCount);
        Assert.Empty(notebook.Cells[2].Outputs);
        Assert.Contains(message, File.ReadAllText(Path.Combine(Out, "nb.failed.html")));
        // Nothing of the failed run is left under the final names or as snapshots.
        Assert.False(File.Exists(Path.Combine(Out, "nb.ipynb")));
        Assert.Empty(Directory.GetFiles(Out, "*.running.*"));
    }

    [Fact]
    public async Task A_cell_running_past_the_cell_timeout_is_stopped_marked_and_written()
    {
        var (code, _, error) = await CliRunner.RunAsync("run", Notebook("while (true) { }"), "--cell-timeout", "10", "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains("cell 2 ran longer than the cell timeout of 10 s", error);
        AssertStoppedInCellTwo("CellTimeout", "cell 2 ran longer than the cell timeout of 10 s");
    }

    [Fact]
    public async Task The_notebook_metadata_sets_the_default_cell_timeout()
    {
        var path = _folder.Write("meta.dib", "#!meta\n\n{\"volnb\":{\"cell_timeout\":2.5}}\n\n#!csharp\n\nSystem.Threading.Thread.Sleep(60_000);\n");
        var clock = Stopwatch.StartNew();
        var (code, _, error) = await CliRunner.RunAsync("run", path, "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains("cell 1 ran longer than the cell timeout of 2.5 s", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task A_cell_calling_environment_exit_zero_is_reported_as_a_failure_not_a_success()
    {
        var (code, output, error) = await CliRunner.RunAsync("run", Notebook("Environment.Exit(0);"), "--out", Out);

        Assert.Equal(1, code);
        Assert.DoesNotContain("Ran 1 notebook", output);
        Assert.Contains("cell 2 ended the process", error);
        AssertStoppedInCellTwo("ProcessExited", "cell 2 ended the process");
    }

    [Fact]
    public async Task A_crash_on_another_thread_is_reported_in_its_cell_with_the_exit_code()
    {
        var (code, _, error) = await CliRunner.RunAsync("run",
            Notebook("new System.Threading.Thread(() => throw new InvalidOperationException(\"elsewhere\")).Start();\nSystem.Threading.Thread.Sleep(30_000);"),
            "--out", Out);

        Assert.Equal(1, code);
        Assert.Contains("the process died in cell 2 with exit code", error);
        AssertStoppedInCellTwo("ProcessExited", "the process died in cell 2");
        Assert.Contains(((ErrorOutput)Executed(kind: ".failed").Cells[1].Outputs.Single()).Traceback, l => l.Contains("elsewhere", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stack_overflow_is_reported_in_its_cell()
    {
        var (code, _, error) = await CliRunner.RunAsync("run", Notebook("static int Deeper(int n) => Deeper(n + 1) + 1;\nDeeper(0)"), "--out", Out);

        Assert.Equal(1, code);
        AssertStoppedInCellTwo("ProcessExited", "the process died in cell 2");
    }

    [Fact]
    public async Task Ctrl_c_stops_the_run_and_writes_interrupted_in_cell_n()
    {
        var start = RunSupervisor.SelfStartInfo();
        foreach (var a in new[] { "run", Notebook("System.Threading.Thread.Sleep(60_000);"), "--out", Out }) start.ArgumentList.Add(a);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        using var volnb = Process.Start(start)!;
        var stderr = volnb.StandardError.ReadToEndAsync();
        var stdout = volnb.StandardOutput.ReadToEndAsync();
        // Cell 1's output on disk means cell 2 has started.
        var waited = Stopwatch.StartNew();
        while (!(File.Exists(Path.Combine(Out, "nb.running.ipynb")) && Executed(kind: ".running").Cells[0].Outputs.Count > 0) && waited.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100);
        await Task.Delay(300);
        using (var kill = Process.Start("kill", ["-INT", volnb.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await volnb.WaitForExitAsync();

        Assert.True(volnb.ExitCode == 130, $"{volnb.ExitCode}: {await stderr} {await stdout}");
        Assert.Contains("interrupted in cell 2", await stderr);
        AssertStoppedInCellTwo("Interrupted", "interrupted in cell 2 (Ctrl+C)");
    }

    [Fact]
    public async Task A_failed_rerun_leaves_the_last_good_results_untouched_and_the_next_good_run_clears_its_leftovers()
    {
        var path = Notebook("Console.WriteLine(\"fine\");");
        var good = await CliRunner.RunAsync("run", path, "--out", Out);
        Assert.True(good.Code == 0, good.Error);
        var (goodNotebook, goodReport) = (File.ReadAllBytes(Path.Combine(Out, "nb.ipynb")), File.ReadAllBytes(Path.Combine(Out, "nb.html")));

        // The same notebook, now failing in cell 2, and then stopped in it by a timeout: neither touches the good files.
        foreach (var second in new[] { "throw new InvalidOperationException(\"broken\");", "while (true) { }" })
        {
            File.WriteAllText(path, $"#!csharp\n\nConsole.WriteLine(\"before\");\n\n#!csharp\n\n{second}\n");
            var (code, _, error) = await CliRunner.RunAsync("run", path, "--cell-timeout", "5", "--out", Out);
            Assert.Equal(1, code);
            Assert.Contains("the last finished run's results stay in", error);
            Assert.Equal(goodNotebook, File.ReadAllBytes(Path.Combine(Out, "nb.ipynb")));
            Assert.Equal(goodReport, File.ReadAllBytes(Path.Combine(Out, "nb.html")));
            Assert.IsType<ErrorOutput>(Executed(kind: ".failed").Cells[1].Outputs.Single());
            Assert.Empty(Directory.GetFiles(Out, "*.running.*"));
        }

        File.WriteAllText(path, "#!csharp\n\nConsole.WriteLine(\"again\");\n");
        var again = await CliRunner.RunAsync("run", path, "--out", Out);
        Assert.True(again.Code == 0, again.Error);
        Assert.Equal("again\n", ((StreamOutput)Executed().Cells[0].Outputs.Single()).Text);
        Assert.Equal(["nb.html", "nb.ipynb"], Directory.GetFiles(Out).Select(Path.GetFileName).Where(f => f!.StartsWith("nb", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_successful_run_passes_the_childs_exit_code_and_output_through()
    {
        var path = _folder.Write("ok.dib", "#!csharp\n\nConsole.WriteLine(\"hi\");\n");
        var (code, output, error) = await CliRunner.RunAsync("run", path, "--out", Out);

        Assert.True(code == 0, error);
        Assert.Contains("[1/1] ok: ok in", output);
        Assert.DoesNotContain("##volnb", output);
        Assert.Equal("hi\n", ((StreamOutput)Executed("ok").Cells[0].Outputs.Single()).Text);
    }
}
