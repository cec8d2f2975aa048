using System.Globalization;
using System.Text.Json.Nodes;

namespace VolNotebooks.Search;

/// <summary>A trial's sampled hyperparameters as a JSON object and back, typed by the search space (an int stays an int).</summary>
public static class ParameterJson
{
    /// <summary>The parameters as a JSON object, in the space's declaration order.</summary>
    /// <param name="parameters">Sampled values: int, double, string or bool.</param>
    public static string Write(IReadOnlyDictionary<string, object> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var json = new JsonObject();
        foreach (var (name, value) in parameters)
        {
            json[name] = value switch
            {
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                string s => JsonValue.Create(s),
                bool b => JsonValue.Create(b),
                _ => throw new ArgumentException($"{name}: cannot store a {value.GetType().Name}", nameof(parameters)),
            };
        }

        return json.ToJsonString();
    }

    /// <summary>Reads parameters written by <see cref="Write"/>, giving each the type its hyperparameter declares.</summary>
    /// <param name="space">The space they were sampled from.</param>
    /// <param name="json">A JSON object.</param>
    /// <exception cref="ArgumentException">A parameter is missing or outside its domain.</exception>
    public static IReadOnlyDictionary<string, object> Read(SearchSpace space, string json)
    {
        ArgumentNullException.ThrowIfNull(space);
        var node = JsonNode.Parse(json)?.AsObject() ?? throw new ArgumentException("parameters: not a JSON object", nameof(json));
        var result = new Dictionary<string, object>();
        foreach (var parameter in space.Parameters)
        {
            var value = node[parameter.Name] ?? throw new ArgumentException($"parameters: '{parameter.Name}' is missing from {json}", nameof(json));
            object typed = parameter switch
            {
                IntHyperparameter => value.GetValue<int>(),
                FloatHyperparameter => value.GetValue<double>(),
                CategoricalHyperparameter c => c.Choices.FirstOrDefault(choice => Same(choice, value))
                    ?? throw new ArgumentException($"parameters: '{parameter.Name}' = {value.ToJsonString()} is not one of its choices", nameof(json)),
                _ => throw new ArgumentOutOfRangeException(nameof(space), parameter.GetType().Name),
            };
            if (!parameter.Contains(typed)) throw new ArgumentException($"parameters: '{parameter.Name}' = {value.ToJsonString()} is outside its domain", nameof(json));
            result[parameter.Name] = typed;
        }

        return result;
    }

    private static bool Same(object choice, JsonNode value) => choice switch
    {
        string s => value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.GetValue<string>() == s,
        bool b => value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False && value.GetValue<bool>() == b,
        IConvertible n when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => n.ToDouble(CultureInfo.InvariantCulture) == value.GetValue<double>(),
        _ => false,
    };
}
