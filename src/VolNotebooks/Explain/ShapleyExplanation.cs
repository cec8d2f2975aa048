namespace VolNotebooks.Explain;

/// <summary>Shapley values of one forecast: how much each feature (grouped over the whole input window) moved it away
/// from the average forecast over the background.</summary>
/// <param name="Features">Feature names, in the order of <see cref="Values"/>.</param>
/// <param name="Values">Per feature, its Shapley value, in the forecast's unit.</param>
/// <param name="BaseValue">The expected forecast E f over the background rows (every feature replaced).</param>
/// <param name="Prediction">The forecast f(x) itself; <c>BaseValue + sum(Values) = Prediction</c> (efficiency).</param>
/// <param name="Coalitions">How many coalitions were evaluated (2^M when exact).</param>
/// <param name="Exact">Whether every coalition was enumerated (otherwise Kernel SHAP by sampling).</param>
public sealed record ShapleyExplanation(
    IReadOnlyList<string> Features, double[] Values, double BaseValue, double Prediction, int Coalitions, bool Exact);
