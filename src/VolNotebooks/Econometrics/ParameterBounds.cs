namespace VolNotebooks.Econometrics;

/// <summary>Closed interval [Lower, Upper] that one model parameter must stay inside during estimation.</summary>
/// <param name="Lower">Smallest admissible value (may be <see cref="double.NegativeInfinity"/>).</param>
/// <param name="Upper">Largest admissible value (may be <see cref="double.PositiveInfinity"/>).</param>
public readonly record struct ParameterBounds(double Lower, double Upper)
{
    /// <summary>Bounds that do not restrict the parameter.</summary>
    public static ParameterBounds Unbounded => new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>Returns <paramref name="value"/> moved inside the interval.</summary>
    public double Clamp(double value) => Math.Min(Math.Max(value, Lower), Upper);
}

/// <summary>Linear inequality <c>sum_i Coefficients[i] * theta[i] &lt;= UpperLimit</c> over a component's parameter slice.</summary>
/// <remarks>
/// Used for constraints that bounds cannot express, such as GARCH stationarity
/// <c>alpha + gamma/2 + beta &lt; 1</c> or GJR's <c>alpha + gamma &gt;= 0</c> (written as <c>-alpha - gamma &lt;= 0</c>).
/// Indices are relative to the component's own parameter slice; <see cref="ArchModel"/> shifts them into the flat vector.
/// </remarks>
/// <param name="Coefficients">One coefficient per parameter of the component.</param>
/// <param name="UpperLimit">Right-hand side of the inequality.</param>
public sealed record LinearConstraint(double[] Coefficients, double UpperLimit)
{
    /// <summary>True when <paramref name="parameters"/> satisfies the inequality.</summary>
    public bool IsSatisfiedBy(ReadOnlySpan<double> parameters)
    {
        double sum = 0;
        for (int i = 0; i < Coefficients.Length; i++) sum += Coefficients[i] * parameters[i];
        return sum <= UpperLimit;
    }
}
