using VolNotebooks.Evaluation;

namespace VolNotebooks.Training;

/// <summary>The Diebold-Mariano test of two variants' seed ensembles on one ticker (squared errors, HLN-corrected,
/// two-sided), with the p-value adjusted by Holm across the study's tickers for this pair.</summary>
/// <param name="Ticker">The symbol.</param>
/// <param name="Variant">The first variant (loss a).</param>
/// <param name="Against">The second variant (loss b).</param>
/// <param name="Test">The test; a negative statistic means <paramref name="Variant"/> has the smaller loss.</param>
/// <param name="HolmPValue">Holm-adjusted two-sided p-value.</param>
public sealed record AblationPairTest(string Ticker, string Variant, string Against, DieboldMarianoResult Test, double HolmPValue)
{
    /// <summary>Whether <see cref="Variant"/> has the significantly smaller loss at <paramref name="alpha"/> after Holm.</summary>
    /// <param name="alpha">Family-wise level, e.g. 0.05.</param>
    public bool VariantWins(double alpha) => HolmPValue < alpha && Test.MeanDifferential < 0;

    /// <summary>Whether <see cref="Against"/> has the significantly smaller loss at <paramref name="alpha"/> after Holm.</summary>
    /// <param name="alpha">Family-wise level, e.g. 0.05.</param>
    public bool AgainstWins(double alpha) => HolmPValue < alpha && Test.MeanDifferential > 0;
}
