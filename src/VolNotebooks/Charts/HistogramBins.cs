namespace VolNotebooks.Charts;

/// <summary>Equal-width histogram bins, shared by the chart (written as plotly.js <c>xbins</c>) and the static image.</summary>
internal static class HistogramBins
{
    /// <summary>The first edge and the width of <paramref name="bins"/> equal bins from the sample's minimum to its maximum.</summary>
    public static (double Start, double Width) Edges(IReadOnlyCollection<double> finite, int bins)
    {
        if (finite.Count == 0) return (0, 1);
        var (min, max) = (finite.Min(), finite.Max());
        return (min, max > min ? (max - min) / bins : 1);
    }

    /// <summary>Bar heights over the bins starting at <paramref name="start"/>: counts, or a density (area 1).</summary>
    public static double[] Heights(IReadOnlyCollection<double> finite, double start, double width, int bins, bool density)
    {
        var heights = new double[bins];
        foreach (var v in finite)
        {
            var i = (int)Math.Floor((v - start) / width);
            if (i >= 0 && i <= bins) heights[Math.Min(bins - 1, i)]++;
        }

        if (density && finite.Count > 0)
        {
            for (var i = 0; i < bins; i++) heights[i] /= finite.Count * width;
        }

        return heights;
    }
}
