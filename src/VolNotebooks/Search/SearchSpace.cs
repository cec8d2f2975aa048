using System.Globalization;

namespace VolNotebooks.Search;

/// <summary>One hyperparameter's domain, as Optuna's <c>suggest_int</c>, <c>suggest_float</c> and <c>suggest_categorical</c> declare it.</summary>
public abstract record Hyperparameter(string Name)
{
    /// <summary>Whether <paramref name="value"/> lies in the domain.</summary>
    /// <param name="value">A value.</param>
    public abstract bool Contains(object value);
}

/// <summary>An integer in <c>[Low, High]</c> on a grid of <c>Step</c> (e.g. LSTM units 32..128 step 32).</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Low">Smallest value.</param>
/// <param name="High">Largest value (on the grid).</param>
/// <param name="Step">Grid step.</param>
public sealed record IntHyperparameter(string Name, int Low, int High, int Step = 1) : Hyperparameter(Name)
{
    /// <inheritdoc />
    public override bool Contains(object value) => value is int v && v >= Low && v <= High && (v - Low) % Step == 0;

    /// <summary>The grid point nearest to <paramref name="x"/>.</summary>
    /// <param name="x">A real number in the domain's range.</param>
    public int Snap(double x) => Math.Clamp(Low + (Step * (int)Math.Round((x - Low) / Step)), Low, High - ((High - Low) % Step));
}

/// <summary>A real number in <c>[Low, High]</c>, sampled uniformly or, when <c>Log</c>, uniformly in its logarithm (learning rates).</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Low">Smallest value (positive when <paramref name="Log"/>).</param>
/// <param name="High">Largest value.</param>
/// <param name="Log">Search on a log scale.</param>
public sealed record FloatHyperparameter(string Name, double Low, double High, bool Log = false) : Hyperparameter(Name)
{
    /// <inheritdoc />
    public override bool Contains(object value) => value is double v && v >= Low && v <= High;
}

/// <summary>One of a fixed list of choices.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Choices">The choices.</param>
public sealed record CategoricalHyperparameter(string Name, IReadOnlyList<object> Choices) : Hyperparameter(Name)
{
    /// <inheritdoc />
    public override bool Contains(object value) => Choices.Contains(value);
}

/// <summary>The hyperparameters searched for one architecture, in declaration order.</summary>
public sealed class SearchSpace
{
    private readonly List<Hyperparameter> _parameters = [];

    /// <summary>The hyperparameters in declaration order.</summary>
    public IReadOnlyList<Hyperparameter> Parameters => _parameters;

    /// <summary>Declares an integer on a grid.</summary>
    /// <param name="name">Name, unique in the space.</param>
    /// <param name="low">Smallest value.</param>
    /// <param name="high">Largest value.</param>
    /// <param name="step">Grid step.</param>
    /// <returns>This space.</returns>
    public SearchSpace Int(string name, int low, int high, int step = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        if (high < low) throw new ArgumentException($"{name}: high {high} is below low {low}");
        return Add(new IntHyperparameter(name, low, high, step));
    }

    /// <summary>Declares a real number, optionally on a log scale.</summary>
    /// <param name="name">Name, unique in the space.</param>
    /// <param name="low">Smallest value.</param>
    /// <param name="high">Largest value.</param>
    /// <param name="log">Log scale (both bounds positive).</param>
    /// <returns>This space.</returns>
    public SearchSpace Float(string name, double low, double high, bool log = false)
    {
        if (!(high >= low) || (log && low <= 0)) throw new ArgumentException($"{name}: invalid range [{low}, {high}]{(log ? " on a log scale" : "")}");
        return Add(new FloatHyperparameter(name, low, high, log));
    }

    /// <summary>Declares a choice among fixed values.</summary>
    /// <param name="name">Name, unique in the space.</param>
    /// <param name="choices">At least one choice.</param>
    /// <returns>This space.</returns>
    public SearchSpace Categorical(string name, params object[] choices)
    {
        if (choices.Length == 0) throw new ArgumentException($"{name}: no choices", nameof(choices));
        return Add(new CategoricalHyperparameter(name, choices));
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _parameters.Select(p => p switch
    {
        IntHyperparameter i => string.Create(CultureInfo.InvariantCulture, $"{i.Name} in {i.Low}..{i.High} step {i.Step}"),
        FloatHyperparameter f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} in [{f.Low:G4}, {f.High:G4}]{(f.Log ? " (log)" : "")}"),
        CategoricalHyperparameter c => $"{c.Name} in {{{string.Join(", ", c.Choices)}}}",
        _ => p.Name,
    }));

    private SearchSpace Add(Hyperparameter parameter)
    {
        if (_parameters.Any(p => p.Name == parameter.Name)) throw new ArgumentException($"hyperparameter '{parameter.Name}' is declared twice");
        _parameters.Add(parameter);
        return this;
    }
}
