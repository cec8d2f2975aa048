using MathNet.Numerics.Distributions;
using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Tests.Evaluation;

public sealed class ModelConfidenceSetTests
{
    // losses [T, M]: model i's loss = means[i] + N(0, 1) noise, independent over t and models.
    private static double[,] Losses(int seed, int n, params double[] means)
    {
        var random = SeededRandom.Create(seed);
        var losses = new double[n, means.Length];
        for (var t = 0; t < n; t++)
        {
            for (var i = 0; i < means.Length; i++) losses[t, i] = means[i] + Normal.Sample(random, 0, 1);
        }

        return losses;
    }

    [Theory]
    [InlineData(ModelConfidenceSetStatistic.Max)]
    [InlineData(ModelConfidenceSetStatistic.Range)]
    public void A_clearly_dominated_model_is_eliminated_first_with_a_small_p_value(ModelConfidenceSetStatistic statistic)
    {
        // Model 2's mean loss is 0.5 above the others: about 11 standard errors of a mean difference at T = 1000.
        var losses = Losses(7, 1000, 1.0, 1.0, 1.5, 1.0);
        var result = ModelConfidenceSet.Compute(losses, BlockBootstrap.Stationary(5), seed: 1, statistic);
        Assert.Equal(2, result.EliminationOrder[0]);
        Assert.True(result.PValues[2] < 0.01, $"p = {result.PValues[2]}");
        Assert.DoesNotContain(2, result.Included(0.1));
        Assert.Equal(1.0, result.PValues[result.EliminationOrder[^1]]);
    }

    [Theory]
    [InlineData(ModelConfidenceSetStatistic.Max)]
    [InlineData(ModelConfidenceSetStatistic.Range)]
    public void Equal_models_stay_in_the_set_except_at_about_the_nominal_rate(ModelConfidenceSetStatistic statistic)
    {
        // Simulation with known truth: three models with the same expected loss. The 90% set holds all of them
        // unless the first test rejects, which it does in about 10% of samples: 4 of 40, and Binomial(40, 0.1) <= 9
        // with probability 0.99.
        var dropped = 0;
        for (var sample = 0; sample < 40; sample++)
        {
            var result = ModelConfidenceSet.Compute(Losses(100 + sample, 300, 2.0, 2.0, 2.0), BlockBootstrap.MovingBlock(5), seed: sample, statistic, replications: 500);
            if (result.Included(0.1).Length < 3) dropped++;
        }

        Assert.InRange(dropped, 0, 9);
    }

    [Fact]
    public void Identical_loss_series_cannot_be_told_apart_so_every_p_value_is_one()
    {
        var identical = new double[100, 3];
        for (var t = 0; t < 100; t++) identical[t, 0] = identical[t, 1] = identical[t, 2] = Math.Sin(t);
        foreach (var statistic in new[] { ModelConfidenceSetStatistic.Max, ModelConfidenceSetStatistic.Range })
            Assert.All(ModelConfidenceSet.Compute(identical, BlockBootstrap.Stationary(3), seed: 3, statistic).PValues, p => Assert.Equal(1.0, p));
    }

    [Theory]
    [InlineData(ModelConfidenceSetStatistic.Max)]
    [InlineData(ModelConfidenceSetStatistic.Range)]
    public void P_values_never_fall_along_the_elimination_order(ModelConfidenceSetStatistic statistic)
    {
        var result = ModelConfidenceSet.Compute(Losses(5, 300, 1.0, 1.05, 1.1, 1.2, 1.3, 1.0), BlockBootstrap.Stationary(4), seed: 9, statistic);
        var ordered = result.EliminationOrder.Select(i => result.PValues[i]).ToArray();
        for (var k = 1; k < ordered.Length; k++) Assert.True(ordered[k] >= ordered[k - 1], string.Join(", ", ordered));
        Assert.Equal(1.0, ordered[^1]);
        for (var k = 0; k < result.EliminationPValues.Length; k++) Assert.True(ordered[k] >= result.EliminationPValues[k]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_set_and_p_values()
    {
        var losses = Losses(5, 300, 1.0, 1.1, 1.2);
        var a = ModelConfidenceSet.Compute(losses, BlockBootstrap.Stationary(4), seed: 42);
        var b = ModelConfidenceSet.Compute(losses, BlockBootstrap.Stationary(4), seed: 42);
        Assert.Equal(a.PValues, b.PValues);
        Assert.Equal(a.EliminationOrder, b.EliminationOrder);
    }

    [Fact]
    public void With_two_iid_models_the_p_value_approaches_the_two_sided_normal_test_of_equal_means()
    {
        // With M = 2, T_max = |t| of the mean difference, and an iid bootstrap gives it a standard normal |z| null:
        // p close to the Diebold-Mariano (h = 1) two-sided p-value on the same losses.
        var losses = Losses(21, 400, 1.0, 1.15);
        var result = ModelConfidenceSet.Compute(losses, BlockBootstrap.Stationary(1), seed: 5, replications: 4000);
        var a = Enumerable.Range(0, 400).Select(t => losses[t, 0]).ToArray();
        var b = Enumerable.Range(0, 400).Select(t => losses[t, 1]).ToArray();
        var dm = DieboldMariano.Test(a, b);
        Assert.InRange(dm.PValue, 0.01, 0.2); // a case neither trivially 0 nor 1
        Assert.Equal(dm.PValue, result.EliminationPValues[0], 1);
        Assert.Equal(1, result.EliminationOrder[0]);
    }

    [Fact]
    public void Moving_blocks_are_runs_of_consecutive_indices()
    {
        var indices = new int[23];
        BlockBootstrap.MovingBlock(5).Resample(SeededRandom.Create(1), indices);
        for (var start = 0; start < 23; start += 5)
        {
            for (var k = start + 1; k < Math.Min(start + 5, 23); k++) Assert.Equal(indices[k - 1] + 1, indices[k]);
        }

        Assert.All(indices, i => Assert.InRange(i, 0, 22));
    }

    [Fact]
    public void Stationary_blocks_have_the_requested_mean_length()
    {
        // A new block starts with probability 1/b after each observation, so a series of n has about n/b blocks.
        var indices = new int[200_000];
        BlockBootstrap.Stationary(8).Resample(SeededRandom.Create(4), indices);
        var breaks = 0;
        for (var t = 1; t < indices.Length; t++)
        {
            if (indices[t] != (indices[t - 1] + 1) % indices.Length) breaks++;
        }

        Assert.Equal(8.0, indices.Length / (breaks + 1.0), 0);
    }
}
