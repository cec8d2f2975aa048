using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using VolNotebooks.Export;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Tests.Export;

public sealed class SafetensorsExportTests
{
    [Theory]
    // nn.LSTM's state_dict names (torch.nn.LSTM docs: weight_ih_l[k], weight_hh_l[k], bias_ih_l[k], bias_hh_l[k], and the
    // suffix _reverse for the backward direction).
    [InlineData("lstm.l0.w_ih", "lstm.weight_ih_l0")]
    [InlineData("lstm.l1.w_hh", "lstm.weight_hh_l1")]
    [InlineData("lstm1.l0_reverse.b_ih", "lstm1.bias_ih_l0_reverse")]
    [InlineData("encoder.lstm.l12_reverse.b_hh", "encoder.lstm.bias_hh_l12_reverse")]
    // Names PyTorch shares stay as they are.
    [InlineData("front.conv1.weight", "front.conv1.weight")]
    [InlineData("attention.W.weight", "attention.W.weight")]
    [InlineData("encoder0.self_attn.in_proj_weight", "encoder0.self_attn.in_proj_weight")]
    [InlineData("norm1.running_var", "norm1.running_var")]
    public void Engine_names_become_the_state_dict_names_of_the_matching_torch_modules(string engine, string pytorch) =>
        Assert.Equal(pytorch, PyTorchNames.Of(engine));

    [Fact]
    public void The_file_is_an_8_byte_aligned_json_header_then_contiguous_little_endian_data_as_the_safetensors_format_defines()
    {
        var h = new LstmVolHyperparameters(Hidden: 3, Layers: 2);
        var model = new LstmVol(2, new RandomSource(1), h);
        var bytes = SafetensorsExport.ToSafetensors(model, h, new Dictionary<string, string> { ["note"] = "extra" });

        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        var headerText = Encoding.UTF8.GetString(bytes, 8, headerLength);
        var json = headerText.TrimEnd(' ');
        Assert.EndsWith("}", json);
        Assert.InRange(headerLength - json.Length, 0, 7);   // padded with fewer than 8 spaces
        using var header = JsonDocument.Parse(headerText);
        var metadata = header.RootElement.GetProperty("__metadata__");
        Assert.All(metadata.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal("LSTMVol", metadata.GetProperty("architecture").GetString());
        Assert.Equal("extra", metadata.GetProperty("note").GetString());
        Assert.Equal("true", metadata.GetProperty("positive_output").GetString());
        using (var hyper = JsonDocument.Parse(metadata.GetProperty("hyperparameters").GetString()!))
        {
            Assert.Equal("LSTMVol", hyper.RootElement.GetProperty("architecture").GetString());
            Assert.Equal(3, hyper.RootElement.GetProperty("hidden").GetInt32());
        }

        // Every engine entry under its PyTorch name, back to back from offset 0 to the end of the file, values unchanged.
        var dataStart = 8 + headerLength;
        long expectedBegin = 0;
        foreach (var (name, tensor) in model.StateEntries())
        {
            var entry = header.RootElement.GetProperty(PyTorchNames.Of(name));
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.ShapeArray(), entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            Assert.Equal([expectedBegin, expectedBegin + (4L * tensor.Length)], offsets);
            for (var i = 0; i < tensor.Length; i++)
                Assert.Equal(tensor.Data[i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + (int)offsets[0] + (4 * i))));
            expectedBegin = offsets[1];
        }

        Assert.Equal(bytes.Length - dataStart, expectedBegin);
        Assert.True(header.RootElement.TryGetProperty("lstm.weight_hh_l1", out _));
        Assert.Equal(model.StateEntries().Count() + 1, header.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Batch_norms_get_an_int64_num_batches_tracked_of_zero_first_so_every_tensor_stays_aligned()
    {
        var h = new CnnLstmDeepHyperparameters(8, 8, 8, 8, 8, 8, 8, 8);
        var bytes = SafetensorsExport.ToSafetensors(new CnnLstmDeep(3, new RandomSource(2), h), h);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength));
        for (var i = 1; i <= 3; i++)
        {
            var entry = header.RootElement.GetProperty($"norm{i}.num_batches_tracked");
            Assert.Equal("I64", entry.GetProperty("dtype").GetString());
            Assert.Equal(0, entry.GetProperty("shape").GetArrayLength());
            var begin = entry.GetProperty("data_offsets")[0].GetInt64();
            Assert.Equal((i - 1) * 8L, begin);
            Assert.Equal(0L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8 + headerLength + (int)begin)));
        }
    }

    [Fact]
    public void Hyperparameters_of_another_architecture_are_refused()
    {
        var model = new LstmVol(2, new RandomSource(1));
        var e = Assert.Throws<ArgumentException>(() => SafetensorsExport.ToSafetensors(model, new LstmForecasterHyperparameters()));
        Assert.Contains("LSTMForecaster hyperparameters do not describe a LSTMVol", e.Message);
    }
}
