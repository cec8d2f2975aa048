using System.Globalization;

namespace VolNotebooks.Search;

/// <summary>How a trial ended.</summary>
public enum TrialState
{
    /// <summary>Still running.</summary>
    Running,

    /// <summary>Finished with a value.</summary>
    Complete,

    /// <summary>Stopped early by the pruner: its intermediate values were worse than the median of earlier trials.</summary>
    Pruned,

    /// <summary>The objective threw; the exception message is kept.</summary>
    Failed,
}

/// <summary>Thrown by <see cref="Trial.Report"/> when the pruner stops a trial; the study records it as pruned.</summary>
/// <param name="trial">The trial's number.</param>
/// <param name="step">The step at which it was pruned.</param>
public sealed class TrialPrunedException(int trial, int step) : Exception($"trial {trial} pruned at step {step}")
{
    /// <summary>The step at which the trial was pruned.</summary>
    public int Step { get; } = step;
}

/// <summary>One evaluation of the objective at a sampled point of the search space.</summary>
public sealed class Trial
{
    private readonly Dictionary<int, double> _intermediate = [];
    private readonly Func<Trial, int, double, bool> _shouldPrune;

    internal Trial(int number, IReadOnlyDictionary<string, object> parameters, Func<Trial, int, double, bool> shouldPrune)
    {
        Number = number;
        Parameters = parameters;
        _shouldPrune = shouldPrune;
    }

    /// <summary>A trial as a store recorded it: its outcome and reported values, for samplers and pruners to learn from.</summary>
    internal static Trial Restore(
        int number, IReadOnlyDictionary<string, object> parameters, TrialState state, double? value, IEnumerable<KeyValuePair<int, double>> intermediate,
        string? error = null, TimeSpan duration = default)
    {
        var trial = new Trial(number, parameters, (_, _, _) => false) { State = state, Value = value, Error = error, Duration = duration };
        foreach (var (step, v) in intermediate) trial._intermediate[step] = v;
        return trial;
    }

    /// <summary>0-based trial number, in the order trials were created.</summary>
    public int Number { get; }

    /// <summary>The sampled hyperparameters by name.</summary>
    public IReadOnlyDictionary<string, object> Parameters { get; }

    /// <summary>Values reported with <see cref="Report"/>, by step (e.g. per cross-validation fold or epoch).</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues => _intermediate;

    /// <summary>How the trial ended.</summary>
    public TrialState State { get; internal set; } = TrialState.Running;

    /// <summary>The objective's value (complete trials), or the last reported value (pruned ones).</summary>
    public double? Value { get; internal set; }

    /// <summary>Why the objective failed, for failed trials.</summary>
    public string? Error { get; internal set; }

    /// <summary>Wall time of the evaluation.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>An integer hyperparameter.</summary>
    /// <param name="name">Its name in the search space.</param>
    public int Int(string name) => (int)Get(name);

    /// <summary>A real hyperparameter.</summary>
    /// <param name="name">Its name in the search space.</param>
    public double Float(string name) => (double)Get(name);

    /// <summary>A categorical hyperparameter.</summary>
    /// <typeparam name="T">The choice's type.</typeparam>
    /// <param name="name">Its name in the search space.</param>
    public T Choice<T>(string name) => (T)Get(name);

    /// <summary>Reports an intermediate value (lower is better) and lets the pruner stop the trial.</summary>
    /// <param name="step">Step number, e.g. the fold or epoch.</param>
    /// <param name="value">The value at that step.</param>
    /// <exception cref="TrialPrunedException">The pruner decided to stop this trial.</exception>
    public void Report(int step, double value)
    {
        _intermediate[step] = value;
        if (_shouldPrune(this, step, value)) throw new TrialPrunedException(Number, step);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"trial {Number} {State}{(Value is double v ? $" {v:G6}" : "")}: {string.Join(", ", Parameters.Select(p => $"{p.Key}={Format(p.Value)}"))}");

    internal static string Format(object value) => value switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private object Get(string name) => Parameters.TryGetValue(name, out var v)
        ? v
        : throw new KeyNotFoundException($"trial {Number} has no hyperparameter '{name}'; the space declares {string.Join(", ", Parameters.Keys)}");
}
