using FsCheck;
using FsCheck.Fluent;
using VolNotebooks.Econometrics;

namespace VolNotebooks.Tests.Econometrics;

/// <summary>Properties over random admissible parameters and residual paths (FsCheck).</summary>
public class VolatilityPropertyTests
{
    /// <summary>GJR parameters inside arch's bounds and constraints, plus a seed for the residual path.</summary>
    private static readonly Arbitrary<(double[] Parameters, int Seed)> GjrCases =
        (from omega in Gen.Choose(1, 1000)
         from alpha in Gen.Choose(0, 300)
         from gamma in Gen.Choose(0, 300)
         from beta in Gen.Choose(0, 990)
         from seed in Gen.Choose(0, 100_000)
         where alpha + gamma / 2 + beta < 999
         select (new[] { omega / 1000.0, alpha / 1000.0, gamma / 1000.0, beta / 1000.0 }, seed)).ToArbitrary();

    private static double[] Residuals(int seed)
    {
        var random = SeededRandom.Create(seed);
        return [.. Enumerable.Range(0, 300).Select(_ => 4 * (random.NextDouble() - 0.5))];
    }

    [Fact]
    public void Fast_gjr_kernel_equals_the_reference_recursion_for_any_admissible_parameters()
    {
        // Reference: NextVariance step by step, the recursion as stated in the model equation.
        Prop.ForAll(GjrCases, testCase =>
        {
            double[] e = Residuals(testCase.Seed);
            var process = Garch.Gjr();
            var fast = new double[e.Length];
            var reference = new double[e.Length];
            process.ComputeVariance(testCase.Parameters, e, 1.3, fast);
            for (int t = 0; t < e.Length; t++)
                reference[t] = process.NextVariance(testCase.Parameters, e.AsSpan(0, t), reference.AsSpan(0, t), 1.3);
            return fast.Zip(reference).All(pair => Math.Abs(pair.First - pair.Second) <= 1e-12 * pair.Second);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Admissible_gjr_variances_are_positive_and_forecasts_revert_to_the_long_run_level()
    {
        // Closed-form limit: with persistence p < 1 the h-step forecast approaches omega / (1 - p) geometrically.
        Prop.ForAll(GjrCases, testCase =>
        {
            double[] e = Residuals(testCase.Seed);
            var process = Garch.Gjr();
            var sigma2 = new double[e.Length];
            process.ComputeVariance(testCase.Parameters, e, 1.3, sigma2);
            var forecast = new double[2000];
            process.ForecastVariance(testCase.Parameters, e, sigma2, 1.3, forecast);
            double persistence = process.Persistence(testCase.Parameters);
            double longRun = process.LongRunVariance(testCase.Parameters);
            double expectedGap = Math.Abs(forecast[0] - longRun) * Math.Pow(persistence, forecast.Length - 1);
            return sigma2.All(v => v > 0) && Math.Abs(forecast[^1] - longRun) <= expectedGap + 1e-9 * longRun;
        }).QuickCheckThrowOnFailure();
    }
}
