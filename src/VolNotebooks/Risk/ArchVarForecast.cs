namespace VolNotebooks.Risk;

/// <summary>One-day VaR series of an ARCH-family model, parametric and filtered historical simulation, aligned with the returns.</summary>
/// <param name="Parametric">Entry t: <c>mu_t + sigma_t q_alpha</c> with the fitted distribution's standardized alpha-quantile; NaN before the first test day.</param>
/// <param name="FilteredHistoricalSimulation">Entry t: <c>mu_t + sigma_t zhat_alpha</c> with the empirical alpha-quantile of the refit's standardized residuals; NaN before the first test day.</param>
/// <param name="ConditionalMean">Entry t: the one-step mean forecast <c>mu_t</c>; NaN before the first test day.</param>
/// <param name="ConditionalVolatility">Entry t: the one-step volatility forecast <c>sigma_t</c>; NaN before the first test day.</param>
/// <param name="Refits">Number of re-estimations.</param>
/// <param name="NonConvergedRefits">Re-estimations whose optimizer stopped on a limit or failure (reported, never hidden).</param>
public sealed record ArchVarForecast(
    double[] Parametric, double[] FilteredHistoricalSimulation, double[] ConditionalMean, double[] ConditionalVolatility,
    int Refits, int NonConvergedRefits);
