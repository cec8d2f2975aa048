using VolNotebooks.Features;

namespace VolNotebooks.Tests.Features;

public sealed class CorrelationFilterTests
{
    private static FeatureFrame Frame(int n, int seed)
    {
        var random = new Random(seed);
        var a = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var dates = Enumerable.Range(0, n).Select(i => new DateOnly(2000, 1, 1).AddDays(i)).ToArray();
        return new FeatureFrame(dates)
            .Add("a", a)
            .Add("a_scaled", a.Select(v => 2 * v + 1).ToArray())
            .Add("b", b)
            .Add("minus_b_noisy", b.Select((v, i) => -v + 0.001 * (i % 3)).ToArray())
            .Add("constant", Enumerable.Repeat(1.0, n).ToArray());
    }

    [Fact]
    public void Keeps_the_first_of_each_correlated_group_and_says_why_others_went()
    {
        var selection = CorrelationFilter.Select(Frame(200, 1), ["a", "a_scaled", "b", "minus_b_noisy", "constant"], 0..150, 0.95);
        Assert.Equal(["a", "b"], selection.Kept);
        Assert.Equal(["a_scaled", "minus_b_noisy", "constant"], selection.Dropped.Select(d => d.Feature));
        Assert.Equal("a", selection.Dropped[0].CorrelatedWith);
        Assert.Equal(1.0, selection.Dropped[0].Correlation, 12);
        Assert.True(selection.Dropped[1].Correlation < -0.95);
    }

    [Fact]
    public void Pearson_matches_the_textbook_formula()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [2, 1, 4, 3, 5];
        // Sxy = 8, Sxx = Syy = 10 -> r = 0.8.
        Assert.Equal(0.8, CorrelationFilter.Pearson(x, y), 14);
    }

    [Fact]
    public void Only_training_rows_influence_the_selection()
    {
        // On training rows 0..99 'c' is independent of 'a'; afterwards it copies 'a'. The filter must keep it.
        var random = new Random(5);
        var a = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
        var c = Enumerable.Range(0, 200).Select(i => i < 100 ? random.NextDouble() : a[i]).ToArray();
        var frame = new FeatureFrame(Enumerable.Range(0, 200).Select(i => new DateOnly(2000, 1, 1).AddDays(i)).ToArray()).Add("a", a).Add("c", c);
        Assert.Equal(["a", "c"], CorrelationFilter.Select(frame, ["a", "c"], 0..100, 0.5).Kept);
        Assert.Equal(["a"], CorrelationFilter.Select(frame, ["a", "c"], 100..200, 0.5).Kept);
    }
}
