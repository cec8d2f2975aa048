namespace VolNotebooks.Search;

/// <summary>Proposes hyperparameters for a new trial from the trials finished so far.</summary>
public interface ISampler
{
    /// <summary>Samples a point of <paramref name="space"/> for trial <paramref name="number"/>.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="history">Trials finished before this one's batch started, in number order.</param>
    /// <param name="number">The new trial's number; with the seed it fixes the random stream, so results do not depend on timing.</param>
    IReadOnlyDictionary<string, object> Sample(SearchSpace space, IReadOnlyList<Trial> history, int number);
}

/// <summary>Independent uniform sampling (log-uniform for log-scale parameters), seeded per trial.</summary>
/// <param name="seed">Seed of the search.</param>
public sealed class RandomSampler(int seed) : ISampler
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, object> Sample(SearchSpace space, IReadOnlyList<Trial> history, int number)
    {
        ArgumentNullException.ThrowIfNull(space);
        var random = TrialRandom.For(seed, number);
        return space.Parameters.ToDictionary(p => p.Name, p => Uniform(p, random));
    }

    internal static object Uniform(Hyperparameter parameter, Random random) => parameter switch
    {
        IntHyperparameter i => (object)(i.Low + (i.Step * random.Next(((i.High - i.Low) / i.Step) + 1))),
        FloatHyperparameter { Log: true } f => Math.Exp(Math.Log(f.Low) + (random.NextDouble() * (Math.Log(f.High) - Math.Log(f.Low)))),
        FloatHyperparameter f => f.Low + (random.NextDouble() * (f.High - f.Low)),
        CategoricalHyperparameter c => c.Choices[random.Next(c.Choices.Count)],
        _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter.GetType().Name),
    };
}

/// <summary>The Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate, as Optuna's default sampler.</summary>
/// <remarks>
/// The first <c>startupTrials</c> trials are random. Afterwards the completed trials are split into the best
/// <c>gamma(n) = min(ceil(0.1 n), 25)</c> ("good") and the rest, to which the pruned trials are added; for each parameter a Parzen estimator (a mixture of
/// truncated normals on the parameter's scale, plus a broad prior component) is fitted to each group, <c>candidates</c>
/// points are drawn from the good one, and the point maximizing <c>l(x)/g(x)</c> is proposed. Bandwidths follow
/// Optuna's rule: the larger distance to a neighbouring observation, clipped to [range / min(100, 1 + n), range].
/// Categorical parameters use smoothed choice frequencies.
/// </remarks>
/// <param name="seed">Seed of the search.</param>
/// <param name="startupTrials">Random trials before TPE takes over.</param>
/// <param name="candidates">Candidates drawn from l(x) per parameter.</param>
public sealed class TpeSampler(int seed, int startupTrials = 10, int candidates = 24) : ISampler
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, object> Sample(SearchSpace space, IReadOnlyList<Trial> history, int number)
    {
        ArgumentNullException.ThrowIfNull(space);
        var random = TrialRandom.For(seed, number);
        var completed = history.Where(t => t.State == TrialState.Complete && t.Value is double v && double.IsFinite(v)).OrderBy(t => t.Value).ThenBy(t => t.Number).ToList();
        if (completed.Count < Math.Max(startupTrials, 2))
            return space.Parameters.ToDictionary(p => p.Name, p => RandomSampler.Uniform(p, random));

        var good = Math.Clamp((int)Math.Ceiling(0.1 * completed.Count), 1, 25);
        var below = completed.Take(good).ToList();
        // Pruned trials were judged worse than their peers part-way, so they count among the bad ones (as in Optuna):
        // otherwise the sampler keeps proposing the region the pruner keeps stopping.
        var above = completed.Skip(good).Concat(history.Where(t => t.State == TrialState.Pruned)).ToList();
        var result = new Dictionary<string, object>();
        foreach (var parameter in space.Parameters)
        {
            result[parameter.Name] = parameter switch
            {
                CategoricalHyperparameter c => SampleCategorical(c, below, above, random),
                _ => SampleNumeric(parameter, below, above, random),
            };
        }

        return result;
    }

    private object SampleNumeric(Hyperparameter parameter, List<Trial> below, List<Trial> above, Random random)
    {
        var (low, high, toScale) = parameter switch
        {
            FloatHyperparameter { Log: true } f => (Math.Log(f.Low), Math.Log(f.High), (Func<object, double>)(v => Math.Log((double)v))),
            FloatHyperparameter f => (f.Low, f.High, v => (double)v),
            IntHyperparameter i => (i.Low - (0.5 * i.Step), i.High + (0.5 * i.Step), v => (int)v),
            _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
        };
        if (high <= low) return parameter is IntHyperparameter only ? (object)only.Low : ((FloatHyperparameter)parameter).Low;
        var l = Parzen.Fit(below.Select(t => toScale(t.Parameters[parameter.Name])).ToArray(), low, high);
        var g = Parzen.Fit(above.Select(t => toScale(t.Parameters[parameter.Name])).ToArray(), low, high);
        var best = double.NaN;
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < candidates; k++)
        {
            var x = l.Sample(random);
            var score = l.LogDensity(x) - g.LogDensity(x);
            if (score > bestScore) (best, bestScore) = (x, score);
        }

        // Each arm boxes its own type: a switch expression would otherwise widen the int to double.
        return parameter switch
        {
            FloatHyperparameter { Log: true } f => (object)Math.Clamp(Math.Exp(best), f.Low, f.High),
            FloatHyperparameter f => Math.Clamp(best, f.Low, f.High),
            IntHyperparameter i => i.Snap(best),
            _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
        };
    }

    private object SampleCategorical(CategoricalHyperparameter parameter, List<Trial> below, List<Trial> above, Random random)
    {
        double[] Weights(List<Trial> trials)
        {
            var w = parameter.Choices.Select(c => 1.0 / parameter.Choices.Count + trials.Count(t => Equals(t.Parameters[parameter.Name], c))).ToArray();
            var sum = w.Sum();
            return [.. w.Select(x => x / sum)];
        }

        var l = Weights(below);
        var g = Weights(above);
        var bestIndex = 0;
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < candidates; k++)
        {
            var u = random.NextDouble();
            var index = 0;
            for (var acc = l[0]; acc < u && index < l.Length - 1; acc += l[++index])
            {
            }

            var score = Math.Log(l[index]) - Math.Log(g[index]);
            if (score > bestScore) (bestIndex, bestScore) = (index, score);
        }

        return parameter.Choices[bestIndex];
    }

    /// <summary>A mixture of equally weighted normals truncated to [low, high], with a broad prior component.</summary>
    private sealed class Parzen
    {
        private readonly double[] _mu;
        private readonly double[] _sigma;
        private readonly double _low;
        private readonly double _high;

        private Parzen(double[] mu, double[] sigma, double low, double high) => (_mu, _sigma, _low, _high) = (mu, sigma, low, high);

        public static Parzen Fit(double[] observations, double low, double high)
        {
            var range = high - low;
            var mus = observations.Append((low + high) / 2).Order().ToArray();
            var sigmas = new double[mus.Length];
            var minimum = range / Math.Min(100.0, 1.0 + mus.Length);
            for (var i = 0; i < mus.Length; i++)
            {
                var left = i > 0 ? mus[i] - mus[i - 1] : mus[i] - low;
                var right = i < mus.Length - 1 ? mus[i + 1] - mus[i] : high - mus[i];
                sigmas[i] = Math.Clamp(Math.Max(left, right), minimum, range);
            }

            // The prior component is as wide as the whole range.
            var prior = Array.IndexOf(mus, (low + high) / 2);
            sigmas[prior] = range;
            return new Parzen(mus, sigmas, low, high);
        }

        public double Sample(Random random)
        {
            var k = random.Next(_mu.Length);
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var x = _mu[k] + (_sigma[k] * Normal(random));
                if (x >= _low && x <= _high) return x;
            }

            return Math.Clamp(_mu[k], _low, _high);
        }

        public double LogDensity(double x)
        {
            var sum = 0.0;
            for (var k = 0; k < _mu.Length; k++)
            {
                var mass = Phi((_high - _mu[k]) / _sigma[k]) - Phi((_low - _mu[k]) / _sigma[k]);
                var z = (x - _mu[k]) / _sigma[k];
                sum += Math.Exp(-0.5 * z * z) / (_sigma[k] * Math.Sqrt(2 * Math.PI) * Math.Max(mass, 1e-12));
            }

            return Math.Log(Math.Max(sum / _mu.Length, 1e-300));
        }

        private static double Phi(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

        private static double Erf(double x)
        {
            // Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7): enough for a sampler's density ratio.
            var t = 1 / (1 + (0.3275911 * Math.Abs(x)));
            var y = 1 - ((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t * Math.Exp(-x * x);
            return Math.Sign(x) * y;
        }

        private static double Normal(Random random)
        {
            var u1 = 1.0 - random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
        }
    }
}

/// <summary>The random stream of one trial: fixed by the search seed and the trial number, whatever ran before.</summary>
internal static class TrialRandom
{
    public static Random For(int seed, int number) => new(unchecked((seed * 1_000_003) ^ (number * 7_919) ^ 0x5bd1e995));
}
