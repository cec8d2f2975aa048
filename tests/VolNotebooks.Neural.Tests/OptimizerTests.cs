using VolNotebooks.Neural;

namespace VolNotebooks.Neural.Tests;

/// <summary>SGD variants and learning-rate schedules against values printed by PyTorch 1.13.1 (float64).</summary>
public class OptimizerTests
{
    private static readonly double[][] Grads = [[0.1, -0.2, 0.3], [0.0, 0.5, -0.1], [-0.3, 0.2, 0.2], [0.4, 0.0, -0.5]];

    [Theory]
    [InlineData(0.9, 0.0, false, 0.0, new[] { 0.48261, -1.10472, 1.93593 })]
    [InlineData(0.9, 0.0, true, 0.01, new[] { 0.45838962168968705, -1.1319590863293743, 1.9286981457114272 })]
    [InlineData(0.5, 0.1, false, 0.0, new[] { 0.48574999999999996, -1.06825, 1.9775 })]
    public void Sgd_matches_pytorch(double momentum, double dampening, bool nesterov, double weightDecay, double[] expected)
    {
        var p = new Tensor<double>([0.5, -1.0, 2.0], 3);
        var sgd = new Sgd<double>([new NamedTensor<double>("p", p)], 0.1, momentum, dampening, nesterov, weightDecay);
        foreach (var g in Grads)
        {
            p.Grad = (double[])g.Clone();
            sgd.Step();
        }

        Close.All(expected, p.Data, 1e-12, 0, "p");
    }

    [Fact]
    public void Learning_rate_schedules_match_pytorch()
    {
        static Adam<double> Opt() => new([new NamedTensor<double>("p", new Tensor<double>(1))], 0.1);

        var a = Opt();
        var step = new StepLR<double>(a, 3, 0.5);
        Close.All([0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025], Run(a, step.Step, 8), 1e-15, 0, "StepLR");

        var b = Opt();
        var cosine = new CosineAnnealingLR<double>(b, 5, 0.01);
        Close.All(
            [0.09140576474687263, 0.06890576474687263, 0.04109423525312736, 0.018594235253127367, 0.01, 0.018594235253127367, 0.04109423525312739],
            Run(b, cosine.Step, 7), 1e-15, 0, "cosine");

        var c = Opt();
        var plateau = new ReduceLROnPlateau<double>(c, factor: 0.5, patience: 2, cooldown: 1);
        double[] metrics = [1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.89, 0.9, 0.9, 0.9, 0.9, 0.9];
        int i = 0;
        Close.All(
            [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025],
            Run(c, () => plateau.Step(metrics[i++]), metrics.Length), 1e-15, 0, "plateau");
    }

    [Fact]
    public void Qlike_rejects_non_positive_predicted_variances_with_the_index()
    {
        var pred = new Tensor<double>([0.5, 0.0, 1.0], 3);
        var target = new Tensor<double>([0.5, 0.5, 0.5], 3);
        var ex = Assert.Throws<ArgumentException>(() => Losses.Qlike(pred, target));
        Assert.Contains("element 1", ex.Message);
        pred.Data[1] = -2;
        Assert.Throws<ArgumentException>(() => Losses.Qlike(pred, target));
    }

    private static double[] Run(Optimizer<double> optimizer, Action schedule, int epochs)
    {
        var lrs = new double[epochs];
        for (int e = 0; e < epochs; e++)
        {
            schedule();
            lrs[e] = optimizer.LearningRate;
        }

        return lrs;
    }
}
