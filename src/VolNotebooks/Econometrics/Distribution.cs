using System.Runtime.Intrinsics;
using System.Buffers;
using System.Numerics.Tensors;
using MathNet.Numerics;

namespace VolNotebooks.Econometrics;

/// <summary>Density of the standardized residuals <c>z_t = e_t / sigma_t</c>: the third component an <see cref="ArchModel"/> composes.</summary>
/// <remarks>Every distribution here has mean 0 and variance 1, so <c>sigma2_t</c> is the conditional variance of the return.</remarks>
public abstract class Distribution
{
    /// <summary>Natural log of 2 pi, the normal density's constant.</summary>
    protected static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>Textbook names of the shape parameters in flat-vector order (e.g. <c>nu</c>).</summary>
    public abstract IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Number of shape parameters.</summary>
    public int ParameterCount => ParameterNames.Count;

    /// <summary>Short label used in summaries, e.g. "Standardized Student's t".</summary>
    public abstract string Name { get; }

    /// <summary>Starting values of the shape parameters.</summary>
    public abstract double[] StartingValues();

    /// <summary>Bounds of each shape parameter.</summary>
    public abstract ParameterBounds[] Bounds();

    /// <summary>Log-likelihood <c>sum_t ln f(e_t; sigma2_t, theta)</c> of residuals with conditional variances <paramref name="sigma2"/>.</summary>
    public abstract double LogLikelihood(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2);

    /// <summary>Per-observation log-likelihood contributions <c>ln f(e_t; sigma2_t, theta)</c>.</summary>
    public abstract void LogLikelihoodContributions(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, Span<double> destination);

    /// <summary><c>E[z^2 1[z &lt; 0]]</c>: the share of the unit variance that comes from negative shocks (1/2 when symmetric).</summary>
    /// <remarks>Needed by the analytic multi-step forecasts of asymmetric (GJR) variance processes.</remarks>
    public virtual double NegativeSquareShare(ReadOnlySpan<double> parameters) => 0.5;

    /// <summary>One draw of a standardized (mean 0, variance 1) shock.</summary>
    public abstract double Sample(ReadOnlySpan<double> parameters, Random random);

    /// <summary>A standard normal draw by the Box-Muller transform.</summary>
    protected static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A Student-t draw with <paramref name="nu"/> degrees of freedom scaled to unit variance.</summary>
    protected static double StandardizedStudentT(double nu, Random random)
    {
        double chiSquare = 2.0 * MathNet.Numerics.Distributions.Gamma.Sample(random, nu / 2.0, 1.0);
        double t = StandardNormal(random) / Math.Sqrt(chiSquare / nu);
        return t * Math.Sqrt((nu - 2.0) / nu);
    }

    /// <summary>Natural logarithms of <paramref name="x"/> into <paramref name="destination"/>, four lanes at a time.</summary>
    /// <remarks>TensorPrimitives.Log picks 128-, 256- or 512-bit vectors by machine; Vector256.Log on every machine, the
    /// tail padded into one more vector, gives the same logarithms wherever AVX2 is, whatever wider vectors it has.</remarks>
    protected static void FixedWidthLog(ReadOnlySpan<double> x, Span<double> destination)
    {
        int lanes = Vector256<double>.Count;
        int i = 0;
        for (; i + lanes <= x.Length; i += lanes)
            Vector256.Log(Vector256.Create(x.Slice(i, lanes))).CopyTo(destination.Slice(i, lanes));
        if (i == x.Length) return;
        Span<double> tail = stackalloc double[lanes];
        tail.Fill(1.0);
        x[i..].CopyTo(tail);
        var logs = Vector256.Log(Vector256.Create((ReadOnlySpan<double>)tail));
        for (int k = 0; i + k < x.Length; k++) destination[i + k] = logs[k];
    }

    /// <summary>The sum of <paramref name="values"/> added left to right.</summary>
    /// <remarks>TensorPrimitives.Sum groups its additions by the widest vector the machine has, so an AVX-512 machine
    /// and an AVX2 one would fit slightly different GARCH parameters; one fixed order keeps every fit the same on both.</remarks>
    protected static double SequentialSum(ReadOnlySpan<double> values)
    {
        double sum = 0.0;
        foreach (double v in values) sum += v;
        return sum;
    }
}

/// <summary>Standard normal shocks.</summary>
/// <remarks><c>ln f = -(ln(2 pi) + ln sigma2_t + e_t^2 / sigma2_t) / 2</c>.</remarks>
public sealed class NormalDistribution : Distribution
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = [];

    /// <inheritdoc />
    public override string Name => "Normal";

    /// <inheritdoc />
    public override double[] StartingValues() => [];

    /// <inheritdoc />
    public override ParameterBounds[] Bounds() => [];

    /// <inheritdoc />
    /// <remarks>Effectively <c>-(n ln(2 pi) + sum_t ln sigma2_t + sum_t e_t^2 / sigma2_t) / 2</c>, with SIMD logs: this is the hot loop of every fit.</remarks>
    public override double LogLikelihood(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2)
    {
        int n = residuals.Length;
        double[] rented = ArrayPool<double>.Shared.Rent(n);
        try
        {
            Span<double> buffer = rented.AsSpan(0, n);
            FixedWidthLog(sigma2[..n], buffer);
            double sumLogVariance = SequentialSum(buffer);
            TensorPrimitives.Multiply(residuals, residuals, buffer);
            TensorPrimitives.Divide(buffer, sigma2[..n], buffer);
            double sumStandardizedSquares = SequentialSum(buffer);
            return -0.5 * (n * LogTwoPi + sumLogVariance + sumStandardizedSquares);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public override void LogLikelihoodContributions(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, Span<double> destination)
    {
        int n = residuals.Length;
        Span<double> result = destination[..n];
        FixedWidthLog(sigma2[..n], result);
        for (int t = 0; t < n; t++)
            result[t] = -0.5 * (LogTwoPi + result[t] + residuals[t] * residuals[t] / sigma2[t]);
    }

    /// <inheritdoc />
    public override double Sample(ReadOnlySpan<double> parameters, Random random) => StandardNormal(random);
}

/// <summary>Student's t shocks standardized to unit variance, with degrees of freedom <c>nu &gt; 2</c> estimated.</summary>
/// <remarks>
/// <c>ln f = ln Gamma((nu+1)/2) - ln Gamma(nu/2) - ln(pi (nu-2)) / 2 - ln sigma2_t / 2 - (nu+1)/2 ln(1 + e_t^2 / (sigma2_t (nu-2)))</c>
/// (Bollerslev 1987).
/// </remarks>
public sealed class StudentTDistribution : Distribution
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["nu"];

    /// <inheritdoc />
    public override string Name => "Standardized Student's t";

    /// <inheritdoc />
    public override double[] StartingValues() => [8.0];

    /// <inheritdoc />
    public override ParameterBounds[] Bounds() => [new ParameterBounds(2.05, 500.0)];

    /// <inheritdoc />
    /// <remarks>Effectively the sum of the per-observation terms above, with SIMD logs: this is the hot loop of a t fit.</remarks>
    public override double LogLikelihood(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2)
    {
        double nu = parameters[0];
        int n = residuals.Length;
        double[] rented = ArrayPool<double>.Shared.Rent(n);
        try
        {
            Span<double> buffer = rented.AsSpan(0, n);
            FixedWidthLog(sigma2[..n], buffer);
            double sumLogVariance = SequentialSum(buffer);
            TensorPrimitives.Multiply(residuals, residuals, buffer);
            TensorPrimitives.Divide(buffer, sigma2[..n], buffer);
            TensorPrimitives.Multiply(buffer, 1.0 / (nu - 2.0), buffer);
            TensorPrimitives.Add(buffer, 1.0, buffer);
            FixedWidthLog(buffer, buffer);
            double sumTail = SequentialSum(buffer);
            return n * Constant(nu) - 0.5 * (sumLogVariance + (nu + 1) * sumTail);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public override void LogLikelihoodContributions(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, Span<double> destination)
    {
        double nu = parameters[0];
        double constant = Constant(nu);
        for (int t = 0; t < residuals.Length; t++)
            destination[t] = constant - 0.5 * (Math.Log(sigma2[t]) + (nu + 1) * Math.Log(1.0 + residuals[t] * residuals[t] / (sigma2[t] * (nu - 2.0))));
    }

    /// <inheritdoc />
    public override double Sample(ReadOnlySpan<double> parameters, Random random) => StandardizedStudentT(parameters[0], random);

    private static double Constant(double nu) =>
        SpecialFunctions.GammaLn((nu + 1) / 2) - SpecialFunctions.GammaLn(nu / 2) - 0.5 * Math.Log(Math.PI * (nu - 2));
}

/// <summary>Hansen's (1994) skewed Student's t shocks, standardized to mean 0 and variance 1.</summary>
/// <remarks>
/// Parameters <c>eta</c> (degrees of freedom, &gt; 2) and <c>lambda</c> (asymmetry, in (-1, 1); negative = left-skewed),
/// named as in Hansen and arch. With <c>c = Gamma((eta+1)/2) / (sqrt(pi (eta-2)) Gamma(eta/2))</c>,
/// <c>a = 4 lambda c (eta-2)/(eta-1)</c>, <c>b = sqrt(1 + 3 lambda^2 - a^2)</c>:
/// <c>f(z) = b c (1 + ((b z + a)/(1 -/+ lambda))^2 / (eta-2))^(-(eta+1)/2)</c>, using <c>1 - lambda</c> when <c>z &lt; -a/b</c>.
/// The density of <c>e_t</c> is <c>f(e_t / sigma_t) / sigma_t</c>.
/// </remarks>
public sealed class SkewStudentTDistribution : Distribution
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["eta", "lambda"];

    /// <inheritdoc />
    public override string Name => "Standardized Skew Student's t";

    /// <inheritdoc />
    public override double[] StartingValues() => [8.0, -0.05];

    /// <inheritdoc />
    public override ParameterBounds[] Bounds() => [new ParameterBounds(2.05, 300.0), new ParameterBounds(-0.99, 0.99)];

    /// <inheritdoc />
    public override double LogLikelihood(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2)
    {
        var (eta, lambda, a, b, logConstant) = Shape(parameters);
        double lower = 1.0 / ((1 - lambda) * (1 - lambda) * (eta - 2));
        double upper = 1.0 / ((1 + lambda) * (1 + lambda) * (eta - 2));
        double threshold = -a / b;
        double sumLogVariance = 0, sumTail = 0;
        for (int t = 0; t < residuals.Length; t++)
        {
            double z = residuals[t] / Math.Sqrt(sigma2[t]);
            double shifted = b * z + a;
            sumTail += Math.Log(1.0 + shifted * shifted * (z < threshold ? lower : upper));
            sumLogVariance += Math.Log(sigma2[t]);
        }
        return residuals.Length * logConstant - 0.5 * sumLogVariance - 0.5 * (eta + 1) * sumTail;
    }

    /// <inheritdoc />
    public override void LogLikelihoodContributions(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, Span<double> destination)
    {
        var (eta, lambda, a, b, logConstant) = Shape(parameters);
        for (int t = 0; t < residuals.Length; t++)
        {
            double z = residuals[t] / Math.Sqrt(sigma2[t]);
            double skew = z < -a / b ? 1 - lambda : 1 + lambda;
            double shifted = (b * z + a) / skew;
            destination[t] = logConstant - 0.5 * Math.Log(sigma2[t]) - 0.5 * (eta + 1) * Math.Log(1.0 + shifted * shifted / (eta - 2));
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Two-piece construction: <c>u = b z + a</c> equals <c>-(1-lambda)|s|</c> with probability <c>(1-lambda)/2</c> and
    /// <c>(1+lambda)|s|</c> otherwise, where <c>s</c> is a Student-t(eta) draw scaled by <c>sqrt((eta-2)/eta)</c>.
    /// </remarks>
    public override double Sample(ReadOnlySpan<double> parameters, Random random)
    {
        var (eta, lambda, a, b, _) = Shape(parameters);
        double magnitude = Math.Abs(StandardizedStudentT(eta, random));
        double u = random.NextDouble() < (1 - lambda) / 2 ? -(1 - lambda) * magnitude : (1 + lambda) * magnitude;
        return (u - a) / b;
    }

    /// <inheritdoc />
    /// <remarks>
    /// With <c>u = b z + a</c>, <c>E[z^2 1[z&lt;0]] = E[(u - a)^2 1[u &lt; a]] / b^2</c>. The part over <c>u &lt; 0</c> is closed-form from
    /// the two-piece representation (<c>u = -(1-lambda)|s|</c> with probability <c>(1-lambda)/2</c>, <c>E s^2 = 1</c>,
    /// <c>E|s| = a / (2 lambda) = 2c(eta-2)/(eta-1)</c>); the remainder between 0 and <c>a</c> is a bounded integral, by
    /// Simpson's rule on 400 intervals.
    /// </remarks>
    public override double NegativeSquareShare(ReadOnlySpan<double> parameters)
    {
        var (eta, lambda, a, b, logConstant) = Shape(parameters);
        double c = Math.Exp(logConstant - Math.Log(b));
        double meanAbsolute = 2 * c * (eta - 2) / (eta - 1);
        double down = 1 - lambda;
        double negativePart = down / 2 * (down * down + 2 * a * down * meanAbsolute + a * a);
        double Integrand(double u)
        {
            double skew = u < 0 ? down : 1 + lambda;
            double density = c * Math.Pow(1 + u * u / (skew * skew * (eta - 2)), -(eta + 1) / 2);
            return (u - a) * (u - a) * density;
        }
        const int intervals = 400;
        double lower = Math.Min(0, a), upper = Math.Max(0, a), width = (upper - lower) / intervals, simpson = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double weight = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
            simpson += weight * Integrand(lower + i * width);
        }
        double between = simpson * width / 3;
        return (a >= 0 ? negativePart + between : negativePart - between) / (b * b);
    }

    private static (double Eta, double Lambda, double A, double B, double LogConstant) Shape(ReadOnlySpan<double> parameters)
    {
        double eta = parameters[0], lambda = parameters[1];
        double logC = SpecialFunctions.GammaLn((eta + 1) / 2) - SpecialFunctions.GammaLn(eta / 2) - 0.5 * Math.Log(Math.PI * (eta - 2));
        double c = Math.Exp(logC);
        double a = 4 * lambda * c * (eta - 2) / (eta - 1);
        double b = Math.Sqrt(1 + 3 * lambda * lambda - a * a);
        return (eta, lambda, a, b, Math.Log(b) + logC);
    }
}
