using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

public class ModuleTests
{
    [Fact]
    public void Parameters_have_hierarchical_pytorch_style_names_and_counts()
    {
        var rng = new RandomSource(1);
        var net = new Sequential<float>(new Linear<float>(5, 4, rng), new Activation<float>(ActivationKind.Relu), new Linear<float>(4, 1, rng));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], net.Parameters().Select(p => p.Name));
        Assert.Equal(5 * 4 + 4 + 4 + 1, net.ParameterCount);

        var lstm = new Lstm<float>(5, 64, rng, numLayers: 2, bidirectional: true);
        Assert.Equal(
            ["l0.w_ih", "l0.w_hh", "l0.b_ih", "l0.b_hh", "l0_reverse.w_ih", "l0_reverse.w_hh", "l0_reverse.b_ih", "l0_reverse.b_hh",
             "l1.w_ih", "l1.w_hh", "l1.b_ih", "l1.b_hh", "l1_reverse.w_ih", "l1_reverse.w_hh", "l1_reverse.b_ih", "l1_reverse.b_hh"],
            lstm.Parameters().Select(p => p.Name));

        // PyTorch's sum(p.numel()) for nn.LSTM(5, 64, num_layers=2, bidirectional=True): two biases per layer and direction.
        Assert.Equal(2 * (4 * 64 * (5 + 64) + 2 * 4 * 64) + 2 * (4 * 64 * (128 + 64) + 2 * 4 * 64), lstm.ParameterCount);
    }

    [Fact]
    public void Default_initialization_follows_pytorch_bounds_and_is_seeded()
    {
        var a = new Lstm<float>(3, 16, new RandomSource(7));
        var b = new Lstm<float>(3, 16, new RandomSource(7));
        Assert.Equal(a.Parameters().SelectMany(p => p.Value.Data), b.Parameters().SelectMany(p => p.Value.Data));
        Assert.All(a.Parameters().SelectMany(p => p.Value.Data), v => Assert.InRange(v, -0.25f, 0.25f));
        var linear = new Linear<double>(100, 3, new RandomSource(7));
        Assert.All(linear.Weight.Data, v => Assert.InRange(v, -0.1, 0.1));
        Assert.True(linear.Weight.Data.Max() > 0.09 && linear.Weight.Data.Min() < -0.09);
    }

    [Fact]
    public void Eval_mode_disables_dropout_and_training_mode_scales_the_kept_units()
    {
        var rng = new RandomSource(3);
        var net = new Sequential<float>(new Dropout<float>(0.5, rng));
        var x = Tensor<float>.Full(1f, 1000);
        var train = net.Forward(x);
        Assert.All(train.Data, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(train.Data.Count(v => v == 0f), 400, 600);
        net.Eval();
        Assert.False(net.IsTraining);
        Assert.Same(x, net.Forward(x));
    }

    [Fact]
    public void Inference_without_a_tape_records_nothing_and_allocates_no_gradients()
    {
        var rng = new RandomSource(4);
        var lstm = new Lstm<float>(3, 5, rng);
        var x = new Tensor<float>(2, 4, 3) { RequiresGrad = true };
        var (o, _) = lstm.Forward(x);
        Assert.False(o.RequiresGrad);
        Assert.False(Tape.IsRecording);
        using var tape = new Tape();
        var (o2, _) = lstm.Forward(x);
        Assert.True(o2.RequiresGrad);
        Assert.True(tape.Count > 0);
        Assert.All(lstm.Parameters(), p => Assert.Null(p.Value.Grad));
    }

    [Fact]
    public void Gradients_accumulate_until_zeroed()
    {
        var rng = new RandomSource(5);
        var linear = new Linear<double>(3, 2, rng);
        var x = new Tensor<double>([1, 2, 3], 1, 3);
        for (int k = 0; k < 2; k++)
        {
            using var tape = new Tape();
            tape.Backward(Ops.Sum(linear.Forward(x)));
        }

        Assert.Equal([2, 4, 6, 2, 4, 6], linear.Weight.Grad!);
        linear.ZeroGrad();
        Assert.All(linear.Weight.Grad!, g => Assert.Equal(0, g));
    }

    [Fact]
    public void BatchNorm_in_eval_mode_normalises_with_the_running_statistics()
    {
        var bn = new BatchNorm1d<double>(2);
        var x = new Tensor<double>([1, 10, 3, 20, 5, 60], 3, 2);
        bn.Forward(x);
        Assert.Equal(0.1 * 3, bn.RunningMean.Data[0], 12);
        Assert.Equal(0.9 + 0.1 * 4.0, bn.RunningVar.Data[0], 12);
        bn.Eval();
        var y = bn.Forward(x);
        double expected = (1 - 0.3) / Math.Sqrt(1.3 + 1e-5);
        Assert.Equal(expected, y.Data[0], 12);
        Assert.Equal(0.3, bn.RunningMean.Data[0], 12);
    }
}
