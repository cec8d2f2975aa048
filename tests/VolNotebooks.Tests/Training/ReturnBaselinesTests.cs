using MathNet.Numerics.LinearAlgebra;
using VolNotebooks.Datasets;
using VolNotebooks.Training;

namespace VolNotebooks.Tests.Training;

public sealed class ReturnBaselinesTests
{
    private static PreparedData Prepare() => TrainingPipeline.Prepare(TestFiles.Data, AblationStudy.SpecFor(
        AblationStudy.ResearchSpec with { Data = AblationStudy.ResearchSpec.Data with { From = new DateOnly(2016, 1, 4) } }, "KO", "feat", 42));

    [Fact]
    public void Ar1_ols_matches_the_hand_computed_slope_and_intercept()
    {
        // x = 1..4, y = 2, 3, 5, 6: S_xx = 5, S_xy = 7, so phi = 1.4 and c = 4 - 1.4 * 2.5 = 0.5.
        var (intercept, slope) = ReturnBaselines.FitAr1([1.0, 2, 3, 4], [2.0, 3, 5, 6]);
        Assert.Equal(1.4, slope, 14);
        Assert.Equal(0.5, intercept, 14);
    }

    [Fact]
    public void Ar1_regresses_each_training_return_on_the_previous_days_return_as_a_normal_equations_solve_does()
    {
        var data = Prepare();
        var lagged = ReturnBaselines.LaggedReturns(data);
        var windows = data.Dataset.Windows;
        // Consecutive samples: the previous day's return is the previous sample's target (both 100 ln(P_t / P_t-1)).
        for (var i = 1; i < lagged.Length; i++)
        {
            if (windows[i].TargetFirst == windows[i - 1].TargetFirst + 1) Assert.Equal(data.Dataset.Targets[i - 1], lagged[i], 12);
        }

        var train = data.Split.Train;
        var x = Matrix<double>.Build.Dense(train.Length, 2, (i, j) => j == 0 ? 1 : lagged[train.Start + i]);
        var y = Vector<double>.Build.Dense(train.Length, i => data.Dataset.Targets[train.Start + i]);
        var beta = x.TransposeThisAndMultiply(x).Solve(x.TransposeThisAndMultiply(y));
        var ar1 = ReturnBaselines.Ar1(data);
        Assert.Equal(beta[0], ar1.Parameters["intercept"], 10);
        Assert.Equal(beta[1], ar1.Parameters["slope"], 10);
        Assert.Equal(beta[0] + (beta[1] * lagged[data.Split.Test.Start]), ar1.Test[0], 10);
    }

    [Fact]
    public void Ridge_with_one_regressor_shrinks_the_slope_to_s_xy_over_s_xx_plus_the_penalty()
    {
        double[][] rows = [[1.0], [2.0], [3.0], [4.0]];
        // Centred: S_xx = 5, S_xy = 7; with penalty 2 the slope is 7 / (5 + 2) = 1 and the intercept 4 - 1 * 2.5.
        var (intercept, coefficients) = ReturnBaselines.FitRidge(rows, [2.0, 3, 5, 6], 2);
        Assert.Equal(1.0, coefficients[0], 14);
        Assert.Equal(1.5, intercept, 14);
    }

    [Fact]
    public void Ridge_coefficients_satisfy_the_penalized_normal_equations_checked_by_a_plain_loop()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 4).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        var targets = rows.Select(r => 0.3 + r[0] - (2 * r[2]) + (0.1 * (random.NextDouble() - 0.5))).ToArray();
        const double penalty = 0.7;
        var (intercept, beta) = ReturnBaselines.FitRidge(rows, targets, penalty);
        // Stationarity of sum (y - c - x beta)^2 + penalty |beta|^2: residuals sum to zero, and X' e = penalty beta.
        var residuals = rows.Select((r, i) => targets[i] - intercept - r.Select((v, j) => v * beta[j]).Sum()).ToArray();
        Assert.Equal(0, residuals.Sum(), 10);
        for (var j = 0; j < 4; j++) Assert.Equal(penalty * beta[j], rows.Select((r, i) => r[j] * residuals[i]).Sum(), 10);
    }

    [Fact]
    public void Baselines_are_fitted_on_training_rows_only_so_garbage_test_rows_change_no_parameter()
    {
        var data = Prepare();
        var before = ReturnBaselines.All(data);
        var stride = data.Dataset.Lookback * data.Dataset.FeatureCount;
        var test = data.Split.Test;
        Array.Fill(data.Dataset.Inputs, 1e6, test.Start * stride, test.Length * stride);
        Array.Fill(data.Dataset.Targets, -1e6, test.Start, test.Length);
        Array.Fill(data.Test.Inputs, 1e6f);
        Array.Fill(data.Test.Targets, -1e6f);
        var after = ReturnBaselines.All(data);
        for (var b = 0; b < before.Count; b++)
        {
            Assert.Equal(before[b].Parameters, after[b].Parameters);
            Assert.Equal(before[b].Validation, after[b].Validation);
            Assert.Equal(before[b].ValidationMse, after[b].ValidationMse);
        }

        // The garbage did reach the test forecasts of the models that read inputs.
        Assert.NotEqual(before[2].Test, after[2].Test);
        Assert.NotEqual(before[3].Test, after[3].Test);
    }

    [Fact]
    public void The_training_mean_baseline_forecasts_the_plain_average_of_the_training_targets()
    {
        var data = Prepare();
        var mean = ReturnBaselines.TrainingMean(data);
        var expected = 0.0;
        for (var i = data.Split.Train.Start; i < data.Split.Train.End; i++) expected += data.Dataset.Targets[i];
        expected /= data.Split.Train.Length;
        Assert.Equal(expected, mean.Test[0], 13);
        Assert.All(mean.Validation, v => Assert.Equal(expected, v, 13));
    }

    [Fact]
    public void The_best_baseline_is_chosen_by_validation_mse_and_the_ridge_penalty_by_validation_too()
    {
        var data = Prepare();
        var all = ReturnBaselines.All(data);
        Assert.Equal(["zero", "mean", "ar1", "ridge"], all.Select(b => b.Name));
        Assert.Equal(all.MinBy(b => b.ValidationMse), ReturnBaselines.BestByValidation(all));
        var ridge = all[3];
        var others = ReturnBaselines.RidgePenalties.Where(p => p != ridge.Parameters["penalty"]).ToArray();
        Assert.All(others, p => Assert.True(ReturnBaselines.Ridge(data, [p]).ValidationMse >= ridge.ValidationMse));
        Assert.Equal(100, data.Train.TimeSteps * data.Train.Features); // 20 days x 5 feat inputs
    }
}
