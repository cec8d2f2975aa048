using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VolNotebooks.Export;
using Xunit.Abstractions;

namespace VolNotebooks.Tests.Export;

/// <summary>Exports every case as safetensors, then runs <c>torch_check.py</c> once for all of them: plain torch.nn
/// modules load each file with <c>load_state_dict(strict=True)</c> and forecast the same SPY windows.</summary>
public sealed class PyTorchRun : IDisposable
{
    /// <summary>Windows sent to PyTorch: a few hundred keep the run short.</summary>
    public const int Windows = 300;

    /// <summary>Debian's interpreter, where <c>apt-get install python3-torch python3-numpy</c> puts the packages.</summary>
    public const string Python = "/usr/bin/python3";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"volnb-torch-{Guid.NewGuid():N}");

    public PyTorchRun()
    {
        Directory.CreateDirectory(_folder);
        var (inputs, features) = ExportCases.SpyWindows;
        Inputs = inputs.AsSpan(0, Windows * ExportCases.TimeSteps * features).ToArray();
        var inputPath = Path.Combine(_folder, "inputs.f32");
        File.WriteAllBytes(inputPath, MemoryMarshal.AsBytes(Inputs.AsSpan()).ToArray());   // little-endian float32 on x64 and arm64

        var files = new List<string>();
        foreach (var name in ExportCases.Names)
        {
            var (model, hyperparameters) = ExportCases.Create(name, features);
            Expected[name] = model.Predict(Inputs, ExportCases.TimeSteps);
            var path = FileOf(name);
            SafetensorsExport.Save(model, hyperparameters, path);
            files.Add(path);
        }

        var probe = Run("-c", "import torch, numpy");
        if (probe.Code != 0)
        {
            Problem = $"{Python} cannot import torch and numpy; install Debian's python3-torch python3-numpy (apt-get install python3-torch python3-numpy; .ci/run does): {probe.Output}";
            return;
        }

        var script = Path.Combine(AppContext.BaseDirectory, "Export", "torch_check.py");
        var watch = Stopwatch.StartNew();
        var (code, output) = Run([script, inputPath, Windows.ToString(CultureInfo.InvariantCulture), ExportCases.TimeSteps.ToString(CultureInfo.InvariantCulture),
            features.ToString(CultureInfo.InvariantCulture), .. files]);
        Log = $"torch_check.py ({watch.Elapsed.TotalSeconds:F1} s for {files.Count} files):\n{output}";
        if (code != 0) Problem = $"torch_check.py failed with exit code {code}:\n{output}";
    }

    /// <summary>The windows [N, T, F] sent to PyTorch.</summary>
    public float[] Inputs { get; }

    /// <summary>The engine's forecasts [N, O] by case.</summary>
    public Dictionary<string, float[]> Expected { get; } = [];

    /// <summary>Why PyTorch gave no forecasts, or null.</summary>
    public string? Problem { get; }

    /// <summary>The script's output.</summary>
    public string Log { get; } = "";

    /// <summary>The safetensors file of case <paramref name="name"/>.</summary>
    public string FileOf(string name) => Path.Combine(_folder, name.Replace(' ', '_') + ".safetensors");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output) Run(params string[] arguments)
    {
        if (!File.Exists(Python)) return (-1, $"{Python} does not exist");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

public sealed class PyTorchRoundTripTests(PyTorchRun run, ITestOutputHelper log) : IClassFixture<PyTorchRun>
{
    public static TheoryData<string> Cases => new(ExportCases.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pytorch_modules_loading_the_safetensors_export_strictly_match_the_engine_on_real_spy_windows_within_1e_5_of_the_largest_forecast(string name)
    {
        Assert.True(run.Problem is null, run.Problem);
        var expected = run.Expected[name];
        var bytes = File.ReadAllBytes(run.FileOf(name) + ".forecast.f32");
        var actual = MemoryMarshal.Cast<byte, float>(bytes).ToArray();

        var (worst, scale) = ForecastComparison.AssertWithin1e5OfLargest(name, "PyTorch", expected, actual);
        log.WriteLine($"{name}: {PyTorchRun.Windows} windows, largest difference {worst:E2} of the largest forecast {scale:G4}");
        log.WriteLine(run.Log);
    }
}
