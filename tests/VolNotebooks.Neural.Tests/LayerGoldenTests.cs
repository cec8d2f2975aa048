using System.Numerics;
using System.Text.Json;

namespace VolNotebooks.Neural.Tests;

/// <summary>Every forward value and gradient of the non-recurrent golden files, in double (1e-12) and float.</summary>
public class LayerGoldenTests
{
    [Fact]
    public void Linear_matches_pytorch_in_double() => Linear<double>();

    [Fact]
    public void Linear_matches_pytorch_in_float() => Linear<float>();

    [Fact]
    public void Conv1d_relu_maxpool_matches_pytorch_in_double() => ConvPool<double>();

    [Fact]
    public void Conv1d_relu_maxpool_matches_pytorch_in_float() => ConvPool<float>();

    [Theory]
    [InlineData("all")]
    [InlineData("output_only")]
    public void Multihead_attention_matches_pytorch_in_double(string variant) => Mha<double>(variant);

    [Fact]
    public void Multihead_attention_matches_pytorch_in_float() => Mha<float>("all");

    [Theory]
    [InlineData("all")]
    [InlineData("output_only")]
    public void Additive_attention_matches_pytorch_in_double(string variant) => Additive<double>(variant);

    [Fact]
    public void Additive_attention_matches_pytorch_in_float() => Additive<float>("all");

    [Fact]
    public void LayerNorm_matches_pytorch_in_double() => LayerNormCase<double>();

    [Fact]
    public void LayerNorm_matches_pytorch_in_float() => LayerNormCase<float>();

    [Theory]
    [InlineData("batchnorm1d_2d.json")]
    [InlineData("batchnorm1d_3d.json")]
    public void BatchNorm1d_training_matches_pytorch_in_double(string file) => BatchNormCase<double>(file);

    [Theory]
    [InlineData("batchnorm1d_2d.json")]
    [InlineData("batchnorm1d_3d.json")]
    public void BatchNorm1d_training_matches_pytorch_in_float(string file) => BatchNormCase<float>(file);

    private static void Linear<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load("linear.json");
        var layer = new Linear<T>(4, 5, new RandomSource(1));
        var tensors = Bind(g, layer, new() { ["weight"] = "weight", ["bias"] = "bias" });
        using var tape = new Tape();
        var outputs = new Dictionary<string, Tensor<T>> { ["output"] = layer.Forward(tensors["x"]) };
        CheckAll(g, tape, outputs, tensors, "all");
    }

    private static void ConvPool<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load("conv1d_same_maxpool.json");
        var conv = new Conv1d<T>(3, 4, 3, new RandomSource(1), padding: Padding.Same);
        var tensors = Bind(g, conv, new() { ["weight"] = "weight", ["bias"] = "bias" });
        using var tape = new Tape();
        var convOut = conv.Forward(tensors["x"]);
        var relu = Ops.Relu(convOut);
        var pooled = new MaxPool1d<T>(2).Forward(relu);
        var o = g.GetProperty("outputs");
        Close.Forward(GoldenData.Values(o.GetProperty("conv_out")), convOut.Data, "conv_out");
        Close.Forward(GoldenData.Values(o.GetProperty("relu_out")), relu.Data, "relu_out");
        CheckAll(g, tape, new() { ["output"] = pooled }, tensors, "all");
    }

    private static void Mha<T>(string variant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load("multihead_attention.json");
        var mha = new MultiheadAttention<T>(8, 2, new RandomSource(1));
        var tensors = Bind(g, mha, new()
        {
            ["in_proj_weight"] = "in_proj_weight",
            ["in_proj_bias"] = "in_proj_bias",
            ["out_proj.weight"] = "out_proj.weight",
            ["out_proj.bias"] = "out_proj.bias",
        });
        using var tape = new Tape();
        var (output, weights) = mha.Forward(tensors["x"]);
        CheckAll(g, tape, new() { ["output"] = output, ["attn_weights"] = weights }, tensors, variant);
    }

    private static void Additive<T>(string variant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load("additive_attention.json");
        var att = new AdditiveAttention<T>(4, 3, new RandomSource(1));
        var tensors = Bind(g, att, new() { ["W"] = "W.weight", ["b"] = "W.bias", ["v"] = "v.weight" });
        using var tape = new Tape();
        var (context, weights) = att.Forward(tensors["H"]);
        CheckAll(g, tape, new() { ["context"] = context, ["weights"] = weights }, tensors, variant);
    }

    private static void LayerNormCase<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load("layernorm.json");
        var ln = new LayerNorm<T>(5);
        var tensors = Bind(g, ln, new() { ["weight"] = "weight", ["bias"] = "bias" });
        using var tape = new Tape();
        CheckAll(g, tape, new() { ["output"] = ln.Forward(tensors["x"]) }, tensors, "all");
    }

    private static void BatchNormCase<T>(string file)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load(file);
        var bn = new BatchNorm1d<T>(4);
        var tensors = Bind(g, bn, new() { ["weight"] = "weight", ["bias"] = "bias" });
        var before = g.GetProperty("buffers_before");
        GoldenData.Values<T>(before.GetProperty("running_mean")).CopyTo(bn.RunningMean.Data, 0);
        GoldenData.Values<T>(before.GetProperty("running_var")).CopyTo(bn.RunningVar.Data, 0);
        using var tape = new Tape();
        CheckAll(g, tape, new() { ["output"] = bn.Forward(tensors["x"]) }, tensors, "all");
        var after = g.GetProperty("buffers_after");
        Close.Forward(GoldenData.Values(after.GetProperty("running_mean")), bn.RunningMean.Data, "running_mean");
        Close.Forward(GoldenData.Values(after.GetProperty("running_var")), bn.RunningVar.Data, "running_var");
    }

    // Copies golden params into the module (golden name → our hierarchical name) and returns inputs and params by golden name.
    private static Dictionary<string, Tensor<T>> Bind<T>(JsonElement g, Module<T> module, Dictionary<string, string> names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ours = module.Parameters().ToDictionary(p => p.Name, p => p.Value);
        var result = new Dictionary<string, Tensor<T>>();
        foreach (var (golden, our) in names)
        {
            var values = GoldenData.Values<T>(g.GetProperty("params").GetProperty(golden));
            Assert.Equal(ours[our].Length, values.Length);
            values.CopyTo(ours[our].Data, 0);
            result[golden] = ours[our];
        }

        foreach (var input in g.GetProperty("inputs").EnumerateObject())
        {
            result[input.Name] = GoldenData.Tensor<T>(input.Value, requiresGrad: true);
        }

        return result;
    }

    // Checks every output, builds loss = Σ_k Σ outputs[k] ⊙ R[k] (variant), back-propagates and checks every gradient.
    internal static void CheckAll<T>(JsonElement g, Tape tape, Dictionary<string, Tensor<T>> outputs, Dictionary<string, Tensor<T>> tensors, string variant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var goldenOutputs = g.GetProperty("outputs");
        foreach (var (name, tensor) in outputs)
        {
            var (expected, shape) = GoldenData.Flatten(goldenOutputs.GetProperty(name));
            Assert.Equal(shape, tensor.ShapeArray());
            Close.Forward(expected, tensor.Data, name);
        }

        var r = g.GetProperty("R").EnumerateObject().ToList();
        string primary = r[0].Name;
        Tensor<T>? loss = null;
        foreach (var entry in r)
        {
            if (variant == "output_only" && entry.Name != primary)
            {
                continue;
            }

            var term = Ops.DotConstant(outputs[entry.Name], GoldenData.Values<T>(entry.Value));
            loss = loss is null ? term : Ops.Add(loss, term);
        }

        Close.Forward([g.GetProperty("losses").GetProperty(variant).GetDouble()], loss!.Data, "loss");
        tape.Backward(loss);
        foreach (var grad in g.GetProperty("grads").GetProperty(variant).EnumerateObject())
        {
            Close.Gradient(GoldenData.Values(grad.Value), tensors[grad.Name].Grad, "d" + grad.Name);
        }
    }
}
