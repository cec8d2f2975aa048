using System.Globalization;

namespace VolNotebooks.Models;

/// <summary>Named hyperparameters of a model (what a search trial samples), with typed reads and defaults.</summary>
/// <param name="values">Values by name; missing names take the caller's default.</param>
public sealed class Hyperparameters(IReadOnlyDictionary<string, object>? values = null)
{
    private readonly IReadOnlyDictionary<string, object> _values = values ?? new Dictionary<string, object>();

    /// <summary>The values given explicitly.</summary>
    public IReadOnlyDictionary<string, object> Values => _values;

    /// <summary>An integer hyperparameter, or <paramref name="fallback"/> when not given.</summary>
    /// <param name="name">Name.</param>
    /// <param name="fallback">Default.</param>
    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A real hyperparameter, or <paramref name="fallback"/> when not given.</summary>
    /// <param name="name">Name.</param>
    /// <param name="fallback">Default.</param>
    public double Float(string name, double fallback) => _values.TryGetValue(name, out var v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : fallback;

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _values.Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}"));
}
