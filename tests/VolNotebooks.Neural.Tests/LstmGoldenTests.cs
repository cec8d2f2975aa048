using System.Numerics;
using System.Text.Json;

namespace VolNotebooks.Neural.Tests;

public class LstmGoldenTests
{
    [Theory]
    [InlineData("lstm_1layer.json", 4, 6, 1, false, "all")]
    [InlineData("lstm_1layer.json", 4, 6, 1, false, "output_only")]
    [InlineData("lstm_2layer_bidirectional.json", 3, 5, 2, true, "all")]
    [InlineData("lstm_2layer_bidirectional.json", 3, 5, 2, true, "output_only")]
    public void Lstm_matches_pytorch_in_double(string file, int f, int h, int layers, bool bidirectional, string variant)
        => Check<double>(file, f, h, layers, bidirectional, variant);

    [Theory]
    [InlineData("lstm_1layer.json", 4, 6, 1, false, "all")]
    [InlineData("lstm_2layer_bidirectional.json", 3, 5, 2, true, "all")]
    public void Lstm_matches_pytorch_in_float(string file, int f, int h, int layers, bool bidirectional, string variant)
        => Check<float>(file, f, h, layers, bidirectional, variant);

    private static void Check<T>(string file, int f, int h, int layers, bool bidirectional, string variant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load(file);
        var lstm = new Lstm<T>(f, h, new RandomSource(1), layers, bidirectional);
        var byName = lstm.Parameters().ToDictionary(p => p.Name, p => p.Value);
        foreach (var prop in g.GetProperty("params").EnumerateObject())
        {
            GoldenData.Values<T>(prop.Value).CopyTo(byName[OurName(prop.Name)].Data, 0);
        }

        var x = GoldenData.Tensor<T>(g.GetProperty("inputs").GetProperty("x"), requiresGrad: true);
        using var tape = new Tape();
        var (output, (hn, cn)) = lstm.Forward(x);
        var outputs = g.GetProperty("outputs");
        Close.Forward(GoldenData.Values(outputs.GetProperty("output")), output.Data, "output");
        Close.Forward(GoldenData.Values(outputs.GetProperty("h_n")), hn.Data, "h_n");
        Close.Forward(GoldenData.Values(outputs.GetProperty("c_n")), cn.Data, "c_n");

        var r = g.GetProperty("R");
        var loss = Ops.DotConstant(output, GoldenData.Values<T>(r.GetProperty("output")));
        if (variant == "all")
        {
            loss = Ops.Add(loss, Ops.DotConstant(hn, GoldenData.Values<T>(r.GetProperty("h_n"))));
            loss = Ops.Add(loss, Ops.DotConstant(cn, GoldenData.Values<T>(r.GetProperty("c_n"))));
        }

        Close.Forward([g.GetProperty("losses").GetProperty(variant).GetDouble()], loss.Data, "loss");
        tape.Backward(loss);
        var grads = g.GetProperty("grads").GetProperty(variant);
        Close.Gradient(GoldenData.Values(grads.GetProperty("x")), x.Grad, "dx");
        foreach (var prop in grads.EnumerateObject().Where(p => p.Name != "x"))
        {
            Close.Gradient(GoldenData.Values(prop.Value), byName[OurName(prop.Name)].Grad, prop.Name);
        }
    }

    // weight_ih_l1_reverse → l1_reverse.w_ih
    private static string OurName(string torchName)
    {
        string[] parts = torchName.Split('_');
        string kind = parts[0] == "weight" ? "w_" + parts[1] : "b_" + parts[1];
        string layer = string.Join('_', parts.Skip(2));
        return $"{layer}.{kind}";
    }
}
