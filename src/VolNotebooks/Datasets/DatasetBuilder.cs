using VolNotebooks.Data;
using VolNotebooks.Features;

namespace VolNotebooks.Datasets;

/// <summary>Turns a dataset spec into prepared data: the recipe's features, the target, sequences, a chronological split,
/// the correlation filter and the scaler fitted on training rows only, and the targets' training scale.</summary>
public static class DatasetBuilder
{
    /// <summary>The fewest samples a spec must leave: enough for every part of the split to hold some.</summary>
    public const int MinimumSamples = 30;

    /// <summary>Builds the data <paramref name="spec"/> describes.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="spec">The dataset spec.</param>
    /// <exception cref="ArgumentException">The spec is invalid or leaves too few samples; the message names the field.</exception>
    /// <exception cref="KeyNotFoundException">The recipe or symbol is unknown; the message lists the known ones.</exception>
    public static PreparedData Build(MarketData data, DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var recipe = FeatureRecipes.Get(spec.Features);
        var built = recipe.For(data, spec.Symbol);
        var bars = built.Bars;
        var percentReturns = Returns.Log(bars).Select(v => 100 * v).ToArray();
        var (target, reference) = BuildTarget(data, spec.Target, built, percentReturns);
        if (spec.Window == WindowConvention.BeforeTarget)
        {
            // Re-index each target by its own first day: the value forecast from inputs ending at row t moves to row t+1,
            // so inputs [t-L .. t-1] predict the target of row t (the same samples, indexed by the target day).
            var byTargetDay = Rolling.NaNs(target.Values.Length);
            target.Values.AsSpan(0, target.Values.Length - 1).CopyTo(byTargetDay.AsSpan(1));
            target = target with { Values = byTargetDay, FirstOffset = target.FirstOffset - 1, LastOffset = target.LastOffset - 1 };
        }


        var frame = built.Frame;
        var rows = Enumerable.Range(0, frame.RowCount)
            .Where(t => (spec.From is not DateOnly from || frame.Dates[t] >= from) && (spec.To is not DateOnly to || frame.Dates[t] <= to)).ToList();
        if (rows.Count < frame.RowCount)
        {
            frame = frame.Rows(rows);
            target = target with { Values = [.. rows.Select(t => target.Values[t])] };
            reference = [.. rows.Select(t => reference[t])];
            percentReturns = [.. rows.Select(t => percentReturns[t])];
        }

        var all = SequenceDataset.Create(frame, built.Columns, target, spec.Lookback, spec.Window);
        RequireEnoughSamples(spec, all.Count, frame.RowCount, bars);
        // The split is fixed in time on the samples all candidates allow; feature selection then sees only rows of the
        // training period, and the final split reuses the same dates (so no selected row lies beyond them).
        var horizon = spec.Target.Horizon;
        var cut = ChronologicalSplit.ByFractions(all.Count, spec.Split.Train, spec.Split.Validation, gap: horizon - 1);
        var trainEnd = all.Windows[cut.Train.End - 1].TargetLastDate;
        var validationEnd = all.Windows[cut.Validation.End - 1].TargetLastDate;
        CorrelationSelection? selection = null;
        var columns = built.Columns;
        if (spec.CorrelationThreshold is double threshold)
        {
            var trainingRows = all.Windows[0].InputStart..(all.Windows[cut.Train.End - 1].InputEnd + 1);
            selection = CorrelationFilter.Select(frame, built.Columns, trainingRows, threshold);
            columns = selection.Kept;
        }

        var dataset = columns.SequenceEqual(built.Columns) ? all : SequenceDataset.Create(frame, columns, target, spec.Lookback, spec.Window);
        var split = dataset.SplitByDates(trainEnd, validationEnd);
        var scaler = dataset.FitScaler(split.Train, spec.Scaler);
        var scaled = dataset.Scale(scaler);
        var testReference = dataset.Subset(split.Test).Windows.Select(w => reference[w.InputEnd]).ToArray();
        var targetScale = TargetScale.Fit(dataset.Targets.AsSpan(split.Train.Start, split.Train.Length));
        SequenceData Part(IndexRange part) => SequenceData.From(scaled.Subset(part)).DivideTargets(targetScale);
        var forwardReturns = spec.Target.Kind == TargetKind.RealizedVolatility
            ? dataset.Windows.Select(w => Enumerable.Range(w.TargetFirst, w.TargetLast - w.TargetFirst + 1).Sum(t => percentReturns[t])).ToArray()
            : null;
        return new PreparedData(
            spec, bars.Symbol, dataset, split, scaler, Part(split.Train), Part(split.Validation), Part(split.Test),
            testReference, selection, targetScale, forwardReturns)
        {
            DailyPercentReturns = percentReturns,
        };
    }

    /// <summary>The target on the recipe's calendar and, per row, the value a forecast's direction is judged against.</summary>
    private static (Target Target, double[] Reference) BuildTarget(MarketData data, TargetSpec spec, RecipeFrame built, double[] percentReturns)
    {
        var h = spec.Horizon;
        switch (spec.Kind)
        {
            case TargetKind.Return:
                return (Targets.Ahead($"return_fwd_{h}_pct", percentReturns, h), new double[percentReturns.Length]);
            case TargetKind.Vix:
            {
                var vix = built.Panel.Symbols.Contains("VIX")
                    ? built.Panel["VIX"]
                    : MarketPanel.Align([built.Bars, data.Load("VIX")], MissingDayPolicy.ForwardFill)["VIX"];
                var close = vix.Close.ToArray();
                if (close.Length != built.Frame.RowCount)
                    throw new ArgumentException($"spec.data.target: VIX does not cover {built.Bars.Symbol}'s calendar ({vix} vs {built.Bars})");
                return (Targets.Ahead($"vix_fwd_{h}", close, h), close);
            }

            default:
                return (Targets.ForwardRealizedVolatility(percentReturns, h) with { Name = $"rv_fwd_{h}_pct" }, Rolling.RootMeanSquare(percentReturns, h));
        }
    }

    private static void RequireEnoughSamples(DatasetSpec spec, int samples, int rows, BarSeries bars)
    {
        if (samples >= MinimumSamples) return;
        var field = spec.From is not null || spec.To is not null ? "spec.data.from/to" : "spec.data.lookback";
        throw new ArgumentException(
            $"{field}: {spec} leaves {samples} complete samples from {rows} rows of {bars.Symbol} (data {bars.Dates[0]:yyyy-MM-dd} .. {bars.Dates[^1]:yyyy-MM-dd}); " +
            $"lookback {spec.Lookback} + horizon {spec.Target.Horizon} + feature warm-up need at least {spec.Lookback + spec.Target.Horizon + MinimumSamples - 1} rows with complete features for {MinimumSamples} samples");
    }
}
