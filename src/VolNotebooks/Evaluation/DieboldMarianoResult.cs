namespace VolNotebooks.Evaluation;

/// <summary>The outcome of a Diebold-Mariano test.</summary>
/// <param name="Statistic">The HLN-corrected statistic; negative when the first forecast has the smaller mean loss.</param>
/// <param name="PValue">P-value from Student-t with <c>n - 1</c> degrees of freedom under <see cref="Alternative"/>.</param>
/// <param name="Alternative">The alternative the p-value is for.</param>
/// <param name="Observations">n, the length of the loss differential.</param>
/// <param name="Horizon">The forecast horizon h the variance used: the requested one, or 1 after a fallback.</param>
/// <param name="MeanDifferential">mean(d), the first forecast's mean loss minus the second's.</param>
/// <param name="LongRunVariance">The estimated variance of mean(d): <c>(gamma_0 + 2 sum_{k=1}^{h-1} gamma_k) / n</c>.</param>
/// <param name="FellBackToHorizonOne">Whether the requested horizon's variance was not positive, so h = 1 was used (as R does).</param>
public sealed record DieboldMarianoResult(
    double Statistic, double PValue, Alternative Alternative, int Observations, int Horizon, double MeanDifferential, double LongRunVariance, bool FellBackToHorizonOne);
