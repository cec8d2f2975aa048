namespace VolNotebooks.Features;

/// <summary>A feature left out by <see cref="CorrelationFilter"/>, with the kept feature that made it redundant.</summary>
/// <param name="Feature">The dropped feature.</param>
/// <param name="CorrelatedWith">The already kept feature it correlates with most.</param>
/// <param name="Correlation">Their Pearson correlation on the training rows.</param>
public sealed record DroppedFeature(string Feature, string CorrelatedWith, double Correlation);

/// <summary>The outcome of correlation filtering: the kept features in order, and why each other one was dropped.</summary>
/// <param name="Kept">Features kept, in candidate order.</param>
/// <param name="Dropped">Features dropped, with their reason.</param>
/// <param name="Threshold">The absolute-correlation threshold used.</param>
public sealed record CorrelationSelection(IReadOnlyList<string> Kept, IReadOnlyList<DroppedFeature> Dropped, double Threshold);

/// <summary>Greedy removal of redundant features, computed on training rows only.</summary>
/// <remarks>
/// Candidates are visited in order; one is kept unless its absolute Pearson correlation with an already kept feature
/// exceeds the threshold. Put the features you want to survive first (the volatility set lists the research's
/// lags first). Correlations use only the given training rows on which both columns are finite, so validation and
/// test rows cannot influence the selection. A constant column is dropped (its correlation is undefined).
/// </remarks>
public static class CorrelationFilter
{
    /// <summary>Selects features whose pairwise absolute correlation with every kept one is at most <paramref name="threshold"/>.</summary>
    /// <param name="frame">The features.</param>
    /// <param name="candidates">Columns to consider, in priority order.</param>
    /// <param name="trainingRows">The rows (e.g. <c>0..trainEnd</c>) the correlations are computed on.</param>
    /// <param name="threshold">Largest tolerated absolute correlation, in (0, 1]; the research uses 0.95.</param>
    public static CorrelationSelection Select(FeatureFrame frame, IReadOnlyList<string> candidates, Range trainingRows, double threshold = 0.95)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(threshold, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1.0);
        var (start, length) = trainingRows.GetOffsetAndLength(frame.RowCount);
        var kept = new List<string>();
        var dropped = new List<DroppedFeature>();
        foreach (var candidate in candidates)
        {
            var column = frame.Column(candidate).Slice(start, length);
            if (!HasVariance(column))
            {
                dropped.Add(new DroppedFeature(candidate, candidate, double.NaN));
                continue;
            }

            DroppedFeature? worst = null;
            foreach (var other in kept)
            {
                var r = Pearson(column, frame.Column(other).Slice(start, length));
                if (Math.Abs(r) > threshold && (worst is null || Math.Abs(r) > Math.Abs(worst.Correlation)))
                    worst = new DroppedFeature(candidate, other, r);
            }

            if (worst is null) kept.Add(candidate);
            else dropped.Add(worst);
        }

        return new CorrelationSelection(kept, dropped, threshold);
    }

    /// <summary>Pearson correlation over the rows where both columns are finite; NaN with fewer than two such rows.</summary>
    /// <param name="x">First column.</param>
    /// <param name="y">Second column, same length.</param>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"columns differ in length: {x.Length} and {y.Length}", nameof(y));
        double n = 0, meanX = 0, meanY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            n++;
            meanX += x[i];
            meanY += y[i];
        }

        if (n < 2) return double.NaN;
        meanX /= n;
        meanY /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    private static bool HasVariance(ReadOnlySpan<double> column)
    {
        var first = double.NaN;
        foreach (var v in column)
        {
            if (!double.IsFinite(v)) continue;
            if (double.IsNaN(first)) first = v;
            else if (v != first) return true;
        }

        return false;
    }
}
