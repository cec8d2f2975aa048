using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using VolNotebooks.Export;
using VolNotebooks.Training;

namespace VolNotebooks.Cli.Tests;

public sealed class ExportCommandTests
{
    [Fact]
    public async Task Export_writes_the_onnx_graph_and_the_safetensors_weights_of_a_trained_checkpoints_network()
    {
        using var folder = new TempFolder();
        var checkpoint = Path.Combine(folder.Path, "vol.ckpt");
        var (trained, _, trainError) = await CliRunner.RunAsync("train", "--model", "LSTMVol", "--target", "rv", "--horizon", "5", "--epochs", "1", "--from", "2020-01-01", "--checkpoint", checkpoint);
        Assert.True(trained == 0, trainError);

        var onnx = Path.Combine(folder.Path, "out", "vol.onnx");
        var safetensors = Path.Combine(folder.Path, "out", "vol.safetensors");
        var (code, output, error) = await CliRunner.RunAsync("export", "--checkpoint", checkpoint, "--onnx", onnx, "--safetensors", safetensors);

        Assert.True(code == 0, error);
        Assert.Contains("LSTMVol", output);
        Assert.Contains("opset 17", output);
        Assert.Contains("PyTorch names", output);
        var loaded = Checkpoint.Load(checkpoint);
        // The same bytes the library writes for the loaded network (ONNX Runtime and PyTorch check those in VolNotebooks.Tests).
        Assert.Equal(OnnxExport.ToOnnx(loaded.Model), File.ReadAllBytes(onnx));
        var bytes = File.ReadAllBytes(safetensors);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength));
        var metadata = header.RootElement.GetProperty("__metadata__");
        Assert.Equal(loaded.Spec.ToJson(), metadata.GetProperty("spec").GetString());
        Assert.Equal(loaded.FeatureNames, JsonSerializer.Deserialize<string[]>(metadata.GetProperty("features").GetString()!));
        Assert.Equal("LSTMVol", metadata.GetProperty("architecture").GetString());
        Assert.True(header.RootElement.TryGetProperty("lstm.weight_ih_l0", out _));
        Assert.Empty(Directory.GetFiles(Path.Combine(folder.Path, "out"), "*.tmp"));
    }

    [Fact]
    public async Task Export_without_an_output_is_a_usage_error_that_names_both_options()
    {
        using var folder = new TempFolder();
        var (code, _, error) = await CliRunner.RunAsync("export", "--checkpoint", Path.Combine(folder.Path, "none.ckpt"));
        Assert.Equal(2, code);
        Assert.Contains("--onnx", error);
        Assert.Contains("--safetensors", error);
    }

    [Fact]
    public async Task Export_reports_a_missing_checkpoint_with_exit_code_1_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var onnx = Path.Combine(folder.Path, "none.onnx");
        var safetensors = Path.Combine(folder.Path, "none.safetensors");
        var (code, _, error) = await CliRunner.RunAsync("export", "--checkpoint", Path.Combine(folder.Path, "none.ckpt"), "--onnx", onnx, "--safetensors", safetensors);
        Assert.Equal(1, code);
        Assert.Contains("checkpoint not found", error);
        Assert.False(File.Exists(onnx));
        Assert.False(File.Exists(safetensors));
    }
}
