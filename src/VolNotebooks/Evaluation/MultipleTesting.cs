namespace VolNotebooks.Evaluation;

/// <summary>Corrections of p-values for testing several hypotheses at once.</summary>
public static class MultipleTesting
{
    /// <summary>Holm's (1979) step-down adjusted p-values, as R's <c>p.adjust(p, method = "holm")</c>: with the p-values
    /// sorted ascending, <c>p~_(i) = min(1, max_{j &lt;= i} (m - j + 1) p_(j))</c>, returned in the input order.</summary>
    /// <param name="pValues">Unadjusted p-values in [0, 1].</param>
    /// <remarks>Rejecting where the adjusted p-value is below alpha controls the family-wise error rate at alpha under
    /// any dependence between the tests (the pairwise Diebold-Mariano tests share data).</remarks>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) throw new ArgumentOutOfRangeException(nameof(pValues), pValues[i], $"p-value {i} is not in [0, 1]");
            order[i] = i;
        }

        var sorted = pValues.ToArray();
        Array.Sort(sorted, order);
        var adjusted = new double[m];
        var runningMax = 0.0;
        for (var j = 0; j < m; j++)
        {
            runningMax = Math.Max(runningMax, (m - j) * sorted[j]);
            adjusted[order[j]] = Math.Min(1, runningMax);
        }

        return adjusted;
    }
}
