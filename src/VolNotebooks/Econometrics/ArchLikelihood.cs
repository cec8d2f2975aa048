using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace VolNotebooks.Econometrics;

/// <summary>Classic and robust covariance matrices of the parameter estimates (k x k, flat-vector order).</summary>
/// <param name="Classic">Inverse of the negative Hessian of the log-likelihood.</param>
/// <param name="Robust">Bollerslev-Wooldridge sandwich <c>H^-1 J H^-1</c>, J the outer product of per-observation scores.</param>
public sealed record CovarianceEstimates(double[,] Classic, double[,] Robust);

/// <summary>Log-likelihood of one model on one sample, with reusable buffers so each evaluation allocates nothing.</summary>
internal sealed class ArchLikelihood
{
    private readonly ArchModel _model;
    private readonly double[] _returns;
    private readonly double _backcast;
    private readonly double[] _residuals;
    private readonly double[] _sigma2;

    public ArchLikelihood(ArchModel model, ReadOnlySpan<double> returns, double backcast)
    {
        _model = model;
        _returns = returns.ToArray();
        _backcast = backcast;
        _residuals = new double[returns.Length - model.Mean.HoldBack];
        _sigma2 = new double[_residuals.Length];
    }

    public int Observations => _residuals.Length;

    /// <summary>Residuals, then conditional variance, then density.</summary>
    public double LogLikelihood(ReadOnlySpan<double> parameters)
    {
        _model.Mean.Residuals(parameters[_model.MeanSlice], _returns, _residuals);
        _model.Volatility.ComputeVariance(parameters[_model.VolatilitySlice], _residuals, _backcast, _sigma2);
        double value = _model.Distribution.LogLikelihood(parameters[_model.DistributionSlice], _residuals, _sigma2);
        return double.IsFinite(value) ? value : double.NaN;
    }

    public void Contributions(ReadOnlySpan<double> parameters, Span<double> destination)
    {
        _model.Mean.Residuals(parameters[_model.MeanSlice], _returns, _residuals);
        _model.Volatility.ComputeVariance(parameters[_model.VolatilitySlice], _residuals, _backcast, _sigma2);
        _model.Distribution.LogLikelihoodContributions(parameters[_model.DistributionSlice], _residuals, _sigma2, destination);
    }

    /// <summary>Inverse of the per-observation outer product of scores, <c>(J / n)^-1</c>: a BHHH curvature model for the optimizer.</summary>
    /// <remarks>
    /// By the information equality <c>E[s s'] = -E[H]</c>, so this approximates the inverse Hessian of the per-observation
    /// negative log-likelihood. Scores by forward differences (k + 1 likelihood passes). Null when J is singular.
    /// </remarks>
    public double[,]? InverseScoreOuterProduct(double[] parameters)
    {
        int k = parameters.Length;
        int n = Observations;
        if (k == 0) return null;
        var probe = (double[])parameters.Clone();
        var center = new double[n];
        Contributions(parameters, center);
        var scores = new double[k][];
        for (int i = 0; i < k; i++)
        {
            double h = 1.5e-8 * Math.Max(Math.Abs(parameters[i]), 0.1);
            Array.Copy(parameters, probe, k);
            probe[i] += h;
            scores[i] = new double[n];
            Contributions(probe, scores[i]);
            TensorPrimitives.Subtract(scores[i], center, scores[i]);
            TensorPrimitives.Divide(scores[i], h, scores[i]);
        }
        var outer = OuterProduct(scores) / n;
        if (!outer.Enumerate().All(double.IsFinite)) return null;
        var inverse = outer.Inverse();
        if (!inverse.Enumerate().All(double.IsFinite)) return null;
        for (int i = 0; i < k; i++)
            if (!(inverse[i, i] > 0)) return null;
        return inverse.ToArray();
    }

    /// <summary>Numerical Hessian and score outer product, inverted into classic and robust covariances.</summary>
    /// <remarks>
    /// Scores <c>s_t = d l_t / d theta</c> by central differences of the per-observation contributions (steps
    /// <c>1e-5 max(|theta_i|, 0.1)</c>), <c>J = sum_t s_t s_t'</c>. The Hessian uses central second differences with steps of
    /// a fifth of the outer-product standard error <c>sqrt((J^-1)_ii)</c>: a step on the scale of the estimate's own
    /// uncertainty averages over the kinks that <c>|z|</c> puts into EGARCH's likelihood, where a tiny step can land on one
    /// and explode, while staying small enough that the SPY GARCH and GJR-t standard errors agree with a 1/50-SE step to 0.4%.
    /// Robust covariance after Bollerslev and Wooldridge (1992). A singular Hessian yields NaN entries.
    /// </remarks>
    public CovarianceEstimates Covariance(double[] parameters)
    {
        int k = parameters.Length;
        int n = Observations;
        var probe = (double[])parameters.Clone();

        // Per-observation scores, accumulated into the outer product J.
        var scores = new double[k][];
        var down = new double[n];
        for (int i = 0; i < k; i++)
        {
            double h = 1e-5 * Math.Max(Math.Abs(parameters[i]), 0.1);
            Array.Copy(parameters, probe, k);
            probe[i] += h;
            scores[i] = new double[n];
            Contributions(probe, scores[i]);
            probe[i] -= 2 * h;
            Contributions(probe, down);
            TensorPrimitives.Subtract(scores[i], down, scores[i]);
            TensorPrimitives.Divide(scores[i], 2 * h, scores[i]);
        }
        var outerProduct = OuterProduct(scores);

        double center = LogLikelihood(parameters);
        var steps = HessianSteps(parameters, outerProduct, center, probe);
        double Shifted(int i, double di, int j, double dj)
        {
            Array.Copy(parameters, probe, k);
            probe[i] += di * steps[i];
            probe[j] += dj * steps[j];
            return LogLikelihood(probe);
        }

        var hessian = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
        {
            hessian[i, i] = (Shifted(i, 1, i, 0) - 2 * center + Shifted(i, -1, i, 0)) / (steps[i] * steps[i]);
            for (int j = 0; j < i; j++)
            {
                double value = (Shifted(i, 1, j, 1) - Shifted(i, 1, j, -1) - Shifted(i, -1, j, 1) + Shifted(i, -1, j, -1))
                    / (4 * steps[i] * steps[j]);
                hessian[i, j] = value;
                hessian[j, i] = value;
            }
        }

        // Restore buffers to the estimate so callers reading them see the fitted state.
        LogLikelihood(parameters);

        bool finite = hessian.Enumerate().All(double.IsFinite);
        var negativeInverse = finite ? (-hessian).Inverse() : Matrix<double>.Build.Dense(k, k, double.NaN);
        var robust = negativeInverse * outerProduct * negativeInverse;
        return new CovarianceEstimates(negativeInverse.ToArray(), robust.ToArray());
    }

    private double[] HessianSteps(double[] parameters, Matrix<double> outerProduct, double center, double[] probe)
    {
        int k = parameters.Length;
        var steps = new double[k];
        Matrix<double>? outerInverse = null;
        if (outerProduct.Enumerate().All(double.IsFinite))
        {
            var candidate = outerProduct.Inverse();
            if (candidate.Enumerate().All(double.IsFinite)) outerInverse = candidate;
        }
        for (int i = 0; i < k; i++)
        {
            double fallback = 1e-4 * Math.Max(Math.Abs(parameters[i]), 0.1);
            double variance = outerInverse?[i, i] ?? double.NaN;
            double step = variance > 0 ? 0.2 * Math.Sqrt(variance) : fallback;
            // Shrink until both neighbours have a finite likelihood that is not wildly off the quadratic scale.
            for (int attempt = 0; attempt < 30; attempt++)
            {
                Array.Copy(parameters, probe, k);
                probe[i] = parameters[i] + step;
                double plus = LogLikelihood(probe);
                probe[i] = parameters[i] - step;
                double minus = LogLikelihood(probe);
                if (double.IsFinite(plus) && double.IsFinite(minus) && center - plus < 50 && center - minus < 50) break;
                step *= 0.5;
            }
            steps[i] = step;
        }
        return steps;
    }

    /// <summary><c>J[i, j] = sum_t s_i[t] s_j[t]</c> for per-parameter score vectors.</summary>
    private static Matrix<double> OuterProduct(double[][] scores)
    {
        int k = scores.Length;
        var outer = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
            for (int j = 0; j <= i; j++)
            {
                // Added left to right, not by TensorPrimitives.Dot, whose grouping follows the machine's vector width.
                double value = 0.0;
                for (int t = 0; t < scores[i].Length; t++) value += scores[i][t] * scores[j][t];
                outer[i, j] = value;
                outer[j, i] = value;
            }
        return outer;
    }
}
