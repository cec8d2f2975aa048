using VolNotebooks.Datasets;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class GradientBoostingBaselineTests
{
    private const int T = 6, F = 3;

    [Fact]
    public void Rows_are_the_last_window_days_of_each_sample_oldest_first()
    {
        var data = Synthetic(4, seed: 1);
        var rows = GradientBoostingBaseline.Flatten(data, 2);
        // Sample 2's row: days T-2 and T-1 of its window, F values each.
        var expected = Enumerable.Range(0, 2 * F).Select(k => data.Inputs[(2 * T * F) + ((T - 2) * F) + k]).ToArray();
        Assert.Equal(expected, rows[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientBoostingBaseline.Flatten(data, T + 1));
    }

    [Fact]
    public void The_same_seed_gives_the_same_trees_and_the_trees_learn_a_function_of_the_last_day()
    {
        // target = 2 x (feature 0 on the last day) + noise-free interaction; held-out R2 must be high.
        var train = Synthetic(600, seed: 2);
        var test = Synthetic(200, seed: 3);
        var options = new GradientBoostingOptions { Iterations = 100, Seed = 7 };
        var first = GradientBoostingBaseline.Fit(train, options).Predict(test);
        var again = GradientBoostingBaseline.Fit(train, options).Predict(test);
        Assert.Equal(first, again);
        var actual = test.Targets;
        var mean = actual.Average();
        var r2 = 1 - (actual.Zip(first, (a, f) => (double)(a - f) * (a - f)).Sum() / actual.Sum(a => (double)(a - mean) * (a - mean)));
        Assert.True(r2 > 0.9, $"held-out R2 {r2}");
    }

    [Fact]
    public void Forecasts_use_only_the_fitted_training_rows_and_each_samples_own_window()
    {
        // Fitted on training samples only: replacing the test samples' targets, or another test sample's inputs,
        // leaves a test forecast unchanged.
        var train = Synthetic(300, seed: 4);
        var test = Synthetic(50, seed: 5);
        var model = GradientBoostingBaseline.Fit(train, new GradientBoostingOptions { Iterations = 50 });
        var before = model.Predict(test);
        var changed = test with { Targets = [.. test.Targets.Select(v => v + 100)], Inputs = (float[])test.Inputs.Clone() };
        for (var k = 0; k < T * F; k++) changed.Inputs[(10 * T * F) + k] += 5;   // sample 10's window only
        var after = model.Predict(changed);
        Assert.Equal(before.Where((_, n) => n != 10), after.Where((_, n) => n != 10));
        Assert.NotEqual(before[10], after[10]);
    }

    private static SequenceData Synthetic(int samples, int seed)
    {
        var rng = new Random(seed);
        var inputs = Enumerable.Range(0, samples * T * F).Select(_ => (float)((2 * rng.NextDouble()) - 1)).ToArray();
        var targets = Enumerable.Range(0, samples).Select(n =>
        {
            var last = (n * T * F) + ((T - 1) * F);
            return (2 * inputs[last]) + (inputs[last + 1] > 0 ? 1f : 0f);
        }).ToArray();
        return new SequenceData(inputs, targets, T, F);
    }
}
