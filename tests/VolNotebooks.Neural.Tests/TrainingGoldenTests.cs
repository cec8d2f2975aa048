using System.Numerics;

namespace VolNotebooks.Neural.Tests;

/// <summary>Optimizer trajectories, losses and gradient clipping against PyTorch.</summary>
public class TrainingGoldenTests
{
    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("adam_l2")]
    public void Adam_trajectories_match_pytorch_in_double(string run) => AdamRun<double>(run);

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Adam_trajectories_match_pytorch_in_float(string run) => AdamRun<float>(run);

    [Theory]
    [InlineData("mse")]
    [InlineData("qlike")]
    [InlineData("pinball_tau_0.01")]
    [InlineData("pinball_tau_0.05")]
    public void Losses_and_their_gradients_match_pytorch_in_double(string name) => LossCase<double>(name);

    [Theory]
    [InlineData("mse")]
    [InlineData("qlike")]
    [InlineData("pinball_tau_0.01")]
    public void Losses_and_their_gradients_match_pytorch_in_float(string name) => LossCase<float>(name);

    [Theory]
    [InlineData("clipped")]
    [InlineData("not_clipped")]
    public void Global_norm_clipping_matches_pytorch(string scenario)
    {
        var s = GoldenData.Load("grad_clip.json").GetProperty("scenarios").GetProperty(scenario);
        var grads = s.GetProperty("before").EnumerateArray().Select(GoldenData.Values).ToArray();
        double norm = GradientClipping.ClipByGlobalNorm<double>(grads, 1.0);
        Assert.Equal(s.GetProperty("total_norm").GetDouble(), norm, 12);
        var after = s.GetProperty("after").EnumerateArray().Select(GoldenData.Values).ToArray();
        for (int i = 0; i < grads.Length; i++)
        {
            Close.All(after[i], grads[i], Close.Double, 0, $"after[{i}]");
        }
    }

    private static void AdamRun<T>(string run)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load("adam_and_adamw.json");
        var r = g.GetProperty("runs").GetProperty(run);
        var p = new Tensor<T>(GoldenData.Values<T>(g.GetProperty("p0")), 4);
        double wd = r.GetProperty("weight_decay").GetDouble();
        bool decoupled = r.GetProperty("optimizer").GetString() == "AdamW";
        var opt = new Adam<T>([new NamedTensor<T>("p", p)], 0.01, weightDecay: wd, decoupled: decoupled);
        var grads = g.GetProperty("grads").EnumerateArray().ToArray();
        var ps = r.GetProperty("p_after_step").EnumerateArray().ToArray();
        var ms = r.GetProperty("exp_avg_after_step").EnumerateArray().ToArray();
        var vs = r.GetProperty("exp_avg_sq_after_step").EnumerateArray().ToArray();
        for (int k = 0; k < grads.Length; k++)
        {
            p.Grad = GoldenData.Values<T>(grads[k]);
            opt.Step();
            Close.Forward(GoldenData.Values(ps[k]), p.Data, $"p after step {k + 1}");
            Close.Forward(GoldenData.Values(ms[k]), opt.FirstMoment(0).ToArray(), $"m after step {k + 1}");
            Close.Forward(GoldenData.Values(vs[k]), opt.SecondMoment(0).ToArray(), $"v after step {k + 1}");
        }
    }

    private static void LossCase<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = GoldenData.Load("losses.json");
        var inputs = g.GetProperty("inputs");
        var result = g.GetProperty("results").GetProperty(name);
        bool variance = name == "qlike";
        var pred = GoldenData.Tensor<T>(inputs.GetProperty(variance ? "var_hat" : "yhat"), requiresGrad: true);
        var target = GoldenData.Tensor<T>(inputs.GetProperty(variance ? "var_y" : "y"));
        using var tape = new Tape();
        var loss = name switch
        {
            "mse" => Losses.Mse(pred, target),
            "qlike" => Losses.Qlike(pred, target),
            "pinball_tau_0.01" => Losses.Pinball(pred, target, 0.01),
            _ => Losses.Pinball(pred, target, 0.05),
        };
        Close.Forward([result.GetProperty("value").GetDouble()], loss.Data, name);
        tape.Backward(loss);
        Close.Gradient(GoldenData.Values(result.GetProperty("grad_pred")), pred.Grad, "grad_pred");
    }
}
