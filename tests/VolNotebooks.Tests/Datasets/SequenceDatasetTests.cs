using VolNotebooks.Datasets;
using VolNotebooks.Features;

namespace VolNotebooks.Tests.Datasets;

public sealed class SequenceDatasetTests
{
    private static FeatureFrame Frame(int n)
    {
        var dates = Enumerable.Range(0, n).Select(i => new DateOnly(2020, 1, 1).AddDays(i)).ToArray();
        return new FeatureFrame(dates)
            .Add("a", Enumerable.Range(0, n).Select(i => (double)i).ToArray())
            .Add("b", Enumerable.Range(0, n).Select(i => 100.0 + i).ToArray());
    }

    [Fact]
    public void End_at_anchor_windows_hold_rows_t_minus_L_plus_1_to_t_and_the_forward_target()
    {
        var frame = Frame(10);
        var target = Targets.Ahead("y", frame["a"], 2);
        var data = SequenceDataset.Create(frame, ["a", "b"], target, lookback: 3);
        // Anchors t = 2..7 (t+2 <= 9).
        Assert.Equal(6, data.Count);
        Assert.Equal([0.0, 100, 1, 101, 2, 102], data.Inputs[..6]);
        Assert.Equal(4.0, data.Targets[0]);
        var w = data.Windows[0];
        Assert.Equal((0, 2, 4, 4), (w.InputStart, w.InputEnd, w.TargetFirst, w.TargetLast));
        Assert.Equal(new DateOnly(2020, 1, 5), w.TargetFirstDate);
    }

    [Fact]
    public void Before_target_windows_reproduce_the_ablation_studys_create_sequences()
    {
        // research 003: for i in range(len - L): X = feats[i:i+L]; y = target[i+L]  (an independent loop here).
        var frame = Frame(12);
        const int lookback = 4;
        var data = SequenceDataset.Create(frame, ["a", "b"], Targets.SameDay("a", frame["a"]), lookback, WindowConvention.BeforeTarget);
        var a = frame["a"].ToArray();
        var b = frame["b"].ToArray();
        Assert.Equal(12 - lookback, data.Count);
        for (var i = 0; i < 12 - lookback; i++)
        {
            var expected = Enumerable.Range(i, lookback).SelectMany(t => new[] { a[t], b[t] }).ToArray();
            Assert.Equal(expected, data.Inputs.AsSpan(i * lookback * 2, lookback * 2).ToArray());
            Assert.Equal(a[i + lookback], data.Targets[i]);
        }
    }

    [Fact]
    public void A_target_that_overlaps_the_inputs_is_refused()
    {
        var frame = Frame(10);
        var e = Assert.Throws<ArgumentException>(() => SequenceDataset.Create(frame, ["a"], Targets.SameDay("a", frame["a"]), 3));
        Assert.Contains("see its own target", e.Message);
        var rolling = new Target("rv_5", frame["a"].ToArray(), -4, 0);
        Assert.Throws<ArgumentException>(() => SequenceDataset.Create(frame, ["a"], rolling, 3, WindowConvention.BeforeTarget));
    }

    [Fact]
    public void Samples_with_missing_values_are_left_out()
    {
        var dates = Enumerable.Range(0, 8).Select(i => new DateOnly(2020, 1, 1).AddDays(i)).ToArray();
        var frame = new FeatureFrame(dates).Add("a", [1, 2, double.NaN, 4, 5, 6, 7, 8]);
        var data = SequenceDataset.Create(frame, ["a"], Targets.Ahead("y", frame["a"], 1), 2);
        // Anchors 1..6; those whose window [t-1, t] contains row 2, or whose target is row 2, drop out.
        Assert.Equal([4, 5, 6], data.Windows.Select(w => w.InputEnd));
    }

    [Fact]
    public void Fit_scaler_uses_each_training_row_once_and_scale_applies_it()
    {
        var frame = Frame(10);
        var data = SequenceDataset.Create(frame, ["a", "b"], Targets.Ahead("y", frame["a"], 1), 3);
        var split = ChronologicalSplit.ByFractions(data.Count, 0.5);
        var scaler = data.FitScaler(split.Train);
        // Training samples: anchors 2..4, i.e. rows 0..4 -> mean 2, population std sqrt(2).
        Assert.Equal(5, scaler.FittedRows);
        Assert.Equal([2.0, 102], scaler.Offset);
        Assert.Equal(Math.Sqrt(2), scaler.Scale[0], 15);
        var scaled = data.Scale(scaler);
        Assert.Equal(-2 / Math.Sqrt(2), scaled.Inputs[0], 15);
        Assert.Equal(data.Targets, scaled.Targets);
    }

    [Fact]
    public void Split_by_dates_purges_targets_that_straddle_the_cut()
    {
        var frame = Frame(40);
        var data = SequenceDataset.Create(frame, ["a"], Targets.ForwardRealizedVolatility(frame["a"], 5), 3);
        var split = data.SplitByDates(new DateOnly(2020, 1, 20), new DateOnly(2020, 1, 30));
        Assert.All(Enumerable.Range(split.Train.Start, split.Train.Length), i => Assert.True(data.Windows[i].TargetLastDate <= new DateOnly(2020, 1, 20)));
        Assert.All(Enumerable.Range(split.Validation.Start, split.Validation.Length), i => Assert.True(data.Windows[i].TargetFirstDate > new DateOnly(2020, 1, 20)));
        Assert.True(split.Validation.Start - split.Train.End == 4);
        Assert.True(split.Test.Start > split.Validation.End);
    }
    [Fact]
    public void Walk_forward_refits_a_scaler_per_window_from_that_windows_rows()
    {
        var frame = Frame(120);
        var data = SequenceDataset.Create(frame, ["a", "b"], Targets.Ahead("y", frame["a"], 1), 5);
        var folds = WalkForward.Windows(data.Count, trainWindow: 40, refitEvery: 21);
        foreach (var fold in folds)
        {
            var scaler = data.FitScaler(fold.Train);
            // Column a equals the row number, so the training rows are exactly InputStart(first)..InputEnd(last).
            var first = data.Windows[fold.Train.Start].InputStart;
            var last = data.Windows[fold.Train.End - 1].InputEnd;
            Assert.Equal((first + last) / 2.0, scaler.Offset[0], 12);
            Assert.True(last < data.Windows[fold.Test.Start].TargetFirst);
        }

        Assert.NotEqual(data.FitScaler(folds[0].Train).Offset[0], data.FitScaler(folds[^1].Train).Offset[0]);
    }
}
