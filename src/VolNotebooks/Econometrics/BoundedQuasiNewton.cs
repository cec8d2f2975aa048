using System.Diagnostics;

namespace VolNotebooks.Econometrics;

/// <summary>Why <see cref="BoundedQuasiNewton.Minimize"/> stopped.</summary>
public enum OptimizerExitReason
{
    /// <summary>The projected gradient fell below the gradient tolerance: a (local) minimum.</summary>
    GradientTolerance,

    /// <summary>Successive objective values agreed to the function tolerance: a (local) minimum.</summary>
    FunctionTolerance,

    /// <summary>The iteration limit was reached before either tolerance was met.</summary>
    MaximumIterations,

    /// <summary>No step along the search direction or steepest descent lowered the objective.</summary>
    LineSearchFailure,

    /// <summary>The objective is not finite at the starting point.</summary>
    InfeasibleStart,

    /// <summary>There was nothing to optimize (zero parameters).</summary>
    NoParameters,
}

/// <summary>Result of a bounded minimization: the point, its value and how the search ended.</summary>
/// <param name="Point">The best point found.</param>
/// <param name="Value">Objective value at <paramref name="Point"/>.</param>
/// <param name="ProjectedGradientNorm">Infinity norm of the projected gradient at <paramref name="Point"/>.</param>
/// <param name="Iterations">Quasi-Newton iterations taken.</param>
/// <param name="FunctionEvaluations">Objective evaluations, including those for numerical gradients.</param>
/// <param name="ExitReason">Why the search stopped.</param>
public sealed record OptimizationResult(
    double[] Point, double Value, double ProjectedGradientNorm, int Iterations, int FunctionEvaluations, OptimizerExitReason ExitReason)
{
    /// <summary>True when the search stopped on a tolerance (or had nothing to do), not on a limit or failure.</summary>
    public bool Converged => ExitReason is OptimizerExitReason.GradientTolerance or OptimizerExitReason.FunctionTolerance or OptimizerExitReason.NoParameters;
}

/// <summary>Projected BFGS minimizer for smooth objectives under box bounds, with numerical central-difference gradients.</summary>
/// <remarks>
/// Each iteration fixes the variables sitting on a bound whose gradient pushes outward (the active set), takes the
/// BFGS quasi-Newton direction in the free variables, and backtracks along the projected path
/// <c>P(x + t d)</c> until the Armijo condition holds (Bertsekas 1982, "Projected Newton methods"; the same
/// active-set idea as L-BFGS-B, Byrd, Lu, Nocedal and Zhu 1995, with a dense inverse Hessian since models have
/// few parameters). Constraints that bounds cannot express are the objective's business: it returns
/// <see cref="double.PositiveInfinity"/> outside the feasible set and the line search backs off.
/// </remarks>
public sealed class BoundedQuasiNewton
{
    private const double ArmijoSlope = 1e-4;
    private const int MaximumBacktracks = 60;
    private const double ForwardDifferenceThreshold = 1e-3;

    /// <summary>Creates a minimizer with the given tolerances.</summary>
    /// <param name="gradientTolerance">Stop when the projected gradient's infinity norm is below this.</param>
    /// <param name="functionTolerance">Stop when an iteration lowers the objective by less than this times max(|f|, 1).</param>
    /// <param name="maximumIterations">Iteration limit.</param>
    public BoundedQuasiNewton(double gradientTolerance = 1e-7, double functionTolerance = 1e-13, int maximumIterations = 300)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gradientTolerance);
        ArgumentOutOfRangeException.ThrowIfNegative(functionTolerance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumIterations);
        GradientTolerance = gradientTolerance;
        FunctionTolerance = functionTolerance;
        MaximumIterations = maximumIterations;
    }

    /// <summary>Projected-gradient tolerance.</summary>
    public double GradientTolerance { get; }

    /// <summary>Relative objective-change tolerance.</summary>
    public double FunctionTolerance { get; }

    /// <summary>Iteration limit.</summary>
    public int MaximumIterations { get; }

    /// <summary>Minimizes <paramref name="objective"/> from <paramref name="start"/> inside <paramref name="bounds"/>.</summary>
    /// <param name="objective">Function to minimize; may return +infinity for infeasible points. It must not keep the array.</param>
    /// <param name="start">Starting point (moved inside the bounds if needed); not modified.</param>
    /// <param name="bounds">One interval per variable.</param>
    /// <param name="initialInverseHessian">
    /// Optional k x k starting curvature model, e.g. the inverse outer product of scores (BHHH); when null the search
    /// starts from a diagonal metric built from the starting magnitudes.
    /// </param>
    public OptimizationResult Minimize(Func<double[], double> objective, double[] start, ParameterBounds[] bounds, double[,]? initialInverseHessian = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(bounds);
        if (start.Length != bounds.Length) throw new ArgumentException("start and bounds must have the same length.", nameof(bounds));
        int k = start.Length;
        int evaluations = 0;
        double Evaluate(double[] point) { evaluations++; return objective(point); }

        var x = new double[k];
        for (int i = 0; i < k; i++) x[i] = bounds[i].Clamp(start[i]);
        double f = Evaluate(x);
        if (k == 0) return new OptimizationResult(x, f, 0, 0, evaluations, OptimizerExitReason.NoParameters);
        if (!double.IsFinite(f)) return new OptimizationResult(x, f, double.NaN, 0, evaluations, OptimizerExitReason.InfeasibleStart);

        var gradient = new double[k];
        var nextGradient = new double[k];
        var candidate = new double[k];
        var direction = new double[k];
        var step = new double[k];
        var gradientChange = new double[k];
        var free = new bool[k];
        var inverseHessian = new double[k, k];
        var scratch = new double[k];
        // Diagonal metric from the starting magnitudes: a variance intercept near 0.02 and degrees of freedom near 8
        // should not share one step length.
        var metric = new double[k];
        for (int i = 0; i < k; i++)
        {
            double scale = Math.Max(Math.Abs(x[i]), 0.01);
            metric[i] = scale * scale;
        }
        SetDiagonal(inverseHessian, metric, 1.0);
        bool curvatureIsDiagonal = true;
        bool curvatureInitialized = false;
        if (initialInverseHessian is not null)
        {
            if (initialInverseHessian.GetLength(0) != k || initialInverseHessian.GetLength(1) != k)
                throw new ArgumentException($"initialInverseHessian must be {k} x {k}.", nameof(initialInverseHessian));
            Array.Copy(initialInverseHessian, inverseHessian, initialInverseHessian.Length);
            curvatureInitialized = true;
            curvatureIsDiagonal = false;
        }

        NumericalGradient(Evaluate, x, f, bounds, gradient, forwardOnly: true);
        int iteration = 0;
        while (true)
        {
            double projectedNorm = ProjectedGradientNorm(x, gradient, bounds, free);
            if (projectedNorm <= GradientTolerance)
                return new OptimizationResult(x, f, projectedNorm, iteration, evaluations, OptimizerExitReason.GradientTolerance);
            if (iteration >= MaximumIterations)
                return new OptimizationResult(x, f, projectedNorm, iteration, evaluations, OptimizerExitReason.MaximumIterations);
            iteration++;

            double nextValue = double.NaN;
            bool stepped = false;
            for (int attempt = 0; attempt < 2 && !stepped; attempt++)
            {
                if (attempt == 1)
                {
                    if (curvatureIsDiagonal) break;
                    // A stale curvature model can point uphill after the active set changes: restart from steepest descent.
                    SetDiagonal(inverseHessian, metric, InitialScale(gradient, metric));
                    curvatureIsDiagonal = true;
                }
                else if (!curvatureInitialized)
                {
                    SetDiagonal(inverseHessian, metric, InitialScale(gradient, metric));
                }

                double slope = 0;
                for (int i = 0; i < k; i++)
                {
                    double d = 0;
                    if (free[i])
                        for (int j = 0; j < k; j++)
                            if (free[j]) d -= inverseHessian[i, j] * gradient[j];
                    direction[i] = d;
                    slope += d * gradient[i];
                }
                if (slope >= 0)
                {
                    SetDiagonal(inverseHessian, metric, InitialScale(gradient, metric));
                    curvatureIsDiagonal = true;
                    slope = 0;
                    for (int i = 0; i < k; i++)
                    {
                        direction[i] = free[i] ? -inverseHessian[i, i] * gradient[i] : 0.0;
                        slope += direction[i] * gradient[i];
                    }
                }

                double t = 1.0;
                for (int backtrack = 0; backtrack < MaximumBacktracks; backtrack++, t *= 0.5)
                {
                    double expectedDecrease = 0;
                    bool moved = false;
                    for (int i = 0; i < k; i++)
                    {
                        candidate[i] = bounds[i].Clamp(x[i] + t * direction[i]);
                        expectedDecrease += gradient[i] * (candidate[i] - x[i]);
                        moved |= candidate[i] != x[i];
                    }
                    if (!moved) break;
                    double value = Evaluate(candidate);
                    if (double.IsFinite(value) && value <= f + ArmijoSlope * expectedDecrease)
                    {
                        nextValue = value;
                        stepped = true;
                        break;
                    }
                }
            }

            if (!stepped)
            {
                double norm = ProjectedGradientNorm(x, gradient, bounds, free);
                return new OptimizationResult(x, f, norm, iteration, evaluations, OptimizerExitReason.LineSearchFailure);
            }

            NumericalGradient(Evaluate, candidate, nextValue, bounds, nextGradient, forwardOnly: projectedNorm > ForwardDifferenceThreshold);
            double curvature = 0, changeNorm = 0, stepNorm = 0, weightedChange = 0;
            for (int i = 0; i < k; i++)
            {
                step[i] = candidate[i] - x[i];
                // Curvature is learnt only in the free subspace; a variable held on its bound contributes nothing.
                gradientChange[i] = free[i] ? nextGradient[i] - gradient[i] : 0.0;
                curvature += step[i] * gradientChange[i];
                changeNorm += gradientChange[i] * gradientChange[i];
                weightedChange += gradientChange[i] * metric[i] * gradientChange[i];
                stepNorm += step[i] * step[i];
            }
            if (curvature > 1e-12 * Math.Sqrt(changeNorm * stepNorm))
            {
                if (!curvatureInitialized || curvatureIsDiagonal)
                    SetDiagonal(inverseHessian, metric, curvature / weightedChange);
                UpdateInverseHessian(inverseHessian, step, gradientChange, curvature, scratch);
                curvatureInitialized = true;
                curvatureIsDiagonal = false;
            }

            double decrease = f - nextValue;
            Array.Copy(candidate, x, k);
            Array.Copy(nextGradient, gradient, k);
            f = nextValue;
            if (decrease <= FunctionTolerance * Math.Max(Math.Abs(f), 1.0))
            {
                double norm = ProjectedGradientNorm(x, gradient, bounds, free);
                return new OptimizationResult(x, f, norm, iteration, evaluations, OptimizerExitReason.FunctionTolerance);
            }
        }
    }

    /// <summary>Central-difference gradient that stays inside the bounds and falls back to one-sided differences at infeasible neighbours.</summary>
    /// <remarks>
    /// Far from the optimum (<paramref name="forwardOnly"/>) a forward difference with a square-root-epsilon step halves the
    /// cost; near it, central differences give the accuracy the tolerances need.
    /// </remarks>
    internal static void NumericalGradient(Func<double[], double> evaluate, double[] x, double value, ParameterBounds[] bounds, double[] destination, bool forwardOnly = false)
    {
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            if (forwardOnly)
            {
                double forwardStep = 1.5e-8 * Math.Max(Math.Abs(x[i]), 0.1);
                double direction = x[i] + forwardStep <= bounds[i].Upper ? 1.0 : -1.0;
                double shifted = Probe(evaluate, probe, i, x[i] + direction * forwardStep);
                probe[i] = x[i];
                if (double.IsFinite(shifted))
                {
                    destination[i] = direction * (shifted - value) / forwardStep;
                    continue;
                }
            }
            double h = StepSize(x[i]);
            double up = x[i] + h <= bounds[i].Upper ? Probe(evaluate, probe, i, x[i] + h) : double.NaN;
            double down = x[i] - h >= bounds[i].Lower ? Probe(evaluate, probe, i, x[i] - h) : double.NaN;
            probe[i] = x[i];
            bool upOk = double.IsFinite(up), downOk = double.IsFinite(down);
            destination[i] = upOk && downOk ? (up - down) / (2 * h)
                : upOk ? (up - value) / h
                : downOk ? (value - down) / h
                : 0.0;
        }
    }

    /// <summary>Difference step for a variable at <paramref name="x"/>: about the cube root of machine epsilon, relative to its scale.</summary>
    internal static double StepSize(double x) => 6e-6 * Math.Max(Math.Abs(x), 0.1);

    private static double Probe(Func<double[], double> evaluate, double[] probe, int index, double value)
    {
        probe[index] = value;
        return evaluate(probe);
    }

    private static double ProjectedGradientNorm(double[] x, double[] gradient, ParameterBounds[] bounds, bool[] free)
    {
        double norm = 0;
        for (int i = 0; i < x.Length; i++)
        {
            // A variable on a bound whose gradient points outward is held there this iteration.
            double span = Math.Max(Math.Abs(x[i]), 1.0) * 1e-10;
            bool atLower = x[i] <= bounds[i].Lower + span && gradient[i] > 0;
            bool atUpper = x[i] >= bounds[i].Upper - span && gradient[i] < 0;
            free[i] = !(atLower || atUpper);
            double projected = bounds[i].Clamp(x[i] - gradient[i]) - x[i];
            norm = Math.Max(norm, Math.Abs(projected));
        }
        return norm;
    }

    private static double InitialScale(double[] gradient, double[] metric)
    {
        // First step moves each variable by at most 1% of its own scale.
        double largest = 0;
        for (int i = 0; i < gradient.Length; i++)
            largest = Math.Max(largest, Math.Abs(gradient[i]) * Math.Sqrt(metric[i]));
        return largest > 0 ? 0.01 / largest : 1.0;
    }

    private static void SetDiagonal(double[,] matrix, double[] diagonal, double factor)
    {
        int k = matrix.GetLength(0);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                matrix[i, j] = i == j ? factor * diagonal[i] : 0.0;
    }

    /// <summary>BFGS inverse update <c>H = (I - rho s y') H (I - rho y s') + rho s s'</c>, <c>rho = 1 / y's</c>.</summary>
    private static void UpdateInverseHessian(double[,] h, double[] s, double[] y, double curvature, double[] hy)
    {
        int k = s.Length;
        double rho = 1.0 / curvature;
        double yhy = 0;
        for (int i = 0; i < k; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += h[i, j] * y[j];
            hy[i] = sum;
            yhy += y[i] * sum;
        }
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                h[i, j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        Debug.Assert(double.IsFinite(h[0, 0]));
    }
}
