using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Densities against closed forms, numerical integration and sample moments.</summary>
public class DistributionTests
{
    private static readonly double[] Residuals = [0.3, -1.2, 2.5, -0.1, 0.8];
    private static readonly double[] Variances = [1.0, 0.5, 2.0, 1.5, 0.9];

    [Fact]
    public void Normal_log_likelihood_matches_closed_form()
    {
        double expected = 0;
        for (int t = 0; t < Residuals.Length; t++)
            expected += -0.5 * Math.Log(2 * Math.PI * Variances[t]) - Residuals[t] * Residuals[t] / (2 * Variances[t]);
        Assert.Equal(expected, new NormalDistribution().LogLikelihood([], Residuals, Variances), 1e-12);
    }

    [Fact]
    public void Student_t_log_likelihood_matches_closed_form_at_five_degrees_of_freedom()
    {
        // Closed form with Gamma(3) = 2 and Gamma(5/2) = 3 sqrt(pi) / 4.
        const double nu = 5.0;
        double constant = Math.Log(2.0) - Math.Log(0.75 * Math.Sqrt(Math.PI)) - 0.5 * Math.Log(Math.PI * (nu - 2));
        double expected = 0;
        for (int t = 0; t < Residuals.Length; t++)
            expected += constant - 0.5 * Math.Log(Variances[t]) - 3.0 * Math.Log(1 + Residuals[t] * Residuals[t] / (Variances[t] * 3.0));
        Assert.Equal(expected, new StudentTDistribution().LogLikelihood([nu], Residuals, Variances), 1e-12);
    }

    [Fact]
    public void Skew_t_with_zero_skew_equals_student_t()
    {
        double skewT = new SkewStudentTDistribution().LogLikelihood([7.0, 0.0], Residuals, Variances);
        double t = new StudentTDistribution().LogLikelihood([7.0], Residuals, Variances);
        Assert.Equal(t, skewT, 1e-12);
    }

    [Theory]
    [InlineData(6.0, -0.3)]
    [InlineData(4.5, 0.2)]
    public void Skew_t_density_integrates_to_one_with_zero_mean_and_unit_variance(double eta, double lambda)
    {
        // Trapezoid integration of exp(ln f) over [-60, 60]; tails beyond carry < 1e-5 of the mass for eta >= 4.5.
        var distribution = new SkewStudentTDistribution();
        double mass = 0, mean = 0, second = 0, step = 0.001;
        var density = new double[1];
        for (double z = -60; z <= 60; z += step)
        {
            distribution.LogLikelihoodContributions([eta, lambda], [z], [1.0], density);
            double f = Math.Exp(density[0]) * step;
            mass += f; mean += z * f; second += z * z * f;
        }
        Assert.Equal(1.0, mass, 1e-4);
        Assert.Equal(0.0, mean, 1e-4);
        Assert.Equal(1.0, second, 2e-2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Samples_are_standardized(int which)
    {
        // Sample moments of 200,000 draws: mean within 0.01 and variance within 0.05 of (0, 1).
        (Distribution distribution, double[] parameters) = which switch
        {
            0 => ((Distribution)new NormalDistribution(), Array.Empty<double>()),
            1 => (new StudentTDistribution(), [8.0]),
            _ => (new SkewStudentTDistribution(), [8.0, -0.3]),
        };
        var random = new Random(42);
        double sum = 0, sumSquares = 0;
        const int count = 200_000;
        for (int i = 0; i < count; i++)
        {
            double z = distribution.Sample(parameters, random);
            sum += z; sumSquares += z * z;
        }
        double mean = sum / count;
        Assert.Equal(0.0, mean, 0.01);
        Assert.Equal(1.0, sumSquares / count - mean * mean, 0.05);
    }

    [Fact]
    public void Contributions_sum_to_the_log_likelihood()
    {
        foreach (var (distribution, parameters) in new (Distribution, double[])[]
                 { (new NormalDistribution(), []), (new StudentTDistribution(), [6.0]), (new SkewStudentTDistribution(), [6.0, 0.25]) })
        {
            var contributions = new double[Residuals.Length];
            distribution.LogLikelihoodContributions(parameters, Residuals, Variances, contributions);
            Assert.Equal(distribution.LogLikelihood(parameters, Residuals, Variances), contributions.Sum(), 1e-12);
        }
    }

    [Theory]
    [InlineData(6.0, -0.3)]
    [InlineData(5.0, 0.25)]
    [InlineData(8.0, 0.0)]
    public void Skew_t_negative_square_share_matches_numerical_integration(double eta, double lambda)
    {
        // Trapezoid integral of z^2 f(z) over [-80, 0] on a 1e-4 grid; the tail beyond -80 holds < 1e-6 for eta >= 5.
        var distribution = new SkewStudentTDistribution();
        var density = new double[1];
        double integral = 0, step = 1e-4;
        for (double z = -80; z < 0; z += step)
        {
            distribution.LogLikelihoodContributions([eta, lambda], [z + step / 2], [1.0], density);
            integral += (z + step / 2) * (z + step / 2) * Math.Exp(density[0]) * step;
        }
        Assert.Equal(integral, distribution.NegativeSquareShare([eta, lambda]), 2e-5);
        if (lambda == 0) Assert.Equal(0.5, distribution.NegativeSquareShare([eta, lambda]), 1e-9);
    }

    [Fact]
    public void Symmetric_distributions_split_the_variance_evenly()
    {
        Assert.Equal(0.5, new NormalDistribution().NegativeSquareShare([]));
        Assert.Equal(0.5, new StudentTDistribution().NegativeSquareShare([6.0]));
    }
}
