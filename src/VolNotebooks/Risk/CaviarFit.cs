using VolNotebooks.Econometrics;

namespace VolNotebooks.Risk;

/// <summary>A fitted asymmetric-slope CAViaR model: its coefficients, starting VaR, training loss and how the search ended.</summary>
/// <param name="Level">Quantile level alpha.</param>
/// <param name="Parameters"><c>[b0, b1, b2, b3]</c> of <c>VaR_t = b0 + b1 VaR_{t-1} + b2 max(r_{t-1}, 0) + b3 max(-r_{t-1}, 0)</c>.</param>
/// <param name="InitialVar">VaR of the first training day: the empirical alpha-quantile of the first training returns.</param>
/// <param name="Loss">Mean quantile loss over the training days after the first.</param>
/// <param name="Optimization">The winning Nelder-Mead run.</param>
/// <param name="Starts">Nelder-Mead runs made (each start, then a restart from the best).</param>
public sealed record CaviarFit(double Level, double[] Parameters, double InitialVar, double Loss, OptimizationResult Optimization, int Starts)
{
    /// <summary>The VaR recursion over <paramref name="returns"/> from <see cref="InitialVar"/>: entry t reads only <c>VaR_{t-1}</c> and <c>r_{t-1}</c>.</summary>
    /// <param name="returns">Returns from the first training day on, in the training returns' unit.</param>
    public double[] Recursion(ReadOnlySpan<double> returns) => CaviarAsymmetricSlope.Recursion(Parameters, InitialVar, returns);
}
