namespace VolNotebooks.Econometrics;

/// <summary>Derivative-free Nelder-Mead simplex minimizer for small, possibly non-smooth objectives (a quantile loss).</summary>
/// <remarks>
/// Standard coefficients (reflection 1, expansion 2, contraction 1/2, shrink 1/2; Lagarias, Reeds, Wright and Wright 1998).
/// The first simplex steps 5% along each coordinate (0.05 for a zero coordinate). The search stops when the objective
/// values at the simplex's vertices agree to the function tolerance and the vertices lie within the point tolerance of the
/// best one (<see cref="OptimizerExitReason.FunctionTolerance"/>), or at the iteration limit. Infeasible points return
/// <see cref="double.PositiveInfinity"/> from the objective and are never accepted. The result's
/// <see cref="OptimizationResult.ProjectedGradientNorm"/> is NaN: no gradient is computed.
/// </remarks>
public sealed class NelderMead
{
    private readonly double _functionTolerance;
    private readonly double _pointTolerance;
    private readonly int _maximumIterations;

    /// <summary>Creates a minimizer with the given tolerances.</summary>
    /// <param name="functionTolerance">Stop when every vertex's value is within this times max(|f_best|, 1) of the best.</param>
    /// <param name="pointTolerance">... and every vertex is within this (infinity norm, times max(|x_best|, 1)) of the best vertex.</param>
    /// <param name="maximumIterations">Iteration limit.</param>
    public NelderMead(double functionTolerance = 1e-10, double pointTolerance = 1e-8, int maximumIterations = 5000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(functionTolerance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pointTolerance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumIterations);
        _functionTolerance = functionTolerance;
        _pointTolerance = pointTolerance;
        _maximumIterations = maximumIterations;
    }

    /// <summary>Minimizes <paramref name="objective"/> from <paramref name="start"/>.</summary>
    /// <param name="objective">Function of a k-vector; +infinity marks an infeasible point.</param>
    /// <param name="start">Starting point, k values; the objective must be finite there.</param>
    public OptimizationResult Minimize(Func<double[], double> objective, double[] start)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        int k = start.Length;
        int evaluations = 0;
        double Evaluate(double[] x)
        {
            evaluations++;
            double f = objective(x);
            return double.IsNaN(f) ? double.PositiveInfinity : f;
        }

        double f0 = Evaluate(start);
        if (k == 0) return new OptimizationResult([], f0, double.NaN, 0, evaluations, OptimizerExitReason.NoParameters);
        if (!double.IsFinite(f0)) return new OptimizationResult([.. start], f0, double.NaN, 0, evaluations, OptimizerExitReason.InfeasibleStart);

        // simplex [k+1][k], values [k+1], kept sorted best first
        var simplex = new double[k + 1][];
        var values = new double[k + 1];
        simplex[0] = [.. start];
        values[0] = f0;
        for (int i = 0; i < k; i++)
        {
            var vertex = (double[])start.Clone();
            vertex[i] = vertex[i] != 0 ? vertex[i] * 1.05 : 0.05;
            simplex[i + 1] = vertex;
            values[i + 1] = Evaluate(vertex);
        }

        var centroid = new double[k];
        for (int iteration = 1; iteration <= _maximumIterations; iteration++)
        {
            Sort(simplex, values);
            if (Converged(simplex, values))
                return new OptimizationResult(simplex[0], values[0], double.NaN, iteration - 1, evaluations, OptimizerExitReason.FunctionTolerance);

            Array.Clear(centroid);
            for (int v = 0; v < k; v++)
                for (int i = 0; i < k; i++) centroid[i] += simplex[v][i] / k;
            double[] worst = simplex[k];
            double[] reflected = Along(centroid, worst, 1.0);
            double fr = Evaluate(reflected);
            if (fr < values[0])
            {
                double[] expanded = Along(centroid, worst, 2.0);
                double fe = Evaluate(expanded);
                (simplex[k], values[k]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[k - 1])
            {
                (simplex[k], values[k]) = (reflected, fr);
            }
            else
            {
                // Outside contraction when the reflection beats the worst vertex, inside contraction otherwise.
                bool outside = fr < values[k];
                double[] contracted = Along(centroid, worst, outside ? 0.5 : -0.5);
                double fc = Evaluate(contracted);
                if (fc < (outside ? fr : values[k]))
                {
                    (simplex[k], values[k]) = (contracted, fc);
                }
                else
                {
                    for (int v = 1; v <= k; v++)
                    {
                        for (int i = 0; i < k; i++) simplex[v][i] = simplex[0][i] + (0.5 * (simplex[v][i] - simplex[0][i]));
                        values[v] = Evaluate(simplex[v]);
                    }
                }
            }
        }

        Sort(simplex, values);
        return new OptimizationResult(simplex[0], values[0], double.NaN, _maximumIterations, evaluations, OptimizerExitReason.MaximumIterations);
    }

    // centroid + t (centroid - worst): t = 1 reflects, 2 expands, 1/2 and -1/2 contract outside and inside.
    private static double[] Along(double[] centroid, double[] worst, double t)
    {
        var point = new double[centroid.Length];
        for (int i = 0; i < point.Length; i++) point[i] = centroid[i] + (t * (centroid[i] - worst[i]));
        return point;
    }

    private static void Sort(double[][] simplex, double[] values) => Array.Sort(values, simplex);

    private bool Converged(double[][] simplex, double[] values)
    {
        if (!double.IsFinite(values[^1])) return false;
        double fScale = Math.Max(Math.Abs(values[0]), 1.0);
        double xScale = Math.Max(simplex[0].Max(Math.Abs), 1.0);
        for (int v = 1; v < simplex.Length; v++)
        {
            if (Math.Abs(values[v] - values[0]) > _functionTolerance * fScale) return false;
            for (int i = 0; i < simplex[0].Length; i++)
                if (Math.Abs(simplex[v][i] - simplex[0][i]) > _pointTolerance * xScale) return false;
        }

        return true;
    }
}
