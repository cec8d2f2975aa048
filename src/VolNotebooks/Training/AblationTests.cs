namespace VolNotebooks.Training;

/// <summary>The tests of one return forecast on a ticker's test days (all p-values unadjusted).</summary>
/// <param name="Days">Test days, n.</param>
/// <param name="Hits">Days with the sign right.</param>
/// <param name="BinomialPValue">Exact binomial test of the hit rate against 0.5, one-sided (greater).</param>
/// <param name="MajorityRuleAccuracy">Hit rate of the majority rule (the training returns' more frequent sign every day).</param>
/// <param name="MajorityWins">Days the forecast is right and the rule wrong.</param>
/// <param name="MajorityLosses">Days the rule is right and the forecast wrong.</param>
/// <param name="MajorityPValue">Exact McNemar test against the rule, one-sided (the forecast is right more often).</param>
/// <param name="PesaranTimmermann">Pesaran-Timmermann statistic; NaN when the forecasts all have one sign (undefined).</param>
/// <param name="PesaranTimmermannPValue">Its one-sided p-value; NaN when undefined.</param>
/// <param name="Baseline">The baseline compared with: the best by validation MSE.</param>
/// <param name="DieboldMariano">HLN-corrected Diebold-Mariano statistic on squared errors, forecast minus baseline
/// (negative: the forecast has the smaller loss); NaN when the losses do not differ.</param>
/// <param name="DieboldMarianoPValue">Its two-sided p-value; NaN when undefined.</param>
public sealed record AblationTests(
    int Days, int Hits, double BinomialPValue, double MajorityRuleAccuracy, int MajorityWins, int MajorityLosses, double MajorityPValue,
    double PesaranTimmermann, double PesaranTimmermannPValue, string Baseline, double DieboldMariano, double DieboldMarianoPValue);
