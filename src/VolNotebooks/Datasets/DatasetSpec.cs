using System.Globalization;

namespace VolNotebooks.Datasets;

/// <summary>What a network is trained to forecast.</summary>
public enum TargetKind
{
    /// <summary>Realized volatility of the next h days, in percent per day: <c>sqrt(mean of squared percent log returns)</c>.</summary>
    RealizedVolatility,

    /// <summary>The percent log return h days ahead.</summary>
    Return,

    /// <summary>The VIX close h days ahead, in index points.</summary>
    Vix,
}

/// <summary>A forecast target: what, and how many trading days ahead.</summary>
/// <param name="Kind">What is forecast.</param>
/// <param name="Horizon">Trading days ahead (for realized volatility, the days it covers), at least 1.</param>
public sealed record TargetSpec(TargetKind Kind = TargetKind.RealizedVolatility, int Horizon = 1);

/// <summary>A chronological split by fractions of the samples: training first, then validation, the rest for testing.</summary>
/// <param name="Train">Share of samples for training, in (0, 1).</param>
/// <param name="Validation">Share for validation (early stopping), in [0, 1); the test part is what remains.</param>
public sealed record SplitSpec(double Train = 0.7, double Validation = 0.1)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Train * 100:0.#}/{Validation * 100:0.#}/{(1 - Train - Validation) * 100:0.#}");
}

/// <summary>Everything that decides a dataset: the symbol and span, the feature recipe, the target, the window, the
/// split, the scaler and the correlation filter. The data part of an experiment spec; <see cref="DatasetBuilder"/> turns
/// it into prepared data.</summary>
public sealed record DatasetSpec
{
    /// <summary>The symbol whose calendar and target are used (an equity, or VIX for the VIX study).</summary>
    public string Symbol { get; init; } = "SPY";

    /// <summary>First day of data used (samples whose inputs start earlier are dropped; features still warm up on earlier
    /// rows), or <see langword="null"/> for the whole history.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day whose data may be used, or <see langword="null"/> for all.</summary>
    public DateOnly? To { get; init; }

    /// <summary>The feature recipe's name (<c>Features.FeatureRecipes</c>).</summary>
    public string Features { get; init; } = "volatility";

    /// <summary>The target.</summary>
    public TargetSpec Target { get; init; } = new();

    /// <summary>T, time steps per sample (60 in the blueprint, 20 in the ablation study, 30 in the VIX study).</summary>
    public int Lookback { get; init; } = 60;

    /// <summary>How inputs are placed against the target; both conventions give the same samples (inputs end the day
    /// before the target's first day), indexed by the forecast day or by the target day.</summary>
    public WindowConvention Window { get; init; } = WindowConvention.EndAtAnchor;

    /// <summary>The chronological split.</summary>
    public SplitSpec Split { get; init; } = new();

    /// <summary>How inputs are scaled (fitted on training rows only).</summary>
    public ScalerKind Scaler { get; init; } = ScalerKind.Standard;

    /// <summary>Drop a feature whose |correlation| with a kept one exceeds this, on training rows only; <see langword="null"/> keeps all.</summary>
    public double? CorrelationThreshold { get; init; }

    /// <summary>Checks every field that can be checked without data; the message names the field.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Symbol)) throw new ArgumentException("spec.data.symbol: must name a symbol");
        if (string.IsNullOrWhiteSpace(Features)) throw new ArgumentException("spec.data.features: must name a feature recipe");
        ArgumentNullException.ThrowIfNull(Target, "spec.data.target");
        ArgumentNullException.ThrowIfNull(Split, "spec.data.split");
        if (Lookback < 2) throw new ArgumentException($"spec.data.lookback: must be >= 2, got {Lookback}");
        if (Target.Horizon < 1) throw new ArgumentException($"spec.data.target.horizon: must be >= 1, got {Target.Horizon}");
        if (!Enum.IsDefined(Target.Kind)) throw new ArgumentException($"spec.data.target.kind: unknown kind {(int)Target.Kind}");
        if (!(Split.Train > 0 && Split.Train < 1)) throw new ArgumentException($"spec.data.split.train: must be in (0, 1), got {Split.Train}");
        if (!(Split.Validation >= 0 && Split.Train + Split.Validation < 1))
            throw new ArgumentException($"spec.data.split.validation: must be >= 0 and leave a test part (train + validation < 1), got {Split.Validation}");
        if (CorrelationThreshold is double c && !(c > 0 && c <= 1))
            throw new ArgumentException($"spec.data.correlation_threshold: must be in (0, 1], got {c}");
        if (From is DateOnly from && To is DateOnly to && to < from)
            throw new ArgumentException($"spec.data.to: {to:yyyy-MM-dd} is before spec.data.from {from:yyyy-MM-dd}");
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Symbol} {Features} -> {Target.Kind} {Target.Horizon}d, lookback {Lookback}, split {Split}{(From is DateOnly f ? $", from {f:yyyy-MM-dd}" : "")}{(To is DateOnly t ? $", to {t:yyyy-MM-dd}" : "")}");
}
