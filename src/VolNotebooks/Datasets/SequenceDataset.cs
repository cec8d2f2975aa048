using VolNotebooks.Features;

namespace VolNotebooks.Datasets;

/// <summary>Where a sequence sample's inputs end relative to its target.</summary>
public enum WindowConvention
{
    /// <summary>Inputs are rows <c>[t-L+1 .. t]</c> and the target is a forward target anchored at <c>t</c> (it uses rows after <c>t</c> only).</summary>
    EndAtAnchor,

    /// <summary>Inputs are rows <c>[t-L .. t-1]</c> and predict the target of row <c>t</c> - the ablation study's convention.</summary>
    BeforeTarget,
}

/// <summary>The rows and dates one sample is made of.</summary>
/// <param name="InputStart">First input row.</param>
/// <param name="InputEnd">Last input row.</param>
/// <param name="TargetFirst">First row the target value uses.</param>
/// <param name="TargetLast">Last row the target value uses.</param>
/// <param name="InputStartDate">Date of the first input row.</param>
/// <param name="InputEndDate">Date of the last input row: the day the forecast is made.</param>
/// <param name="TargetFirstDate">First day the target uses; always after <paramref name="InputEndDate"/>.</param>
/// <param name="TargetLastDate">Last day the target uses.</param>
public readonly record struct SampleWindow(
    int InputStart, int InputEnd, int TargetFirst, int TargetLast,
    DateOnly InputStartDate, DateOnly InputEndDate, DateOnly TargetFirstDate, DateOnly TargetLastDate);

/// <summary>Fixed-length input sequences with one target each, built without look-ahead.</summary>
/// <remarks>
/// <see cref="Inputs"/> is row-major <c>[N, L, F]</c> (N = samples, L = lookback, F = features) and
/// <see cref="Targets"/> is <c>[N]</c>. Every sample keeps its rows and dates (<see cref="Windows"/>), and the builder
/// guarantees that a sample's inputs end before its target begins. Samples whose inputs or target contain a
/// non-finite value (rolling warm-up, end of data) are left out.
/// </remarks>
public sealed class SequenceDataset
{
    private readonly SampleWindow[] _windows;

    private SequenceDataset(
        IReadOnlyList<string> featureNames, string targetName, int lookback,
        double[] inputs, double[] targets, SampleWindow[] windows)
    {
        FeatureNames = featureNames;
        TargetName = targetName;
        Lookback = lookback;
        Inputs = inputs;
        Targets = targets;
        _windows = windows;
    }

    /// <summary>Input feature names, in the order of the last axis.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The target's name.</summary>
    public string TargetName { get; }

    /// <summary>L, the number of time steps per sample.</summary>
    public int Lookback { get; }

    /// <summary>N, the number of samples.</summary>
    public int Count => Targets.Length;

    /// <summary>F, the number of features.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>Inputs, row-major <c>[N, L, F]</c>.</summary>
    public double[] Inputs { get; }

    /// <summary>Targets <c>[N]</c>.</summary>
    public double[] Targets { get; }

    /// <summary>Per sample: its input and target rows and dates.</summary>
    public IReadOnlyList<SampleWindow> Windows => _windows;

    /// <summary>Per sample, the day its forecast is made (the last input day).</summary>
    public DateOnly[] ForecastDates => Windows.Select(w => w.InputEndDate).ToArray();

    /// <summary>Builds sequences from a frame's columns and a target.</summary>
    /// <param name="frame">Features aligned with the target.</param>
    /// <param name="features">Columns to use as inputs, in order.</param>
    /// <param name="target">The target, aligned with <paramref name="frame"/>'s rows.</param>
    /// <param name="lookback">L, time steps per sample (60 in the blueprint, 20 in the ablation study).</param>
    /// <param name="convention">Where inputs end relative to the target.</param>
    /// <exception cref="ArgumentException">The target would overlap the inputs (look-ahead), or sizes disagree.</exception>
    public static SequenceDataset Create(
        FeatureFrame frame, IReadOnlyList<string> features, Target target, int lookback,
        WindowConvention convention = WindowConvention.EndAtAnchor)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, 1);
        if (features.Count == 0) throw new ArgumentException("need at least one feature", nameof(features));
        if (target.Values.Length != frame.RowCount)
            throw new ArgumentException($"target '{target.Name}' has {target.Values.Length} values but the frame has {frame.RowCount} rows", nameof(target));

        // Inputs end at the anchor (EndAtAnchor) or the row before it (BeforeTarget).
        var inputEndOffset = convention == WindowConvention.EndAtAnchor ? 0 : -1;
        if (target.FirstOffset <= inputEndOffset)
            throw new ArgumentException(
                $"target '{target.Name}' uses rows from t{Offset(target.FirstOffset)} but {convention} inputs end at t{Offset(inputEndOffset)}: " +
                "that would let a sample see its own target" +
                (convention == WindowConvention.EndAtAnchor ? "; use a forward target or WindowConvention.BeforeTarget" : ""),
                nameof(target));

        var columns = features.Select(f => frame.Column(f).ToArray()).ToArray();
        var width = columns.Length;
        var dates = frame.Dates;
        var inputs = new List<double>();
        var targets = new List<double>();
        var windows = new List<SampleWindow>();
        var row = new double[width];
        for (var anchor = 0; anchor < frame.RowCount; anchor++)
        {
            var inputEnd = anchor + inputEndOffset;
            var inputStart = inputEnd - lookback + 1;
            int targetFirst = anchor + target.FirstOffset, targetLast = anchor + target.LastOffset;
            if (inputStart < 0 || targetFirst < 0 || targetLast >= frame.RowCount) continue;
            var y = target.Values[anchor];
            if (!double.IsFinite(y) || !AllFinite(columns, inputStart, inputEnd)) continue;
            for (var t = inputStart; t <= inputEnd; t++)
            {
                for (var j = 0; j < width; j++) row[j] = columns[j][t];
                inputs.AddRange(row);
            }

            targets.Add(y);
            windows.Add(new SampleWindow(
                inputStart, inputEnd, targetFirst, targetLast,
                dates[inputStart], dates[inputEnd], dates[targetFirst], dates[targetLast]));
        }

        return new SequenceDataset([.. features], target.Name, lookback, [.. inputs], [.. targets], [.. windows]);
    }

    /// <summary>The samples at positions <paramref name="range"/>, e.g. one part of a split.</summary>
    /// <param name="range">Sample positions.</param>
    public SequenceDataset Subset(IndexRange range)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(range.End, Count, nameof(range));
        var stride = Lookback * FeatureCount;
        return new SequenceDataset(
            FeatureNames, TargetName, Lookback,
            Inputs[(range.Start * stride)..(range.End * stride)], Targets[range.ToRange()],
            _windows[range.ToRange()]);
    }

    /// <summary>Splits by dates: see <see cref="ChronologicalSplit.ByDates"/> (a target never straddles two parts).</summary>
    /// <param name="trainEnd">Last day a training target may use.</param>
    /// <param name="validationEnd">Last day a validation target may use, or <see langword="null"/>.</param>
    public ChronologicalSplit SplitByDates(DateOnly trainEnd, DateOnly? validationEnd = null) =>
        ChronologicalSplit.ByDates(
            Windows.Select(w => w.TargetFirstDate).ToArray(), Windows.Select(w => w.TargetLastDate).ToArray(), trainEnd, validationEnd);

    /// <summary>Fits a scaler on the distinct input rows of the training samples only.</summary>
    /// <param name="training">The training samples.</param>
    /// <param name="kind">Standard or min-max.</param>
    /// <remarks>Each frame row enters the statistics once, however many windows contain it; rows that only
    /// validation or test samples contain are never read.</remarks>
    public ColumnScaler FitScaler(IndexRange training, ScalerKind kind = ScalerKind.Standard)
    {
        if (training.Length == 0) throw new ArgumentException("cannot fit a scaler on zero training samples", nameof(training));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(training.End, Count, nameof(training));
        var seen = new HashSet<int>();
        var rows = new List<double>();
        for (var i = training.Start; i < training.End; i++)
        {
            var w = Windows[i];
            for (var t = w.InputStart; t <= w.InputEnd; t++)
            {
                if (!seen.Add(t)) continue;
                var offset = ((i * Lookback) + (t - w.InputStart)) * FeatureCount;
                rows.AddRange(Inputs.AsSpan(offset, FeatureCount));
            }
        }

        return ColumnScaler.Fit(kind, FeatureNames, rows.ToArray());
    }

    /// <summary>A copy with every input scaled by <paramref name="scaler"/>; targets are left as they are.</summary>
    /// <param name="scaler">A scaler fitted on training rows, with this dataset's feature columns.</param>
    public SequenceDataset Scale(ColumnScaler scaler)
    {
        ArgumentNullException.ThrowIfNull(scaler);
        if (!scaler.Columns.SequenceEqual(FeatureNames))
            throw new ArgumentException($"scaler columns ({string.Join(", ", scaler.Columns)}) differ from the dataset's ({string.Join(", ", FeatureNames)})", nameof(scaler));
        var scaled = (double[])Inputs.Clone();
        scaler.Transform(scaled);
        return new SequenceDataset(FeatureNames, TargetName, Lookback, scaled, Targets, _windows);
    }

    /// <summary>The inputs as float32, row-major <c>[N, L, F]</c>, for the neural engine.</summary>
    public float[] InputsAsSingle() => Array.ConvertAll(Inputs, v => (float)v);

    /// <summary>The targets as float32 <c>[N]</c>.</summary>
    public float[] TargetsAsSingle() => Array.ConvertAll(Targets, v => (float)v);

    /// <inheritdoc />
    public override string ToString() => Count == 0
        ? $"SequenceDataset(0 samples, L={Lookback}, F={FeatureCount})"
        : $"SequenceDataset({Count} samples, L={Lookback}, F={FeatureCount}, forecasts {Windows[0].InputEndDate:yyyy-MM-dd}..{Windows[^1].InputEndDate:yyyy-MM-dd}, target {TargetName})";

    private static bool AllFinite(double[][] columns, int from, int to)
    {
        foreach (var column in columns)
        {
            for (var t = from; t <= to; t++)
            {
                if (!double.IsFinite(column[t])) return false;
            }
        }

        return true;
    }

    private static string Offset(int offset) => offset switch { 0 => "", > 0 => $"+{offset}", _ => offset.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
