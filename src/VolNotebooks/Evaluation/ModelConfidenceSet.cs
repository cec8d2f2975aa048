using VolNotebooks.Econometrics;

namespace VolNotebooks.Evaluation;

/// <summary>The model confidence set of Hansen, Lunde and Nason (2011): the models that cannot be told apart from the
/// best at a chosen level, found by repeated equivalence tests and eliminations.</summary>
/// <remarks>
/// Each model's mean loss is resampled B times with a <see cref="BlockBootstrap"/>; in each round, over the models still
/// in the set, the bootstrap gives the variances of the mean-loss differences (mean of squared deviations of the
/// resampled differences from the sample ones) and the null distribution of the statistic (the maximum of the
/// centred, studentized resampled differences). The p-value is the share of replications at least as large as the
/// sample statistic; the worst model is eliminated and the round repeats until one model is left.
/// A difference whose bootstrap variance is zero (two identical loss series) counts as zero.
/// </remarks>
public static class ModelConfidenceSet
{
    /// <summary>Runs the elimination on a loss matrix.</summary>
    /// <param name="losses">[T, M]: loss of model m at observation t (e.g. <see cref="LossFunction.Series"/>), finite.</param>
    /// <param name="bootstrap">Resampling scheme and block length.</param>
    /// <param name="seed">Seed of the generator; the same seed gives the same result.</param>
    /// <param name="statistic">T_max (default) or T_R.</param>
    /// <param name="replications">Bootstrap replications B, at least 100.</param>
    public static ModelConfidenceSetResult Compute(
        double[,] losses, BlockBootstrap bootstrap, int seed, ModelConfidenceSetStatistic statistic = ModelConfidenceSetStatistic.Max, int replications = 1000)
    {
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentOutOfRangeException.ThrowIfLessThan(replications, 100);
        int n = losses.GetLength(0), m = losses.GetLength(1);
        if (m < 2) throw new ArgumentException($"a model confidence set compares at least 2 models; the loss matrix has {m}", nameof(losses));
        if (n < 2) throw new ArgumentException($"the loss matrix has {n} observations", nameof(losses));

        // mean [M], resampled [B, M]: each model's mean loss in the sample and in each bootstrap replication.
        var mean = new double[m];
        for (var t = 0; t < n; t++)
        {
            for (var i = 0; i < m; i++)
            {
                if (!double.IsFinite(losses[t, i])) throw new ArgumentException($"the loss of model {i} at observation {t} is not finite", nameof(losses));
                mean[i] += losses[t, i] / n;
            }
        }

        var resampled = new double[replications, m];
        var random = SeededRandom.Create(seed);
        var indices = new int[n];
        for (var b = 0; b < replications; b++)
        {
            bootstrap.Resample(random, indices);
            foreach (var t in indices)
            {
                for (var i = 0; i < m; i++) resampled[b, i] += losses[t, i];
            }

            for (var i = 0; i < m; i++) resampled[b, i] /= n;
        }

        var alive = Enumerable.Range(0, m).ToList();
        var order = new List<int>();
        var stepPValues = new List<double>();
        var pValues = new double[m];
        var runningMax = 0.0;
        while (alive.Count > 1)
        {
            var (pValue, worst) = statistic == ModelConfidenceSetStatistic.Max
                ? MaxStep(mean, resampled, alive)
                : RangeStep(mean, resampled, alive);
            runningMax = Math.Max(runningMax, pValue);
            pValues[worst] = runningMax;
            stepPValues.Add(pValue);
            order.Add(worst);
            alive.Remove(worst);
        }

        pValues[alive[0]] = 1;
        order.Add(alive[0]);
        return new ModelConfidenceSetResult(pValues, [.. order], [.. stepPValues], statistic, replications);
    }

    // T_max: d_i. = mean_i - average over the set; the eliminated model has the largest t_i.
    private static (double PValue, int Worst) MaxStep(double[] mean, double[,] resampled, List<int> alive)
    {
        int k = alive.Count, replications = resampled.GetLength(0);
        var deviations = new double[replications, k]; // zeta [B, k]: resampled d_i. minus the sample d_i.
        var variance = new double[k];
        for (var b = 0; b < replications; b++)
        {
            for (var j = 0; j < k; j++)
            {
                var zeta = 0.0;
                foreach (var other in alive) zeta += PairDeviation(mean, resampled, b, alive[j], other) / k;
                deviations[b, j] = zeta;
                variance[j] += zeta * zeta / replications;
            }
        }

        var worst = 0;
        var observed = double.NegativeInfinity;
        for (var j = 0; j < k; j++)
        {
            var t = Studentize(RelativeMean(mean, alive, alive[j]), variance[j]);
            if (t > observed) (observed, worst) = (t, j);
        }

        var atLeast = 0;
        for (var b = 0; b < replications; b++)
        {
            var max = double.NegativeInfinity;
            for (var j = 0; j < k; j++) max = Math.Max(max, Studentize(deviations[b, j], variance[j]));
            if (max >= observed) atLeast++;
        }

        return ((double)atLeast / replications, alive[worst]);
    }

    // d_i. = (1/k) sum_j (mean_i - mean_j): the same as mean_i minus the set's average, but exactly 0 for identical
    // loss series, where subtracting a rounded average would leave noise that studentizes to order one.
    private static double RelativeMean(double[] mean, List<int> alive, int i)
    {
        var sum = 0.0;
        foreach (var j in alive) sum += (mean[i] - mean[j]) / alive.Count;
        return sum;
    }

    // T_R: the largest studentized pairwise |d_ij|; the eliminated model has the largest max_j d_ij / sd.
    private static (double PValue, int Worst) RangeStep(double[] mean, double[,] resampled, List<int> alive)
    {
        int k = alive.Count, replications = resampled.GetLength(0);
        var variance = new double[k, k];
        for (var b = 0; b < replications; b++)
        {
            for (var i = 0; i < k; i++)
            {
                for (var j = i + 1; j < k; j++)
                {
                    var zeta = PairDeviation(mean, resampled, b, alive[i], alive[j]);
                    variance[i, j] += zeta * zeta / replications;
                }
            }
        }

        var observed = 0.0;
        var worst = 0;
        var worstScore = double.NegativeInfinity;
        for (var i = 0; i < k; i++)
        {
            var score = double.NegativeInfinity;
            for (var j = 0; j < k; j++)
            {
                if (i == j) continue;
                var t = Studentize(mean[alive[i]] - mean[alive[j]], variance[Math.Min(i, j), Math.Max(i, j)]);
                score = Math.Max(score, t);
                observed = Math.Max(observed, Math.Abs(t));
            }

            if (score > worstScore) (worstScore, worst) = (score, i);
        }

        var atLeast = 0;
        for (var b = 0; b < replications; b++)
        {
            var max = 0.0;
            for (var i = 0; i < k; i++)
            {
                for (var j = i + 1; j < k; j++)
                    max = Math.Max(max, Math.Abs(Studentize(PairDeviation(mean, resampled, b, alive[i], alive[j]), variance[i, j])));
            }

            if (max >= observed) atLeast++;
        }

        return ((double)atLeast / replications, alive[worst]);
    }

    // Replication b's d_ij minus the sample d_ij.
    private static double PairDeviation(double[] mean, double[,] resampled, int b, int i, int j) =>
        (resampled[b, i] - resampled[b, j]) - (mean[i] - mean[j]);

    private static double Studentize(double difference, double variance) => variance > 0 ? difference / Math.Sqrt(variance) : 0;
}
