using Microsoft.ML.OnnxRuntime;
using VolNotebooks.Export;
using VolNotebooks.Models;
using Xunit.Abstractions;

namespace VolNotebooks.Tests.Export;

public sealed class OnnxExportTests(ITestOutputHelper log)
{
    public static TheoryData<string> Cases => new(ExportCases.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_forecasts_of_an_export_match_the_engine_on_real_spy_windows_within_1e_5_of_the_largest_forecast(string name)
    {
        var (inputs, features) = ExportCases.SpyWindows;
        var (model, _) = ExportCases.Create(name, features);
        var expected = model.Predict(inputs, ExportCases.TimeSteps);

        using var session = new InferenceSession(OnnxExport.ToOnnx(model));
        var count = inputs.Length / (ExportCases.TimeSteps * features);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [count, ExportCases.TimeSteps, features]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["forecast"]);
        Assert.Equal([count, model.Outputs], outputs[0].GetTensorTypeAndShape().Shape);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        var (worst, scale) = ForecastComparison.AssertWithin1e5OfLargest(name, "ONNX Runtime", expected, actual);
        log.WriteLine($"{name}: {count} windows, largest difference {worst:E2} of the largest forecast {scale:G4}");
    }

    [Fact]
    public void Every_catalog_architecture_is_exported_and_has_a_round_trip_case()
    {
        var catalog = ModelCatalog.All.Select(d => d.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(catalog, OnnxExport.Architectures.Order(StringComparer.Ordinal));
        Assert.Equal(catalog, ExportCases.Names.Select(n => ExportCases.Create(n, 2).Model.Architecture).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Gate_blocks_move_from_pytorchs_i_f_g_o_to_onnxs_i_o_f_c()
    {
        // H = 1, one column: the rows are the gates themselves.
        Assert.Equal([1f, 4f, 2f, 3f], OnnxExport.ToOnnxGateOrder([1f, 2f, 3f, 4f], hidden: 1, columns: 1));
    }
}
