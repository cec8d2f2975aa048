using VolNotebooks.Datasets;
using VolNotebooks.Models;
using VolNotebooks.Neural;

namespace VolNotebooks.Explain;

/// <summary>SHAP for a sequence forecaster: Shapley values of its F features, each grouped over all T days of the input
/// window, against a background set of rows (from the training period) that stands in for "feature unknown".</summary>
/// <remarks>
/// The value of a coalition S is <c>v(S) = mean over background rows b of f(x_S, b_(not S))</c> - the interventional
/// (KernelExplainer) definition: the features in S keep the explained sample's values on every day, the others take the
/// background row's. Exact Shapley values enumerate all 2^F coalitions,
/// <c>phi_i = sum over S not containing i of |S|! (F - |S| - 1)! / F! [v(S + i) - v(S)]</c>; Kernel SHAP (Lundberg and Lee
/// 2017) samples coalitions with the Shapley kernel's size distribution, in complementary pairs, and solves the least
/// squares fit of <c>v(S) - v(empty)</c> by <c>sum over i in S of phi_i</c> under the efficiency constraint
/// <c>sum phi_i = f(x) - v(empty)</c>. Both satisfy efficiency exactly.
/// </remarks>
public sealed class ShapleyExplainer
{
    private const int MaxRowsPerCall = 4096;
    private readonly Func<float[], double[]> _model;
    private readonly float[] _background;
    private readonly int _backgroundRows;
    private readonly int _stride;

    /// <summary>Explains <paramref name="model"/> against <paramref name="background"/>.</summary>
    /// <param name="model">Maps row-major inputs <c>[N, T, F]</c> to N forecasts.</param>
    /// <param name="timeSteps">T, days per input window.</param>
    /// <param name="features">Feature names (F of them): the players.</param>
    /// <param name="background">Row-major background inputs <c>[N_b, T, F]</c>, at least one row (training rows only).</param>
    public ShapleyExplainer(Func<float[], double[]> model, int timeSteps, IReadOnlyList<string> features, float[] background)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(background);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSteps, 1);
        if (features.Count is < 1 or > 24) throw new ArgumentOutOfRangeException(nameof(features), features.Count, "between 1 and 24 features are supported");
        _stride = timeSteps * features.Count;
        if (background.Length == 0 || background.Length % _stride != 0)
            throw new ArgumentException($"the background holds {background.Length} values, not whole rows of [{timeSteps}, {features.Count}]", nameof(background));
        _model = model;
        TimeSteps = timeSteps;
        Features = [.. features];
        _background = background;
        _backgroundRows = background.Length / _stride;
    }

    /// <summary>T, days per input window.</summary>
    public int TimeSteps { get; }

    /// <summary>The players: feature names, F of them.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>The function SHAP explains for one output column of a model, on the model's (scaled) targets times
    /// <paramref name="scale"/>.</summary>
    /// <param name="model">A forecaster.</param>
    /// <param name="output">Which output column (0 .. O-1).</param>
    /// <param name="timeSteps">T.</param>
    /// <param name="scale">Multiplies the forecast (e.g. the data's target scale, to explain in percent).</param>
    public static Func<float[], double[]> Output(ForecastModel model, int output, int timeSteps, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(output, model.Outputs);
        return inputs =>
        {
            var all = model.Predict(inputs, timeSteps);
            var n = all.Length / model.Outputs;
            var result = new double[n];
            for (var i = 0; i < n; i++) result[i] = all[(i * model.Outputs) + output] * scale;
            return result;
        };
    }

    /// <summary><paramref name="count"/> samples of <paramref name="data"/> spread evenly over it (first and last included),
    /// row-major <c>[count, T, F]</c>: a background from training samples, or the days to explain.</summary>
    /// <param name="data">Samples <c>[N, T, F]</c>.</param>
    /// <param name="count">How many, between 1 and N.</param>
    public static float[] EvenlySpacedRows(SequenceData data, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, data.Count);
        var stride = data.TimeSteps * data.Features;
        var rows = new float[count * stride];
        for (var i = 0; i < count; i++)
        {
            var n = count == 1 ? 0 : (int)Math.Round(i * (data.Count - 1) / (double)(count - 1));
            data.Inputs.AsSpan(n * stride, stride).CopyTo(rows.AsSpan(i * stride));
        }

        return rows;
    }

    /// <summary>Every window's last-day value of each feature: what a beeswarm colours a feature's Shapley value by
    /// (<see cref="Reports.ExplanationCharts.Beeswarm"/>).</summary>
    /// <param name="rows">Windows, row-major <c>[n, T, F]</c>, e.g. from <see cref="EvenlySpacedRows"/>.</param>
    /// <param name="timeSteps">T.</param>
    /// <param name="features">F.</param>
    public static double[][] LastDayValues(float[] rows, int timeSteps, int features)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var stride = timeSteps * features;
        if (stride <= 0 || rows.Length % stride != 0) throw new ArgumentException($"{rows.Length} values are not windows of [{timeSteps}, {features}]", nameof(rows));
        return [.. Enumerable.Range(0, rows.Length / stride).Select(n => rows.AsSpan((n * stride) + stride - features, features).ToArray().Select(v => (double)v).ToArray())];
    }

    /// <summary>The sample indices <see cref="EvenlySpacedRows"/> picks.</summary>
    /// <param name="samples">N.</param>
    /// <param name="count">How many, between 1 and N.</param>
    public static int[] EvenlySpacedIndices(int samples, int count) =>
        [.. Enumerable.Range(0, count).Select(i => count == 1 ? 0 : (int)Math.Round(i * (samples - 1) / (double)(count - 1)))];

    /// <summary>Kernel SHAP (or exact, when the budget covers every coalition) of every sample in <paramref name="samples"/>.</summary>
    /// <param name="samples">Row-major <c>[N, T, F]</c>.</param>
    /// <param name="coalitions">Coalitions per sample, at least 2F.</param>
    /// <param name="seed">Seeds sample n's sampling with <c>seed + n</c>.</param>
    public IReadOnlyList<ShapleyExplanation> KernelAll(float[] samples, int coalitions, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length % _stride != 0) throw new ArgumentException($"{samples.Length} values are not samples of {_stride}", nameof(samples));
        return [.. Enumerable.Range(0, samples.Length / _stride).Select(n => Kernel(samples.AsSpan(n * _stride, _stride), coalitions, seed + (ulong)n))];
    }

    /// <summary>Exact Shapley values of the sample <paramref name="x"/> by enumerating all 2^F coalitions.</summary>
    /// <param name="x">One input window, row-major <c>[T, F]</c>.</param>
    public ShapleyExplanation Exact(ReadOnlySpan<float> x)
    {
        RequireSample(x);
        var m = Features.Count;
        var masks = Enumerable.Range(0, 1 << m).ToArray();
        var v = Values(x, masks);
        var weight = new double[m];
        for (var s = 0; s < m; s++) weight[s] = 1.0 / (m * Binomial(m - 1, s));
        var phi = new double[m];
        for (var mask = 0; mask < masks.Length; mask++)
        {
            var size = int.PopCount(mask);
            for (var i = 0; i < m; i++)
            {
                if ((mask & (1 << i)) == 0) phi[i] += weight[size] * (v[mask | (1 << i)] - v[mask]);
            }
        }

        return new ShapleyExplanation(Features, phi, v[0], v[^1], masks.Length, Exact: true);
    }

    /// <summary>Kernel SHAP of the sample <paramref name="x"/> with about <paramref name="coalitions"/> sampled coalitions
    /// (exact enumeration when that covers all of them).</summary>
    /// <param name="x">One input window, row-major <c>[T, F]</c>.</param>
    /// <param name="coalitions">Coalitions to evaluate besides the empty and the full one, at least 2F.</param>
    /// <param name="seed">Seeds the sampling: same seed, same values.</param>
    public ShapleyExplanation Kernel(ReadOnlySpan<float> x, int coalitions, ulong seed)
    {
        RequireSample(x);
        var m = Features.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(coalitions, 2 * m);
        if (coalitions >= (1 << m) - 2) return Exact(x);

        // Shapley kernel's size distribution: p(s) proportional to (M-1) / (s (M-s)), s = 1 .. M-1.
        var sizeWeights = Enumerable.Range(1, m - 1).Select(s => (m - 1.0) / (s * (double)(m - s))).ToArray();
        var total = sizeWeights.Sum();
        var rng = new RandomSource(seed);
        var full = (1 << m) - 1;
        var sampled = new List<int>(coalitions + 2) { 0, full };
        var order = Enumerable.Range(0, m).ToArray();
        while (sampled.Count < coalitions + 2)
        {
            var u = rng.NextDouble() * total;
            var size = 1;
            while (size < m - 1 && u >= sizeWeights[size - 1])
            {
                u -= sizeWeights[size - 1];
                size++;
            }

            for (var i = 0; i < size; i++)
            {
                var j = i + rng.NextInt(m - i);
                (order[i], order[j]) = (order[j], order[i]);
            }

            var mask = 0;
            for (var i = 0; i < size; i++) mask |= 1 << order[i];
            sampled.Add(mask);
            sampled.Add(full ^ mask);   // the complementary pair halves the variance
        }

        var v = Values(x, [.. sampled]);
        var baseValue = v[0];
        var delta = v[1] - baseValue;

        // Eliminate phi_(M-1) = delta - sum of the others: y = v(z) - v0 - z_(M-1) delta on columns z_j - z_(M-1).
        var p = m - 1;
        var xtx = new double[p, p];
        var xty = new double[p];
        var row = new double[p];
        for (var n = 2; n < sampled.Count; n++)
        {
            var z = sampled[n];
            var last = (z >> (m - 1)) & 1;
            for (var j = 0; j < p; j++) row[j] = ((z >> j) & 1) - last;
            var y = v[n] - baseValue - (last * delta);
            for (var a = 0; a < p; a++)
            {
                xty[a] += row[a] * y;
                for (var b = 0; b < p; b++) xtx[a, b] += row[a] * row[b];
            }
        }

        var solved = Solve(xtx, xty);
        var phi = new double[m];
        Array.Copy(solved, phi, p);
        phi[m - 1] = delta - solved.Sum();
        return new ShapleyExplanation(Features, phi, baseValue, v[1], sampled.Count, Exact: false);
    }

    /// <summary>v(S) for each coalition mask (bit i set: feature i keeps the sample's values).</summary>
    private double[] Values(ReadOnlySpan<float> x, int[] masks)
    {
        var f = Features.Count;
        var perCall = Math.Max(1, MaxRowsPerCall / _backgroundRows);
        var v = new double[masks.Length];
        for (var start = 0; start < masks.Length; start += perCall)
        {
            var count = Math.Min(perCall, masks.Length - start);
            var batch = new float[count * _backgroundRows * _stride];
            for (var c = 0; c < count; c++)
            {
                var mask = masks[start + c];
                for (var b = 0; b < _backgroundRows; b++)
                {
                    var target = batch.AsSpan(((c * _backgroundRows) + b) * _stride, _stride);
                    _background.AsSpan(b * _stride, _stride).CopyTo(target);
                    for (var k = 0; k < _stride; k++)
                    {
                        if ((mask & (1 << (k % f))) != 0) target[k] = x[k];
                    }
                }
            }

            var outputs = _model(batch);
            if (outputs.Length != count * _backgroundRows)
                throw new InvalidOperationException($"the model returned {outputs.Length} forecasts for {count * _backgroundRows} rows");
            for (var c = 0; c < count; c++) v[start + c] = outputs.AsSpan(c * _backgroundRows, _backgroundRows).ToArray().Average();
        }

        return v;
    }

    private void RequireSample(ReadOnlySpan<float> x)
    {
        if (x.Length != _stride) throw new ArgumentException($"a sample is [{TimeSteps}, {Features.Count}] = {_stride} values, got {x.Length}", nameof(x));
    }

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }

    // Gaussian elimination with partial pivoting; a tiny ridge keeps a rank-deficient sample solvable.
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var y = (double[])b.Clone();
        for (var i = 0; i < n; i++) m[i, i] += 1e-12;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            }

            if (pivot != col)
            {
                for (var c = 0; c < n; c++) (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
                (y[col], y[pivot]) = (y[pivot], y[col]);
            }

            for (var r = col + 1; r < n; r++)
            {
                var factor = m[r, col] / m[col, col];
                for (var c = col; c < n; c++) m[r, c] -= factor * m[col, c];
                y[r] -= factor * y[col];
            }
        }

        var solution = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = y[r];
            for (var c = r + 1; c < n; c++) sum -= m[r, c] * solution[c];
            solution[r] = sum / m[r, r];
        }

        return solution;
    }
}
