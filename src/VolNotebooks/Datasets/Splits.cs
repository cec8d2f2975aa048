namespace VolNotebooks.Datasets;

/// <summary>A contiguous run of sample (or row) positions <c>[Start, Start + Length)</c>.</summary>
/// <param name="Start">First position.</param>
/// <param name="Length">Number of positions.</param>
public readonly record struct IndexRange(int Start, int Length)
{
    /// <summary>One past the last position.</summary>
    public int End => Start + Length;

    /// <summary>The positions as a <see cref="System.Range"/>.</summary>
    public Range ToRange() => Start..End;

    /// <summary>Whether <paramref name="position"/> lies inside.</summary>
    /// <param name="position">A position.</param>
    public bool Contains(int position) => position >= Start && position < End;

    /// <inheritdoc />
    public override string ToString() => $"[{Start}, {End})";
}

/// <summary>A training part and the evaluation part that follows it in time.</summary>
/// <param name="Train">Positions to fit on.</param>
/// <param name="Test">Positions to evaluate on; all after <paramref name="Train"/>.</param>
public sealed record Fold(IndexRange Train, IndexRange Test);

/// <summary>A chronological train / validation / test split; the parts never overlap and keep time order.</summary>
/// <param name="Train">The earliest part.</param>
/// <param name="Validation">The middle part (may be empty).</param>
/// <param name="Test">The latest part.</param>
public sealed record ChronologicalSplit(IndexRange Train, IndexRange Validation, IndexRange Test)
{
    /// <summary>Splits <paramref name="count"/> positions by fractions, as <c>int(n * fraction)</c> cut points (the research's 70/10/20 and 80/20).</summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="train">Fraction for training, in (0, 1).</param>
    /// <param name="validation">Fraction for validation, in [0, 1); the rest is test.</param>
    /// <param name="gap">Positions left out before validation and before test, so that targets spanning several days
    /// cannot straddle two parts (use the target horizon minus one).</param>
    public static ChronologicalSplit ByFractions(int count, double train, double validation = 0, int gap = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        if (!(train > 0 && validation >= 0 && train + validation < 1.0 + 1e-12))
            throw new ArgumentOutOfRangeException(nameof(train), $"fractions must satisfy train > 0, validation >= 0, train + validation <= 1; got {train} and {validation}");
        var cut1 = (int)(count * train);
        var cut2 = (int)(count * (train + validation));
        return FromCuts(count, cut1, cut2, gap);
    }

    /// <summary>Splits by dates: training samples end on or before <paramref name="trainEnd"/>, validation samples on or before <paramref name="validationEnd"/>.</summary>
    /// <param name="firstDates">Per sample, the first day its target uses.</param>
    /// <param name="lastDates">Per sample, the last day its target uses.</param>
    /// <param name="trainEnd">Last day a training target may use.</param>
    /// <param name="validationEnd">Last day a validation target may use; <see langword="null"/> for no validation part.</param>
    /// <remarks>A sample whose target starts in one part and ends in the next is dropped (purged), so no training target
    /// ever uses a day that belongs to validation or test.</remarks>
    public static ChronologicalSplit ByDates(ReadOnlySpan<DateOnly> firstDates, ReadOnlySpan<DateOnly> lastDates, DateOnly trainEnd, DateOnly? validationEnd = null)
    {
        if (firstDates.Length != lastDates.Length) throw new ArgumentException("first and last dates differ in length", nameof(lastDates));
        var validationLast = validationEnd ?? trainEnd;
        if (validationLast < trainEnd) throw new ArgumentOutOfRangeException(nameof(validationEnd), "validation must end after training");
        var n = firstDates.Length;
        var trainCount = 0;
        while (trainCount < n && lastDates[trainCount] <= trainEnd) trainCount++;
        var validationStart = trainCount;
        while (validationStart < n && firstDates[validationStart] <= trainEnd) validationStart++;
        var validationStop = validationStart;
        while (validationStop < n && lastDates[validationStop] <= validationLast) validationStop++;
        var testStart = validationStop;
        while (testStart < n && firstDates[testStart] <= validationLast) testStart++;
        return new ChronologicalSplit(
            new IndexRange(0, trainCount), new IndexRange(validationStart, validationStop - validationStart), new IndexRange(testStart, n - testStart));
    }

    private static ChronologicalSplit FromCuts(int count, int cut1, int cut2, int gap)
    {
        var validationStart = Math.Min(cut1 + gap, count);
        var validationEnd = Math.Max(validationStart, cut2);
        var testStart = cut2 > cut1 ? Math.Min(validationEnd + gap, count) : validationStart;
        return new ChronologicalSplit(
            new IndexRange(0, cut1),
            new IndexRange(validationStart, validationEnd - validationStart),
            new IndexRange(testStart, count - testStart));
    }

    /// <inheritdoc />
    public override string ToString() => $"train {Train}, validation {Validation}, test {Test}";
}

/// <summary>scikit-learn's <c>TimeSeriesSplit</c>: expanding training windows, each followed by an equal-sized test block.</summary>
public static class TimeSeriesSplit
{
    /// <summary>The folds of <c>TimeSeriesSplit(n_splits, gap=gap, test_size=testSize, max_train_size=maxTrainSize)</c>.</summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="splits">Number of folds, at least 2.</param>
    /// <param name="gap">Samples left out between each training window and its test block.</param>
    /// <param name="testSize">Samples per test block; default <c>count / (splits + 1)</c>.</param>
    /// <param name="maxTrainSize">Longest training window (rolling when reached); default unlimited.</param>
    /// <remarks>Fold <c>i</c> (0-based) tests on <c>[count - (splits - i) testSize, + testSize)</c> and trains on every
    /// sample before that test block minus the gap - the same positions scikit-learn yields.</remarks>
    public static IReadOnlyList<Fold> Split(int count, int splits, int gap = 0, int? testSize = null, int? maxTrainSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        if (testSize is int requested) ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1, nameof(testSize));
        var size = testSize ?? (count / (splits + 1));
        if (size < 1 || count - gap - (size * splits) <= 0)
            throw new ArgumentException($"too few samples ({count}) for {splits} splits of {size} test samples with gap {gap}", nameof(count));
        var folds = new List<Fold>(splits);
        for (var i = 0; i < splits; i++)
        {
            var testStart = count - ((splits - i) * size);
            var trainEnd = testStart - gap;
            var trainStart = maxTrainSize is int max && trainEnd > max ? trainEnd - max : 0;
            folds.Add(new Fold(new IndexRange(trainStart, trainEnd - trainStart), new IndexRange(testStart, size)));
        }

        return folds;
    }
}

/// <summary>How a walk-forward training window moves.</summary>
public enum WindowMode
{
    /// <summary>A fixed-length window that slides forward at each refit.</summary>
    Rolling,

    /// <summary>A window anchored at the first sample that grows at each refit.</summary>
    Expanding,
}

/// <summary>Walk-forward refits: train on a window, forecast the next <c>refitEvery</c> samples, move on, repeat.</summary>
public static class WalkForward
{
    /// <summary>The refit schedule over <paramref name="count"/> samples.</summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="trainWindow">Training samples at the first refit (and always, when rolling).</param>
    /// <param name="refitEvery">Samples forecast by each fitted model (e.g. 21 trading days, monthly).</param>
    /// <param name="mode">Rolling or expanding.</param>
    /// <param name="gap">Samples left out between each training window and its forecasts (target horizon minus one).</param>
    /// <returns>Folds whose test blocks tile <c>[trainWindow + gap, count)</c> in order, without overlap.</returns>
    public static IReadOnlyList<Fold> Windows(int count, int trainWindow, int refitEvery, WindowMode mode = WindowMode.Rolling, int gap = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(refitEvery, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        if (trainWindow + gap >= count)
            throw new ArgumentException($"a training window of {trainWindow} (+ gap {gap}) leaves nothing to forecast in {count} samples", nameof(trainWindow));
        var folds = new List<Fold>();
        for (var testStart = trainWindow + gap; testStart < count; testStart += refitEvery)
        {
            var trainEnd = testStart - gap;
            var trainStart = mode == WindowMode.Rolling ? trainEnd - trainWindow : 0;
            folds.Add(new Fold(new IndexRange(trainStart, trainEnd - trainStart), new IndexRange(testStart, Math.Min(refitEvery, count - testStart))));
        }

        return folds;
    }
}
