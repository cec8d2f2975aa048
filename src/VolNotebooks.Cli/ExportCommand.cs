using System.CommandLine;
using VolNotebooks.Export;
using VolNotebooks.Training;

namespace VolNotebooks.Cli;

/// <summary><c>volnb export</c>: writes a checkpoint's network as a standard ONNX model.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint written by volnb train --checkpoint or a notebook", Required = true, HelpName = "PATH" };
        var onnx = new Option<string>("--onnx") { Description = "The ONNX file to write", Required = true, HelpName = "OUT.onnx" };
        var command = new Command("export", $"Write a checkpoint's network as an ONNX model (opset {OnnxExport.Opset}; {string.Join(", ", OnnxExport.Architectures)})")
        {
            checkpoint, onnx,
        };
        command.SetAction(parse => CommandErrors.Guarded(error, () => Run(parse.GetValue(checkpoint)!, parse.GetValue(onnx)!, output)));
        return command;
    }

    internal static int Run(string checkpointPath, string onnxPath, TextWriter output)
    {
        var model = Checkpoint.Load(checkpointPath).Model;
        var bytes = OnnxExport.ToOnnx(model);
        var folder = Path.GetDirectoryName(Path.GetFullPath(onnxPath));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllBytes(onnxPath, bytes);
        output.WriteLine($"Wrote {onnxPath}: {model.Architecture}, {model.ParameterCount:N0} parameters, ONNX opset {OnnxExport.Opset}, {bytes.Length:N0} bytes");
        output.WriteLine($"  input  'input'    [batch, time, {model.InputFeatures}] features scaled as in training (the checkpoint's scaler)");
        output.WriteLine($"  output 'forecast' [batch, {model.Outputs}] in the scaled target's units");
        return 0;
    }
}
