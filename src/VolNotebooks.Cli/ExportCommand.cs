using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VolNotebooks.Export;
using VolNotebooks.IO;
using VolNotebooks.Training;

namespace VolNotebooks.Cli;

/// <summary><c>volnb export</c>: writes a checkpoint's network as a standard ONNX model and/or its weights as safetensors
/// under PyTorch's parameter names.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint written by volnb train --checkpoint or a notebook", Required = true, HelpName = "PATH" };
        var onnx = new Option<string?>("--onnx") { Description = $"The ONNX file to write (opset {OnnxExport.Opset})", HelpName = "OUT.onnx" };
        var safetensors = new Option<string?>("--safetensors") { Description = "The safetensors file to write (PyTorch parameter names)", HelpName = "OUT.safetensors" };
        var command = new Command("export", $"Write a checkpoint's network as an ONNX model and/or its weights as safetensors ({string.Join(", ", OnnxExport.Architectures)})")
        {
            checkpoint, onnx, safetensors,
        };
        command.SetAction(parse => CommandErrors.Guarded(error, () => Run(parse.GetValue(checkpoint)!, parse.GetValue(onnx), parse.GetValue(safetensors), output)));
        return command;
    }

    /// <summary>Writes the requested files atomically; neither is written unless the checkpoint loads.</summary>
    /// <exception cref="UsageException">Neither <c>--onnx</c> nor <c>--safetensors</c> was given.</exception>
    internal static int Run(string checkpointPath, string? onnxPath, string? safetensorsPath, TextWriter output)
    {
        if (onnxPath is null && safetensorsPath is null) throw new UsageException("export: give --onnx OUT.onnx, --safetensors OUT.safetensors, or both");
        var loaded = Checkpoint.Load(checkpointPath);
        var model = loaded.Model;
        if (onnxPath is not null)
        {
            var bytes = OnnxExport.ToOnnx(model);
            AtomicFile.Write(onnxPath, stream => stream.Write(bytes));
            output.WriteLine($"Wrote {onnxPath}: {model.Architecture}, {model.ParameterCount:N0} parameters, ONNX opset {OnnxExport.Opset}, {bytes.Length:N0} bytes");
        }

        if (safetensorsPath is not null)
        {
            var bytes = SafetensorsExport.ToSafetensors(model, loaded.Spec.Model, CheckpointMetadata(loaded));
            AtomicFile.Write(safetensorsPath, stream => stream.Write(bytes));
            output.WriteLine($"Wrote {safetensorsPath}: {model.Architecture}, {model.ParameterCount:N0} parameters under PyTorch names, {bytes.Length:N0} bytes");
        }

        output.WriteLine($"  input  'input'    [batch, time, {model.InputFeatures}] features ({string.Join(", ", loaded.FeatureNames)}) scaled as in training (the checkpoint's scaler)");
        output.WriteLine($"  output 'forecast' [batch, {model.Outputs}] in the scaled target's units (x {loaded.TargetScale.ToString("R", CultureInfo.InvariantCulture)} for {loaded.Target})");
        return 0;
    }

    /// <summary>What a server needs besides the weights: the experiment spec, the input features in order, the scaler, the
    /// target and its scale.</summary>
    private static Dictionary<string, string> CheckpointMetadata(Checkpoint checkpoint) => new(StringComparer.Ordinal)
    {
        ["spec"] = checkpoint.Spec.ToJson(),
        ["features"] = JsonSerializer.Serialize(checkpoint.FeatureNames),
        ["scaler"] = checkpoint.Scaler.ToJson(),
        ["target"] = checkpoint.Target,
        ["target_scale"] = checkpoint.TargetScale.ToString("R", CultureInfo.InvariantCulture),
    };
}
