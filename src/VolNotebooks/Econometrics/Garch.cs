namespace VolNotebooks.Econometrics;

/// <summary>GARCH(p,o,q) conditional variance; o = 0 gives Bollerslev's GARCH(p,q), o = 1 gives GJR-GARCH.</summary>
/// <remarks>
/// <c>sigma2_t = omega + sum_{i=1..p} alpha[i] e_{t-i}^2 + sum_{j=1..o} gamma[j] e_{t-j}^2 1[e_{t-j} &lt; 0] + sum_{k=1..q} beta[k] sigma2_{t-k}</c>
/// (Bollerslev 1986; Glosten, Jagannathan and Runkle 1993). Pre-sample lags use the backcast for <c>e^2</c> and
/// <c>sigma2</c> and half the backcast for the asymmetric term. Bounds and constraints follow arch:
/// <c>omega &gt; 0</c>, <c>0 &lt;= alpha, beta &lt;= 1</c>, <c>-1 &lt;= gamma &lt;= 2</c> with <c>alpha[j] + gamma[j] &gt;= 0</c>,
/// and stationarity <c>sum alpha + sum gamma / 2 + sum beta &lt; 1</c>.
/// </remarks>
public sealed class Garch : VolatilityProcess
{
    private const double StationarityLimit = 1.0 - 1e-6;
    private readonly string[] _names;
    private readonly LinearConstraint[] _constraints;

    /// <summary>Creates a GARCH(p,o,q) process.</summary>
    /// <param name="p">Number of symmetric ARCH lags (alpha), at least 1.</param>
    /// <param name="o">Number of asymmetric lags (gamma), 0 for GARCH, 1 for GJR; at most p.</param>
    /// <param name="q">Number of lagged variances (beta), 0 for ARCH(p).</param>
    public Garch(int p = 1, int o = 0, int q = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(o);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(o, p);
        ArgumentOutOfRangeException.ThrowIfNegative(q);
        P = p; O = o; Q = q;
        var names = new List<string> { "omega" };
        for (int i = 1; i <= p; i++) names.Add($"alpha[{i}]");
        for (int j = 1; j <= o; j++) names.Add($"gamma[{j}]");
        for (int k = 1; k <= q; k++) names.Add($"beta[{k}]");
        _names = [.. names];

        var constraints = new List<LinearConstraint>();
        var stationarity = new double[_names.Length];
        for (int i = 0; i < p; i++) stationarity[1 + i] = 1.0;
        for (int j = 0; j < o; j++) stationarity[1 + p + j] = 0.5;
        for (int k = 0; k < q; k++) stationarity[1 + p + o + k] = 1.0;
        constraints.Add(new LinearConstraint(stationarity, StationarityLimit));
        for (int j = 0; j < o; j++)
        {
            var negativeShockLoading = new double[_names.Length];
            negativeShockLoading[1 + j] = -1.0;
            negativeShockLoading[1 + p + j] = -1.0;
            constraints.Add(new LinearConstraint(negativeShockLoading, 0.0));
        }
        _constraints = [.. constraints];
    }

    /// <summary>GJR-GARCH(1,1,1): one ARCH, one asymmetric and one GARCH lag.</summary>
    public static Garch Gjr() => new(1, 1, 1);

    /// <summary>Number of ARCH lags (alpha).</summary>
    public int P { get; }

    /// <summary>Number of asymmetric lags (gamma).</summary>
    public int O { get; }

    /// <summary>Number of lagged variances (beta).</summary>
    public int Q { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames => _names;

    /// <inheritdoc />
    public override string Name => O > 0 ? (P == 1 && O == 1 && Q == 1 ? "GJR-GARCH" : $"GJR-GARCH({P},{O},{Q})") : (P == 1 && Q == 1 ? "GARCH" : $"GARCH({P},{Q})");

    /// <inheritdoc />
    public override int MaxLag => Math.Max(Math.Max(P, Q), Math.Max(O, 1));

    /// <inheritdoc />
    public override IReadOnlyList<LinearConstraint> Constraints => _constraints;

    /// <inheritdoc />
    public override IReadOnlyList<double[]> StartingValueCandidates(ReadOnlySpan<double> residuals)
    {
        double variance = MeanSquare(residuals);
        double[] alphas = [0.01, 0.05, 0.1, 0.2];
        double[] gammas = O > 0 ? [0.01, 0.05, 0.1, 0.2] : [0.0];
        var candidates = new List<double[]>();
        double[] persistences = Q > 0 ? [0.5, 0.7, 0.9, 0.98] : [double.NaN];
        foreach (double alpha in alphas)
            foreach (double gamma in gammas)
                foreach (double candidatePersistence in persistences)
                {
                    // Without beta terms the persistence is alpha + gamma / 2 itself.
                    double persistence = Q > 0 ? candidatePersistence : alpha + gamma / 2;
                    double beta = persistence - alpha - gamma / 2;
                    if (beta < 0) continue;
                    var candidate = new double[_names.Length];
                    candidate[0] = variance * (1 - persistence);
                    for (int i = 0; i < P; i++) candidate[1 + i] = alpha / P;
                    for (int j = 0; j < O; j++) candidate[1 + P + j] = gamma / O;
                    for (int k = 0; k < Q; k++) candidate[1 + P + O + k] = beta / Q;
                    candidates.Add(candidate);
                }
        return candidates;
    }

    /// <inheritdoc />
    public override ParameterBounds[] Bounds(ReadOnlySpan<double> residuals)
    {
        double variance = MeanSquare(residuals);
        var bounds = new ParameterBounds[_names.Length];
        bounds[0] = new ParameterBounds(1e-8 * variance, 10 * variance);
        for (int i = 0; i < P; i++) bounds[1 + i] = new ParameterBounds(0.0, 1.0);
        for (int j = 0; j < O; j++) bounds[1 + P + j] = new ParameterBounds(-1.0, 2.0);
        for (int k = 0; k < Q; k++) bounds[1 + P + O + k] = new ParameterBounds(0.0, 1.0);
        return bounds;
    }

    /// <inheritdoc />
    public override double NextVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast)
    {
        int t = residuals.Length;
        double variance = parameters[0];
        for (int i = 1; i <= P; i++)
            variance += parameters[i] * (t - i >= 0 ? residuals[t - i] * residuals[t - i] : backcast);
        for (int j = 1; j <= O; j++)
        {
            double asymmetric = t - j >= 0
                ? (residuals[t - j] < 0 ? residuals[t - j] * residuals[t - j] : 0.0)
                : 0.5 * backcast;
            variance += parameters[P + j] * asymmetric;
        }
        for (int k = 1; k <= Q; k++)
            variance += parameters[P + O + k] * (t - k >= 0 ? sigma2[t - k] : backcast);
        return variance;
    }

    /// <inheritdoc />
    public override void ComputeVariance(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, double backcast, Span<double> sigma2)
    {
        if (residuals.Length == 0) return;
        if (P == 1 && Q == 1 && O <= 1)
        {
            // The hot path of every fit: GARCH(1,1) and GJR(1,1,1) in one pass without lag bookkeeping.
            double omega = parameters[0], alpha = parameters[1];
            double gamma = O == 1 ? parameters[2] : 0.0;
            double beta = parameters[1 + O + 1];
            double previous = omega + alpha * backcast + gamma * 0.5 * backcast + beta * backcast;
            sigma2[0] = previous;
            for (int t = 1; t < residuals.Length; t++)
            {
                double e = residuals[t - 1];
                // min(e, 0) = (e - |e|) / 2 keeps the asymmetric term branch-free: residual signs are unpredictable.
                double negative = 0.5 * (e - Math.Abs(e));
                previous = omega + alpha * e * e + gamma * negative * negative + beta * previous;
                sigma2[t] = previous;
            }
            return;
        }
        base.ComputeVariance(parameters, residuals, backcast, sigma2);
    }

    /// <inheritdoc />
    public override double LongRunVariance(ReadOnlySpan<double> parameters)
    {
        double persistence = Persistence(parameters);
        return persistence < 1 ? parameters[0] / (1 - persistence) : double.NaN;
    }

    /// <summary>Persistence <c>sum alpha + sum gamma / 2 + sum beta</c>, the decay rate of variance forecasts toward the long-run level.</summary>
    public double Persistence(ReadOnlySpan<double> parameters)
    {
        double persistence = 0;
        for (int i = 1; i <= P; i++) persistence += parameters[i];
        for (int j = 1; j <= O; j++) persistence += 0.5 * parameters[P + j];
        for (int k = 1; k <= Q; k++) persistence += parameters[P + O + k];
        return persistence;
    }

    /// <inheritdoc />
    public override bool HasAnalyticForecast => true;

    /// <inheritdoc />
    /// <remarks>
    /// <c>E_T[sigma2_{T+h}] = omega + sum alpha[i] E_T[e^2_{T+h-i}] + sum gamma[j] E_T[e^2 1[e&lt;0]]_{T+h-j} + sum beta[k] E_T[sigma2_{T+h-k}]</c>
    /// with <c>E_T[e^2_s] = sigma2_s</c> and <c>E_T[e^2_s 1[e_s&lt;0]] = k sigma2_s</c> for s &gt; T, where
    /// <c>k = E[z^2 1[z&lt;0]]</c> is <paramref name="negativeSquareShare"/>: 1/2 for symmetric shocks (arch always uses 1/2),
    /// more than 1/2 for a left-skewed t.
    /// </remarks>
    public override void ForecastVariance(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, ReadOnlySpan<double> sigma2, double backcast,
        Span<double> destination, ForecastSimulation? simulation = null, double negativeSquareShare = 0.5)
    {
        int lag = MaxLag;
        int length = lag + destination.Length;
        // Pre-sample slots are filled with the values the recursion would use there.
        var squared = new double[length];
        var negativeSquared = new double[length];
        var variance = new double[length];
        for (int i = 0; i < lag; i++)
        {
            int source = residuals.Length - lag + i;
            if (source >= 0)
            {
                double e = residuals[source];
                squared[i] = e * e;
                negativeSquared[i] = e < 0 ? e * e : 0.0;
                variance[i] = sigma2[source];
            }
            else
            {
                squared[i] = backcast;
                negativeSquared[i] = 0.5 * backcast;
                variance[i] = backcast;
            }
        }
        for (int h = 0; h < destination.Length; h++)
        {
            int t = lag + h;
            double next = parameters[0];
            for (int i = 1; i <= P; i++) next += parameters[i] * squared[t - i];
            for (int j = 1; j <= O; j++) next += parameters[P + j] * negativeSquared[t - j];
            for (int k = 1; k <= Q; k++) next += parameters[P + O + k] * variance[t - k];
            variance[t] = next;
            squared[t] = next;
            negativeSquared[t] = negativeSquareShare * next;
            destination[h] = next;
        }
    }

    internal static double MeanSquare(ReadOnlySpan<double> residuals)
    {
        double sum = 0;
        foreach (double e in residuals) sum += e * e;
        return sum / residuals.Length;
    }
}
