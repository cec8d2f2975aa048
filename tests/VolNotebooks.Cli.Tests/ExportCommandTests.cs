using VolNotebooks.Export;
using VolNotebooks.Training;

namespace VolNotebooks.Cli.Tests;

public sealed class ExportCommandTests
{
    [Fact]
    public async Task Export_writes_the_onnx_graph_of_a_trained_checkpoints_network()
    {
        using var folder = new TempFolder();
        var checkpoint = Path.Combine(folder.Path, "vol.ckpt");
        var (trained, _, trainError) = await CliRunner.RunAsync("train", "--model", "LSTMVol", "--target", "rv", "--horizon", "5", "--epochs", "1", "--from", "2020-01-01", "--checkpoint", checkpoint);
        Assert.True(trained == 0, trainError);

        var onnx = Path.Combine(folder.Path, "out", "vol.onnx");
        var (code, output, error) = await CliRunner.RunAsync("export", "--checkpoint", checkpoint, "--onnx", onnx);

        Assert.True(code == 0, error);
        Assert.Contains("LSTMVol", output);
        Assert.Contains("opset 17", output);
        // The same bytes the library writes for the loaded network (ONNX Runtime checks those in VolNotebooks.Tests).
        Assert.Equal(OnnxExport.ToOnnx(Checkpoint.Load(checkpoint).Model), File.ReadAllBytes(onnx));
    }

    [Fact]
    public async Task Export_reports_a_missing_checkpoint_with_exit_code_1()
    {
        using var folder = new TempFolder();
        var onnx = Path.Combine(folder.Path, "none.onnx");
        var (code, _, error) = await CliRunner.RunAsync("export", "--checkpoint", Path.Combine(folder.Path, "none.ckpt"), "--onnx", onnx);
        Assert.Equal(1, code);
        Assert.Contains("checkpoint not found", error);
        Assert.False(File.Exists(onnx));
    }
}
