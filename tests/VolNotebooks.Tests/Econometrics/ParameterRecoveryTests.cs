using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Maximum likelihood recovers the parameters a series was simulated with (n = 5000, several seeds).</summary>
/// <remarks>
/// Each check is a 3-sigma test, so even a correct estimator misses sometimes. Simulations draw from
/// <see cref="SeededRandom"/> (Mersenne Twister); with .NET's legacy seeded <see cref="Random"/> these fits showed
/// alpha biased low by ~0.4 SE over 80 seeds, which this test caught.
/// Every true parameter set has a finite fourth moment of returns (for GJR-t:
/// <c>beta^2 + 2 beta (alpha + gamma/2) + kappa E[(alpha + gamma 1[z&lt;0])^2] &lt; 1</c>, <c>kappa = 3(nu-2)/(nu-4)</c>), which the
/// asymptotic normality behind the 3-SE band needs. A first GJR-t truth (alpha 0.03, gamma 0.12, beta 0.88, nu 6) broke
/// that condition (1.003) and put omega beyond 3 SE in 3 of 40 seeds (heavy-tailed z, RMS 1.32), so it was replaced;
/// <see cref="Robust_z_scores_are_calibrated_over_many_seeds"/> checks calibration without any seed choice.
/// </remarks>
public class ParameterRecoveryTests
{
    private const int SampleSize = 5000;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in (string[])["garch-normal", "garch-t", "gjr-normal", "gjr-t", "egarch-normal", "egarch-t"])
            foreach (int seed in (int[])[1, 2, 3])
                data.Add(name, seed);
        return data;
    }

    private static (ArchModel Model, double[] Truth) Case(string name) => name switch
    {
        "garch-normal" => (new ArchModel(new ConstantMean(), new Garch(), new NormalDistribution()), [0.05, 0.02, 0.08, 0.90]),
        "garch-t" => (new ArchModel(new ConstantMean(), new Garch(), new StudentTDistribution()), [0.05, 0.02, 0.08, 0.90, 7.0]),
        "gjr-normal" => (new ArchModel(new ConstantMean(), Garch.Gjr(), new NormalDistribution()), [0.04, 0.03, 0.02, 0.10, 0.85]),
        "gjr-t" => (new ArchModel(new ConstantMean(), Garch.Gjr(), new StudentTDistribution()), [0.04, 0.03, 0.02, 0.10, 0.85, 8.0]),
        "egarch-normal" => (new ArchModel(new ConstantMean(), new Egarch(), new NormalDistribution()), [0.03, 0.01, 0.15, -0.08, 0.97]),
        "egarch-t" => (new ArchModel(new ConstantMean(), new Egarch(), new StudentTDistribution()), [0.03, 0.01, 0.15, -0.08, 0.97, 8.0]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_recovers_simulated_parameters_within_three_robust_standard_errors(string name, int seed)
    {
        // Expected values: the simulation truth.
        var (model, truth) = Case(name);
        double[] returns = model.Simulate(truth, SampleSize, seed).Returns;
        var fit = model.Fit(returns);
        Assert.True(fit.Converged, $"{name} seed {seed}: {fit.ExitReason}");
        for (int i = 0; i < truth.Length; i++)
        {
            double se = fit.RobustStandardErrors[i];
            Assert.True(se > 0, $"{fit.ParameterNames[i]}: robust SE {se}");
            double distance = Math.Abs(fit.Parameters[i] - truth[i]) / se;
            Assert.True(distance <= 3.0,
                $"{name} seed {seed}: {fit.ParameterNames[i]} = {fit.Parameters[i]:G5}, truth {truth[i]}, robust SE {se:G3} ({distance:F2} SE)");
        }
    }

    [Fact]
    public void Robust_z_scores_are_calibrated_over_many_seeds()
    {
        // Expected: (estimate - truth) / robust SE ~ N(0, 1) across seeds; with 30 seeds the RMS of a calibrated z lies in
        // [0.75, 1.3] and its mean within 0.55 of 0 (about 3 standard errors of a mean of 30 unit-variance draws).
        var (model, truth) = Case("garch-normal");
        const int seeds = 30;
        var sums = new double[truth.Length];
        var squares = new double[truth.Length];
        for (int seed = 1; seed <= seeds; seed++)
        {
            var fit = model.Fit(model.Simulate(truth, SampleSize, seed).Returns);
            for (int i = 0; i < truth.Length; i++)
            {
                double z = (fit.Parameters[i] - truth[i]) / fit.RobustStandardErrors[i];
                sums[i] += z;
                squares[i] += z * z;
            }
        }
        for (int i = 0; i < truth.Length; i++)
        {
            double mean = sums[i] / seeds, rms = Math.Sqrt(squares[i] / seeds);
            Assert.True(Math.Abs(mean) <= 0.55 && rms is >= 0.75 and <= 1.3, $"{model.ParameterNames[i]}: mean z {mean:F2}, rms {rms:F2}");
        }
    }

    [Fact]
    public void Fit_at_the_truth_has_a_likelihood_no_higher_than_the_estimate()
    {
        // The maximized likelihood must beat the likelihood at the simulation truth (direct evaluation).
        var (model, truth) = Case("gjr-t");
        double[] returns = model.Simulate(truth, SampleSize, 5).Returns;
        var fit = model.Fit(returns);
        Assert.True(fit.LogLikelihood >= model.LogLikelihood(truth, returns) - 1e-9);
    }
}
