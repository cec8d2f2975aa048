using FsCheck;
using FsCheck.Fluent;
using VolNotebooks.Datasets;
using VolNotebooks.Features;

namespace VolNotebooks.Tests.Datasets;

/// <summary>FsCheck properties: the dataset code never lets a sample, a split or a scaler see the future.</summary>
public sealed class LookAheadProperties
{
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(200);

    private static FeatureFrame Frame(int rows, int seed)
    {
        var random = new Random(seed);
        var dates = new DateOnly[rows];
        var day = new DateOnly(2001, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            day = day.AddDays(1 + random.Next(3));
            dates[i] = day;
        }

        var frame = new FeatureFrame(dates);
        for (var f = 0; f < 3; f++)
        {
            var column = Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.05 ? double.NaN : random.NextDouble()).ToArray();
            frame.Add($"f{f}", column);
        }

        return frame;
    }

    [Fact]
    public void No_sample_input_reaches_its_target_date()
    {
        var cases =
            from rows in Gen.Choose(30, 200)
            from lookback in Gen.Choose(1, 25)
            from horizon in Gen.Choose(1, 22)
            from sameDay in Gen.Elements(true, false)
            from seed in Gen.Choose(0, 100_000)
            select (rows, lookback, horizon, sameDay, seed);

        Check.One(Checks, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var frame = Frame(c.rows, c.seed);
            var column = frame["f0"].ToArray();
            var (target, convention) = c.sameDay
                ? (Targets.SameDay("y", column), WindowConvention.BeforeTarget)
                : (Targets.ForwardRealizedVolatility(column, c.horizon), WindowConvention.EndAtAnchor);
            var data = SequenceDataset.Create(frame, frame.Names, target, c.lookback, convention);
            for (var i = 0; i < data.Count; i++)
            {
                var w = data.Windows[i];
                if (!(w.InputEndDate < w.TargetFirstDate && w.InputEnd < w.TargetFirst)) return false;
                if (w.InputEnd - w.InputStart + 1 != c.lookback) return false;
                if (i > 0 && data.Windows[i - 1].InputEnd >= w.InputEnd) return false;
            }

            return true;
        }));
    }

    [Fact]
    public void Splits_never_overlap_or_reorder()
    {
        var cases =
            from count in Gen.Choose(0, 5000)
            from train in Gen.Choose(1, 90)
            from validation in Gen.Choose(0, 9)
            from gap in Gen.Choose(0, 30)
            select (count, train: train / 100.0, validation: validation / 100.0, gap);

        Check.One(Checks, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var s = ChronologicalSplit.ByFractions(c.count, c.train, c.validation, c.gap);
            return s.Train.Start == 0
                && s.Train.End <= s.Validation.Start
                && s.Validation.End <= s.Test.Start
                && s.Test.End == c.count
                && s.Train.Length >= 0 && s.Validation.Length >= 0 && s.Test.Length >= 0
                && (s.Validation.Length == 0 || s.Validation.Start - s.Train.End == c.gap)
                && (s.Test.Length == 0 || s.Test.Start - (s.Validation.Length > 0 ? s.Validation.End : s.Train.End) >= c.gap);
        }));
    }

    [Fact]
    public void Time_series_and_walk_forward_folds_train_strictly_before_they_test()
    {
        var cases =
            from count in Gen.Choose(50, 3000)
            from splits in Gen.Choose(2, 8)
            from gap in Gen.Choose(0, 10)
            from window in Gen.Choose(10, 40)
            from every in Gen.Choose(1, 30)
            from expanding in Gen.Elements(true, false)
            select (count, splits, gap, window, every, expanding);

        Check.One(Checks, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            // Too few samples for the splits' test blocks, the gap and one training sample: refused, as scikit-learn does
            // (e.g. 51 samples, 6 splits of 7 and a gap of 10 leave none to train the first fold on).
            if (c.count - c.gap - (c.count / (c.splits + 1) * c.splits) <= 0)
            {
                var refused = Record.Exception(() => TimeSeriesSplit.Split(c.count, c.splits, c.gap));
                return refused is ArgumentException { ParamName: "count" };
            }

            var folds = TimeSeriesSplit.Split(c.count, c.splits, c.gap);
            var walk = WalkForward.Windows(c.count, c.window, c.every, c.expanding ? WindowMode.Expanding : WindowMode.Rolling, c.gap);
            var ok = folds.All(f => f.Train.Length > 0 && f.Train.End + c.gap == f.Test.Start)
                && folds.Zip(folds.Skip(1)).All(p => p.First.Test.End == p.Second.Test.Start)
                && walk.All(f => f.Train.End + c.gap == f.Test.Start && (c.expanding || f.Train.Length == c.window))
                && walk.Zip(walk.Skip(1)).All(p => p.First.Test.End == p.Second.Test.Start)
                && walk[^1].Test.End == c.count;
            return ok;
        }));
    }

    [Fact]
    public void Every_scaler_statistic_comes_from_training_rows_only()
    {
        var cases =
            from rows in Gen.Choose(60, 300)
            from lookback in Gen.Choose(1, 20)
            from trainPercent in Gen.Choose(20, 80)
            from seed in Gen.Choose(0, 100_000)
            from minMax in Gen.Elements(true, false)
            select (rows, lookback, trainPercent, seed, minMax);

        Check.One(Checks, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var frame = Frame(c.rows, c.seed);
            var target = Targets.ForwardRealizedVolatility(frame["f1"], 1);
            var data = SequenceDataset.Create(frame, frame.Names, target, c.lookback);
            if (data.Count < 5) return true;
            var split = ChronologicalSplit.ByFractions(data.Count, c.trainPercent / 100.0);
            var kind = c.minMax ? ScalerKind.MinMax : ScalerKind.Standard;
            var scaler = data.FitScaler(split.Train, kind);

            // Replace every row no training sample reads with garbage: the scaler must not move.
            var lastTrainingRow = data.Windows[split.Train.End - 1].InputEnd;
            var poisoned = new FeatureFrame(frame.Dates);
            foreach (var name in frame.Names)
                poisoned.Add(name, frame[name].ToArray().Select((v, t) => t > lastTrainingRow ? 1e6 * (t + 1) : v).ToArray());
            var again = SequenceDataset.Create(poisoned, poisoned.Names, target, c.lookback).FitScaler(split.Train, kind);
            return scaler.Offset.SequenceEqual(again.Offset) && scaler.Scale.SequenceEqual(again.Scale);
        }));
    }
}
