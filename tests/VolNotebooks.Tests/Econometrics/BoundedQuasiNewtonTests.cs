using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>The optimizer on problems with known minima.</summary>
public class BoundedQuasiNewtonTests
{
    private static readonly ParameterBounds Free = ParameterBounds.Unbounded;

    [Fact]
    public void Minimize_finds_the_rosenbrock_minimum()
    {
        // Known minimum (1, 1) with value 0.
        static double Rosenbrock(double[] x) => 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2);
        var result = new BoundedQuasiNewton(1e-9, 0, 1000).Minimize(Rosenbrock, [-1.2, 1.0], [Free, Free]);
        Assert.True(result.Converged, result.ExitReason.ToString());
        Assert.Equal(1.0, result.Point[0], 1e-4);
        Assert.Equal(1.0, result.Point[1], 1e-4);
    }

    [Fact]
    public void Minimize_stops_on_active_bounds()
    {
        // Unconstrained minimum (2, -1) lies outside x <= 1, y >= 0; the box minimum is the corner (1, 0).
        static double Bowl(double[] x) => Math.Pow(x[0] - 2, 2) + 3 * Math.Pow(x[1] + 1, 2) + 0.5 * x[0] * x[1];
        var result = new BoundedQuasiNewton().Minimize(Bowl, [0.0, 0.5], [new ParameterBounds(-5, 1), new ParameterBounds(0, 5)]);
        Assert.True(result.Converged, result.ExitReason.ToString());
        Assert.Equal(1.0, result.Point[0], 1e-9);
        Assert.Equal(0.0, result.Point[1], 1e-9);
    }

    [Fact]
    public void Minimize_respects_an_infeasible_region_signalled_by_infinity()
    {
        // Minimum of (x-1)^2 + (y-1)^2 subject to x + y <= 1 is (0.5, 0.5).
        static double Constrained(double[] x) => x[0] + x[1] > 1 ? double.PositiveInfinity : Math.Pow(x[0] - 1, 2) + Math.Pow(x[1] - 1, 2);
        var result = new BoundedQuasiNewton().Minimize(Constrained, [0.0, 0.0], [Free, Free]);
        Assert.True(result.Point[0] + result.Point[1] <= 1);
        Assert.Equal(0.5, result.Point[0], 1e-3);
        Assert.Equal(0.5, result.Point[1], 1e-3);
    }

    [Fact]
    public void Minimize_reports_an_iteration_limit_as_not_converged()
    {
        static double Rosenbrock(double[] x) => 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2);
        var result = new BoundedQuasiNewton(1e-12, 0, 3).Minimize(Rosenbrock, [-1.2, 1.0], [Free, Free]);
        Assert.False(result.Converged);
        Assert.Equal(OptimizerExitReason.MaximumIterations, result.ExitReason);
        Assert.Equal(3, result.Iterations);
    }

    [Fact]
    public void Minimize_reports_an_infeasible_start()
    {
        var result = new BoundedQuasiNewton().Minimize(_ => double.PositiveInfinity, [0.0], [Free]);
        Assert.False(result.Converged);
        Assert.Equal(OptimizerExitReason.InfeasibleStart, result.ExitReason);
    }

    [Fact]
    public void Non_converged_fit_says_so_in_the_result_and_the_summary()
    {
        var (_, returns) = SpyReturns.ReferenceSample();
        var fit = new ArchModel(new ConstantMean(), new Garch(), new NormalDistribution())
            .Fit(returns, new ArchFitOptions { MaximumIterations = 1, Starts = 1, ComputeStandardErrors = false });
        Assert.False(fit.Converged);
        Assert.Equal(OptimizerExitReason.MaximumIterations, fit.ExitReason);
        Assert.Contains("did not converge", fit.ToSummaryTable());
    }
}
