namespace VolNotebooks.Evaluation;

/// <summary>The exact binomial test of a directional hit rate against 0.5.</summary>
/// <param name="Hits">Days with the sign right.</param>
/// <param name="Trials">Days tested, n.</param>
/// <param name="Accuracy">Hits / n, in [0, 1].</param>
/// <param name="PValue">One-sided <c>P(X &gt;= hits)</c> under <c>Binomial(n, 0.5)</c>.</param>
public sealed record DirectionTestResult(int Hits, int Trials, double Accuracy, double PValue);
