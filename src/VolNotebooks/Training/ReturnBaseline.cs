namespace VolNotebooks.Training;

/// <summary>A simple next-day return forecast fitted on training rows only, with its forecasts of the validation and
/// test samples (in the target's unit, percent log return).</summary>
/// <param name="Name">Short name: <c>zero</c>, <c>mean</c>, <c>ar1</c>, <c>ridge</c>.</param>
/// <param name="Description">What it forecasts, with its fitted parameters, in one line.</param>
/// <param name="Parameters">The fitted parameters by name (<c>intercept</c>, <c>slope</c>, <c>penalty</c>, ...).</param>
/// <param name="Validation">Forecasts of the validation samples, aligned with them.</param>
/// <param name="Test">Forecasts of the test samples, aligned with them.</param>
/// <param name="ValidationMse">Mean squared error on the validation samples (percent squared), the score that picks the best baseline.</param>
public sealed record ReturnBaseline(
    string Name, string Description, IReadOnlyDictionary<string, double> Parameters, double[] Validation, double[] Test, double ValidationMse);
