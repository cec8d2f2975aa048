using VolNotebooks.Datasets;

namespace VolNotebooks.Training;

/// <summary>The targets of a volatility and Value-at-Risk model over several horizons (research 004: 1, 5 and 22 days),
/// built for the samples of data prepared for the longest horizon's realized volatility.</summary>
public static class MultiHorizonTargets
{
    /// <summary>Per sample of <paramref name="range"/>, row-major <c>[N, 2K]</c> in percent: columns <c>0 .. K-1</c> the forward
    /// realized volatility over each horizon h, <c>sqrt(mean(r_(t+1)^2 .. r_(t+h)^2))</c>; columns <c>K .. 2K-1</c> the
    /// forward log return over the same days, <c>r_(t+1) + .. + r_(t+h)</c> (r: daily percent log returns, t: the sample's
    /// last input day).</summary>
    /// <param name="data">Data prepared with a realized-volatility target whose horizon is the longest of <paramref name="horizons"/>.</param>
    /// <param name="horizons">Trading days ahead, ascending.</param>
    /// <param name="range">Samples of <paramref name="data"/>'s dataset (e.g. <c>data.Split.Test</c>).</param>
    /// <exception cref="ArgumentException">The data's target is not realized volatility over the longest horizon.</exception>
    public static double[] For(PreparedData data, IReadOnlyList<int> horizons, IndexRange range)
    {
        Require(data, horizons);
        var r = data.DailyPercentReturns!;
        var k = horizons.Count;
        var result = new double[range.Length * 2 * k];
        for (var i = 0; i < range.Length; i++)
        {
            var first = data.Dataset.Windows[range.Start + i].TargetFirst;
            for (var j = 0; j < k; j++)
            {
                double sum = 0, squares = 0;
                for (var d = 0; d < horizons[j]; d++)
                {
                    sum += r[first + d];
                    squares += r[first + d] * r[first + d];
                }

                result[(i * 2 * k) + j] = Math.Sqrt(squares / horizons[j]);
                result[(i * 2 * k) + k + j] = sum;
            }
        }

        return result;
    }

    /// <summary>Throws unless <paramref name="data"/> can carry targets over <paramref name="horizons"/>.</summary>
    /// <param name="data">Prepared data.</param>
    /// <param name="horizons">Trading days ahead, ascending.</param>
    public static void Require(PreparedData data, IReadOnlyList<int> horizons)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(horizons);
        if (horizons.Count == 0 || horizons.Zip(horizons.Skip(1)).Any(p => p.Second <= p.First) || horizons[0] < 1)
            throw new ArgumentException($"horizons must be ascending, distinct and >= 1, got [{string.Join(", ", horizons)}]", nameof(horizons));
        if (data.Target != TargetKind.RealizedVolatility || data.Horizon != horizons[^1] || data.DailyPercentReturns is null)
            throw new ArgumentException(
                $"volatility and VaR over horizons [{string.Join(", ", horizons)}] need data prepared for realized volatility over the longest one " +
                $"(target kind realized_volatility, horizon {horizons[^1]}); got {data.Target} over {data.Horizon} days", nameof(data));
    }
}
