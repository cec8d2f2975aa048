using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

public sealed class NelderMeadTests
{
    [Fact]
    public void Finds_the_rosenbrock_minimum_at_one_one()
    {
        // Rosenbrock (1960): f = (1 - x)^2 + 100 (y - x^2)^2 has its only minimum, 0, at (1, 1).
        static double Rosenbrock(double[] p) => Math.Pow(1 - p[0], 2) + (100 * Math.Pow(p[1] - (p[0] * p[0]), 2));
        var result = new NelderMead().Minimize(Rosenbrock, [-1.2, 1.0]);
        Assert.True(result.Converged, result.ExitReason.ToString());
        Assert.Equal(1.0, result.Point[0], 4);
        Assert.Equal(1.0, result.Point[1], 4);
        Assert.True(double.IsNaN(result.ProjectedGradientNorm));
    }

    [Fact]
    public void Finds_the_minimum_of_a_non_smooth_function_and_never_accepts_infeasible_points()
    {
        // |x - 2| + |y + 1| with x > 0 required: minimum 0 at (2, -1), a kink in both coordinates.
        var result = new NelderMead().Minimize(p => p[0] <= 0 ? double.PositiveInfinity : Math.Abs(p[0] - 2) + Math.Abs(p[1] + 1), [0.5, 0.5]);
        Assert.Equal(2.0, result.Point[0], 5);
        Assert.Equal(-1.0, result.Point[1], 5);
        Assert.Equal(OptimizerExitReason.InfeasibleStart, new NelderMead().Minimize(_ => double.PositiveInfinity, [1.0]).ExitReason);
    }

    [Fact]
    public void Reports_the_iteration_limit_instead_of_claiming_convergence()
    {
        var result = new NelderMead(maximumIterations: 3).Minimize(p => (p[0] * p[0]) + (p[1] * p[1]), [5.0, 5.0]);
        Assert.Equal(OptimizerExitReason.MaximumIterations, result.ExitReason);
        Assert.False(result.Converged);
    }
}
