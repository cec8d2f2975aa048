using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using VolNotebooks.Datasets;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Training;

/// <summary>The ablation study's Stage-1 baselines for next-day returns (research 003 compares its LSTMs with them):
/// zero, the training mean, an AR(1) and a ridge regression on the flattened inputs. Every parameter is fitted on the
/// training samples only; the validation samples only choose the ridge penalty.</summary>
/// <remarks>Forecasts are in the target's unit (percent log return, <c>TargetKind.Return</c>) and aligned with the
/// prepared data's validation and test samples, so they are scored on exactly the days a network is.</remarks>
public static class ReturnBaselines
{
    /// <summary>The ridge penalties tried, in decades from 0.01 to 10^6 (inputs are standardized, so the penalty is
    /// comparable with the training sample count; the largest shrinks almost to the training mean).</summary>
    public static IReadOnlyList<double> RidgePenalties { get; } = [0.01, 0.1, 1, 10, 100, 1e3, 1e4, 1e5, 1e6];

    /// <summary>All four baselines on <paramref name="data"/>: zero, training mean, AR(1), ridge (on the data's own
    /// inputs: pass data prepared with the <c>feat</c> recipe for the study's ridge).</summary>
    /// <param name="data">Prepared next-day return data whose features include <c>log_return</c>.</param>
    public static IReadOnlyList<ReturnBaseline> All(PreparedData data) => [Zero(data), TrainingMean(data), Ar1(data), Ridge(data)];

    /// <summary>The baseline with the lowest validation MSE (the first on a tie): chosen without looking at the test part.</summary>
    /// <param name="baselines">Fitted baselines.</param>
    public static ReturnBaseline BestByValidation(IReadOnlyList<ReturnBaseline> baselines)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        if (baselines.Count == 0) throw new ArgumentException("no baselines to choose from", nameof(baselines));
        var best = baselines[0];
        foreach (var b in baselines.Skip(1))
        {
            if (b.ValidationMse < best.ValidationMse) best = b;
        }

        return best;
    }

    /// <summary>Forecasts a return of zero every day (the random walk's forecast of a log price change).</summary>
    /// <param name="data">Prepared return data.</param>
    public static ReturnBaseline Zero(PreparedData data)
    {
        RequireReturns(data);
        return Make(data, "zero", "0 every day", new Dictionary<string, double>(), _ => 0);
    }

    /// <summary>Forecasts the mean of the training targets every day.</summary>
    /// <param name="data">Prepared return data.</param>
    public static ReturnBaseline TrainingMean(PreparedData data)
    {
        RequireReturns(data);
        var mean = Mean(data.Dataset.Targets.AsSpan(data.Split.Train.Start, data.Split.Train.Length));
        return Make(data, "mean", Invariant($"training mean {mean:0.0000} %"), new Dictionary<string, double> { ["mean"] = mean }, _ => mean);
    }

    /// <summary>The AR(1) <c>r_t = c + phi r_(t-1)</c> fitted by ordinary least squares on the training samples'
    /// (previous return, return) pairs; forecasts <c>c + phi r_(t-1)</c>.</summary>
    /// <param name="data">Prepared return data whose features include <c>log_return</c> (the previous day's return is
    /// the last input step's, times 100).</param>
    public static ReturnBaseline Ar1(PreparedData data)
    {
        RequireReturns(data);
        var lagged = LaggedReturns(data);
        var train = data.Split.Train;
        var (intercept, slope) = FitAr1(lagged.AsSpan(train.Start, train.Length), data.Dataset.Targets.AsSpan(train.Start, train.Length));
        return Make(data, "ar1", Invariant($"AR(1): {intercept:0.0000} + {slope:0.0000} r(t-1)"),
            new Dictionary<string, double> { ["intercept"] = intercept, ["slope"] = slope }, i => intercept + (slope * lagged[i]));
    }

    /// <summary>Ordinary least squares of <c>y = c + phi x</c>: <c>phi = S_xy / S_xx</c>, <c>c = mean(y) - phi mean(x)</c>.</summary>
    /// <param name="previous">x, the previous day's returns.</param>
    /// <param name="returns">y, the returns, aligned.</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 3 pairs, or x is constant.</exception>
    public static (double Intercept, double Slope) FitAr1(ReadOnlySpan<double> previous, ReadOnlySpan<double> returns)
    {
        if (previous.Length != returns.Length) throw new ArgumentException($"{previous.Length} previous returns for {returns.Length} returns");
        if (previous.Length < 3) throw new ArgumentException($"an AR(1) fit needs at least 3 pairs, got {previous.Length}");
        var (meanX, meanY) = (Mean(previous), Mean(returns));
        double sxx = 0, sxy = 0;
        for (var t = 0; t < previous.Length; t++)
        {
            sxx += (previous[t] - meanX) * (previous[t] - meanX);
            sxy += (previous[t] - meanX) * (returns[t] - meanY);
        }

        if (!(sxx > 0)) throw new ArgumentException("the previous returns are constant, so the AR(1) slope is undefined");
        var slope = sxy / sxx;
        return (meanY - (slope * meanX), slope);
    }

    /// <summary>Ridge regression of the return on the flattened, standardized inputs <c>[T*F]</c> of each sample, with an
    /// unpenalized intercept; fitted on the training samples for every penalty in <paramref name="penalties"/>, keeping the
    /// one with the lowest validation MSE.</summary>
    /// <param name="data">Prepared return data (the study uses the <c>feat</c> recipe: T = 20, F = 5, 100 regressors).</param>
    /// <param name="penalties">Penalties to try (default <see cref="RidgePenalties"/>), each &gt; 0.</param>
    public static ReturnBaseline Ridge(PreparedData data, IReadOnlyList<double>? penalties = null)
    {
        RequireReturns(data);
        penalties ??= RidgePenalties;
        if (penalties.Count == 0 || penalties.Any(p => !(p > 0))) throw new ArgumentException("ridge penalties must be positive", nameof(penalties));
        var trainX = Rows(data.Train);
        var validationX = Rows(data.Validation);
        var trainY = data.Dataset.Targets[data.Split.Train.ToRange()];
        var validationY = data.ValidationActuals;
        (double Penalty, double Intercept, double[] Coefficients, double Mse)? best = null;
        foreach (var penalty in penalties)
        {
            var (intercept, coefficients) = FitRidge(trainX, trainY, penalty);
            var forecast = validationX.Select(x => Predict(intercept, coefficients, x)).ToArray();
            var mse = ForecastMetrics.Mse(validationY, forecast);
            if (best is null || mse < best.Value.Mse) best = (penalty, intercept, coefficients, mse);
        }

        var chosen = best!.Value;
        var testX = Rows(data.Test);
        var validation = validationX.Select(x => Predict(chosen.Intercept, chosen.Coefficients, x)).ToArray();
        var test = testX.Select(x => Predict(chosen.Intercept, chosen.Coefficients, x)).ToArray();
        var parameters = new Dictionary<string, double> { ["penalty"] = chosen.Penalty, ["intercept"] = chosen.Intercept };
        return new ReturnBaseline("ridge", Invariant($"ridge on {trainX[0].Length} lagged inputs, penalty {chosen.Penalty:G3} (validation MSE)"),
            parameters, validation, test, chosen.Mse);
    }

    /// <summary>Ridge regression <c>min_(c, beta) sum (y - c - x beta)^2 + penalty |beta|^2</c>: inputs and targets centred
    /// on their means, <c>(Xc' Xc + penalty I) beta = Xc' yc</c> solved by Cholesky, <c>c = mean(y) - mean(x) beta</c>.</summary>
    /// <param name="rows">Regressors, one row per observation, all rows of equal length.</param>
    /// <param name="targets">y, one per row.</param>
    /// <param name="penalty">The L2 penalty, &gt; 0 (the intercept is not penalized).</param>
    public static (double Intercept, double[] Coefficients) FitRidge(IReadOnlyList<double[]> rows, ReadOnlySpan<double> targets, double penalty)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count != targets.Length) throw new ArgumentException($"{rows.Count} rows for {targets.Length} targets");
        if (rows.Count < 2) throw new ArgumentException("a ridge fit needs at least 2 rows");
        if (!(penalty > 0)) throw new ArgumentOutOfRangeException(nameof(penalty), penalty, "the ridge penalty must be positive");
        var p = rows[0].Length;
        var meanX = new double[p];
        foreach (var row in rows)
        {
            if (row.Length != p) throw new ArgumentException("rows differ in length", nameof(rows));
            for (var j = 0; j < p; j++) meanX[j] += row[j];
        }

        for (var j = 0; j < p; j++) meanX[j] /= rows.Count;
        var meanY = Mean(targets);
        var gram = Matrix<double>.Build.Dense(p, p);
        var moment = Vector<double>.Build.Dense(p);
        var centred = new double[p];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < p; j++) centred[j] = rows[i][j] - meanX[j];
            var y = targets[i] - meanY;
            for (var j = 0; j < p; j++)
            {
                moment[j] += centred[j] * y;
                for (var k = 0; k <= j; k++) gram[j, k] += centred[j] * centred[k];
            }
        }

        for (var j = 0; j < p; j++)
        {
            for (var k = 0; k < j; k++) gram[k, j] = gram[j, k];
            gram[j, j] += penalty;
        }

        var coefficients = gram.Cholesky().Solve(moment).ToArray();
        var intercept = meanY;
        for (var j = 0; j < p; j++) intercept -= meanX[j] * coefficients[j];
        return (intercept, coefficients);
    }

    /// <summary>Per sample of <paramref name="data"/>'s dataset, the previous day's return in percent: the unscaled
    /// <c>log_return</c> of the last input step, times 100 (the target's unit).</summary>
    /// <param name="data">Prepared data whose features include <c>log_return</c>.</param>
    public static double[] LaggedReturns(PreparedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var dataset = data.Dataset;
        var column = dataset.FeatureNames.ToList().IndexOf("log_return");
        if (column < 0) throw new ArgumentException($"the AR(1) baseline needs the log_return feature; the data has {string.Join(", ", dataset.FeatureNames)}");
        var (steps, features) = (dataset.Lookback, dataset.FeatureCount);
        var lagged = new double[dataset.Count];
        for (var i = 0; i < lagged.Length; i++) lagged[i] = 100 * dataset.Inputs[(((i * steps) + steps - 1) * features) + column];
        return lagged;
    }

    private static ReturnBaseline Make(PreparedData data, string name, string description, Dictionary<string, double> parameters, Func<int, double> forecastOfSample)
    {
        var validation = Enumerable.Range(data.Split.Validation.Start, data.Split.Validation.Length).Select(forecastOfSample).ToArray();
        var test = Enumerable.Range(data.Split.Test.Start, data.Split.Test.Length).Select(forecastOfSample).ToArray();
        return new ReturnBaseline(name, description, parameters, validation, test, ForecastMetrics.Mse(data.ValidationActuals, validation));
    }

    // x [N, T*F]: each sample's scaled inputs, flattened time-major as the engine stores them.
    private static double[][] Rows(SequenceData part)
    {
        var width = part.TimeSteps * part.Features;
        var rows = new double[part.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[width];
            for (var j = 0; j < width; j++) rows[i][j] = part.Inputs[(i * width) + j];
        }

        return rows;
    }

    private static double Predict(double intercept, double[] coefficients, double[] x)
    {
        var sum = intercept;
        for (var j = 0; j < x.Length; j++) sum += coefficients[j] * x[j];
        return sum;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    private static void RequireReturns(PreparedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Target != TargetKind.Return)
            throw new ArgumentException($"return baselines forecast next-day returns; the data's target is {data.Target}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
