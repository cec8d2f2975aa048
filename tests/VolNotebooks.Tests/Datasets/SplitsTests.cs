using VolNotebooks.Datasets;

namespace VolNotebooks.Tests.Datasets;

public sealed class SplitsTests
{
    [Fact]
    public void Fractions_cut_at_int_n_times_fraction_like_the_research()
    {
        // research 003: split1 = int(n * 0.7), split2 = int(n * 0.8).
        var s = ChronologicalSplit.ByFractions(1001, 0.7, 0.1);
        Assert.Equal((new IndexRange(0, 700), new IndexRange(700, 100), new IndexRange(800, 201)), (s.Train, s.Validation, s.Test));
        var blueprint = ChronologicalSplit.ByFractions(3345, 0.8);
        Assert.Equal((2676, 0, 669), (blueprint.Train.Length, blueprint.Validation.Length, blueprint.Test.Length));
    }

    [Fact]
    public void Time_series_split_matches_scikit_learn()
    {
        // scikit-learn docs: TimeSeriesSplit(n_splits=5) on 6 samples -> train [0..i], test [i+1]; and with
        // n_splits=3, gap=2, test_size=2 on 12 samples -> train [0..3] test [6,7]; [0..5] [8,9]; [0..7] [10,11].
        Assert.Equal(
            Enumerable.Range(1, 5).Select(i => new Fold(new IndexRange(0, i), new IndexRange(i, 1))),
            TimeSeriesSplit.Split(6, 5));
        Assert.Equal(
            [new Fold(new IndexRange(0, 4), new IndexRange(6, 2)), new Fold(new IndexRange(0, 6), new IndexRange(8, 2)), new Fold(new IndexRange(0, 8), new IndexRange(10, 2))],
            TimeSeriesSplit.Split(12, 3, gap: 2, testSize: 2));
        var capped = TimeSeriesSplit.Split(12, 3, testSize: 2, maxTrainSize: 3);
        Assert.Equal(new IndexRange(3, 3), capped[0].Train);
    }

    [Fact]
    public void Walk_forward_refits_every_k_samples_on_rolling_or_expanding_windows()
    {
        var rolling = WalkForward.Windows(100, trainWindow: 60, refitEvery: 21);
        Assert.Equal([60, 81], rolling.Select(f => f.Test.Start));
        Assert.Equal(new IndexRange(21, 60), rolling[1].Train);
        Assert.Equal(new IndexRange(81, 19), rolling[1].Test);
        var expanding = WalkForward.Windows(100, 60, 21, WindowMode.Expanding);
        Assert.Equal(new IndexRange(0, 81), expanding[1].Train);
    }

    [Fact]
    public void Impossible_requests_are_refused_with_the_numbers()
    {
        Assert.Contains("too few samples (5)", Assert.Throws<ArgumentException>(() => TimeSeriesSplit.Split(5, 5, gap: 1)).Message);
        Assert.Contains("leaves nothing", Assert.Throws<ArgumentException>(() => WalkForward.Windows(50, 50, 5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.ByFractions(10, 0.9, 0.2));
    }
}
