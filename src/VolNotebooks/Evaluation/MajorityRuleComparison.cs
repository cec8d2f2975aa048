namespace VolNotebooks.Evaluation;

/// <summary>A forecast's direction against the majority rule on the same days (exact McNemar test).</summary>
/// <param name="RuleSaysUp">Whether the rule forecasts up every day (at least as many positive as negative training returns).</param>
/// <param name="TrainingUpShare">Share of positive training returns, in [0, 1].</param>
/// <param name="RuleAccuracy">The rule's hit rate on the test days, in [0, 1].</param>
/// <param name="Wins">Days on which the forecast is right and the rule wrong.</param>
/// <param name="Losses">Days on which the rule is right and the forecast wrong.</param>
/// <param name="PValue">One-sided <c>P(X &gt;= wins)</c> under <c>Binomial(wins + losses, 0.5)</c>; 1 when they never disagree.</param>
public sealed record MajorityRuleComparison(bool RuleSaysUp, double TrainingUpShare, double RuleAccuracy, int Wins, int Losses, double PValue);
