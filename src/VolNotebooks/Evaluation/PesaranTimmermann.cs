using MathNet.Numerics.Distributions;

namespace VolNotebooks.Evaluation;

/// <summary>The Pesaran-Timmermann (1992) test that forecasts predict the direction of the realized values better than
/// chance (forecasts and outcomes independent).</summary>
/// <remarks>
/// With "up" meaning a value above zero (zero counts as down), <c>P_y</c> and <c>P_x</c> the shares of realized and
/// forecast ups and <c>P</c> the share of agreeing directions, independence implies
/// <c>P* = P_y P_x + (1 - P_y)(1 - P_x)</c>, and
/// <c>S = (P - P*) / sqrt(V(P) - V(P*))</c> with <c>V(P) = P*(1 - P*)/n</c> and
/// <c>V(P*) = (2P_y - 1)^2 P_x(1 - P_x)/n + (2P_x - 1)^2 P_y(1 - P_y)/n + 4 P_y P_x (1 - P_y)(1 - P_x)/n^2</c>
/// is asymptotically standard normal; the p-value is one-sided, <c>1 - Phi(S)</c>. For volatility, pass changes
/// (forecast change against realized change), not levels.
/// </remarks>
public static class PesaranTimmermann
{
    /// <summary>The statistic S and its one-sided p-value <c>1 - Phi(S)</c>.</summary>
    /// <param name="actual">Realized values (e.g. changes in realized volatility), finite.</param>
    /// <param name="forecast">Forecasts of them, aligned, finite.</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 2 values, or either series has only one direction
    /// (the variance is zero and S is undefined).</exception>
    public static (double Statistic, double PValue) Test(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        if (actual.Length != forecast.Length) throw new ArgumentException($"actual has {actual.Length} values but forecast has {forecast.Length}");
        var n = actual.Length;
        if (n < 2) throw new ArgumentException("the Pesaran-Timmermann test needs at least 2 observations");
        double upY = 0, upX = 0, agree = 0;
        for (var t = 0; t < n; t++)
        {
            if (!double.IsFinite(actual[t]) || !double.IsFinite(forecast[t])) throw new ArgumentException($"the pair at index {t} is not finite");
            var y = actual[t] > 0;
            var x = forecast[t] > 0;
            if (y) upY++;
            if (x) upX++;
            if (x == y) agree++;
        }

        var py = upY / n;
        var px = upX / n;
        var p = agree / n;
        var pStar = (py * px) + ((1 - py) * (1 - px));
        var varP = pStar * (1 - pStar) / n;
        var varPStar = (((2 * py) - 1) * ((2 * py) - 1) * px * (1 - px) / n)
            + (((2 * px) - 1) * ((2 * px) - 1) * py * (1 - py) / n)
            + (4 * py * px * (1 - py) * (1 - px) / ((double)n * n));
        var variance = varP - varPStar;
        if (!(variance > 0)) throw new ArgumentException("the realized values or the forecasts all point one way, so the Pesaran-Timmermann statistic is undefined");
        var statistic = (p - pStar) / Math.Sqrt(variance);
        return (statistic, 1 - Normal.CDF(0, 1, statistic));
    }
}
