using System.Numerics;

namespace VolNotebooks.Neural;

/// <summary>Multiplies the learning rate by γ every <c>stepSize</c> epochs: lr = lr0 · γ^⌊epoch/stepSize⌋ (PyTorch <c>StepLR</c>).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class StepLR<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Optimizer<T> _optimizer;
    private int _epoch;

    /// <summary>Attaches the schedule to <paramref name="optimizer"/>.</summary>
    public StepLR(Optimizer<T> optimizer, int stepSize, double gamma = 0.1)
    {
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    /// <summary>Call once per epoch, after the epoch's optimizer steps.</summary>
    public void Step()
    {
        _epoch++;
        _optimizer.LearningRate = _optimizer.InitialLearningRate * Math.Pow(Gamma, _epoch / StepSize);
    }
}

/// <summary>Cosine annealing: lr = η_min + (lr0 - η_min)(1 + cos(π·epoch/T_max))/2 (PyTorch <c>CosineAnnealingLR</c>, closed form).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class CosineAnnealingLR<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Optimizer<T> _optimizer;
    private int _epoch;

    /// <summary>Attaches the schedule to <paramref name="optimizer"/>.</summary>
    public CosineAnnealingLR(Optimizer<T> optimizer, int tMax, double etaMin = 0.0)
    {
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tMax);
        TMax = tMax;
        EtaMin = etaMin;
    }

    /// <summary>Half-period in epochs.</summary>
    public int TMax { get; }

    /// <summary>Minimum learning rate.</summary>
    public double EtaMin { get; }

    /// <summary>Call once per epoch.</summary>
    public void Step()
    {
        _epoch++;
        double lr0 = _optimizer.InitialLearningRate;
        _optimizer.LearningRate = EtaMin + (lr0 - EtaMin) * (1 + Math.Cos(Math.PI * _epoch / TMax)) / 2;
    }
}

/// <summary>Reduces the learning rate by a factor when a monitored metric (lower is better) stops improving (PyTorch <c>ReduceLROnPlateau</c>, mode min, relative threshold).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class ReduceLROnPlateau<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Optimizer<T> _optimizer;
    private int _cooldownCounter;

    /// <summary>Attaches the schedule to <paramref name="optimizer"/>.</summary>
    public ReduceLROnPlateau(
        Optimizer<T> optimizer, double factor = 0.1, int patience = 10, double threshold = 1e-4, int cooldown = 0,
        double minLearningRate = 0.0, double eps = 1e-8)
    {
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be in (0, 1).");
        }

        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        Eps = eps;
    }

    /// <summary>Multiplier applied on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated before reducing.</summary>
    public int Patience { get; }

    /// <summary>Relative improvement needed: better means metric &lt; best · (1 - threshold).</summary>
    public double Threshold { get; }

    /// <summary>Epochs to wait after a reduction before counting again.</summary>
    public int Cooldown { get; }

    /// <summary>Lower bound of the learning rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>Reductions smaller than this are skipped.</summary>
    public double Eps { get; }

    /// <summary>The best metric seen.</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Consecutive epochs without improvement.</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Reports the epoch's metric (e.g. validation loss); returns true if the learning rate was reduced.</summary>
    public bool Step(double metric)
    {
        if (metric < Best * (1 - Threshold))
        {
            Best = metric;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            BadEpochs = 0;
        }

        if (BadEpochs <= Patience)
        {
            return false;
        }

        _cooldownCounter = Cooldown;
        BadEpochs = 0;
        double old = _optimizer.LearningRate;
        double next = Math.Max(old * Factor, MinLearningRate);
        if (old - next <= Eps)
        {
            return false;
        }

        _optimizer.LearningRate = next;
        return true;
    }
}
