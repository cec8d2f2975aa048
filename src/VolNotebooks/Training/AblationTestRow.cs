namespace VolNotebooks.Training;

/// <summary>One row of the ablation table: a run (one seed) or a seed ensemble, with its metrics and tests; for
/// ensembles, the p-values adjusted by Holm across the study's tickers (per variant and test).</summary>
/// <param name="Ticker">The symbol.</param>
/// <param name="Variant">The variant's recipe name.</param>
/// <param name="Seed">The run's seed, or <see langword="null"/> for the seed ensemble.</param>
/// <param name="Mae">Test mean absolute error, percent.</param>
/// <param name="Rmse">Test root mean squared error, percent.</param>
/// <param name="DirectionalAccuracy">Share of test days with the sign right.</param>
/// <param name="Tests">The tests, unadjusted.</param>
/// <param name="BinomialHolm">Holm-adjusted binomial p-value (NaN for a single seed's row).</param>
/// <param name="MajorityHolm">Holm-adjusted McNemar p-value against the majority rule (NaN for a single seed's row).</param>
/// <param name="PesaranTimmermannHolm">Holm-adjusted Pesaran-Timmermann p-value, an undefined test counting as 1 (NaN for a single seed's row).</param>
/// <param name="DieboldMarianoHolm">Holm-adjusted Diebold-Mariano p-value against the best baseline, an undefined test counting as 1 (NaN for a single seed's row).</param>
public sealed record AblationTestRow(
    string Ticker, string Variant, ulong? Seed, double Mae, double Rmse, double DirectionalAccuracy, AblationTests Tests,
    double BinomialHolm, double MajorityHolm, double PesaranTimmermannHolm, double DieboldMarianoHolm);
