using System.Collections;
using System.Globalization;
using System.Reflection;
using VolNotebooks.Charts;

namespace VolNotebooks.Runner;

/// <summary>Turns a displayed value into a MIME bundle, honouring .NET Interactive's formatter convention.</summary>
/// <remarks>
/// A type whose attributes include one named <c>TypeFormatterSourceAttribute</c> names, through its
/// <c>FormatterSourceType</c> property, a class with a public <c>CreateTypeFormatters()</c>; each formatter it returns
/// is used by its <c>MimeType</c>, <c>Type</c> and <c>Format(object, TextWriter)</c> members, looked up by name, so
/// the convention works for any library, not only ours. Types of the packages the workbook builds on, which carry no
/// such attribute (a Plotly.NET <c>GenericChart</c> a notebook makes itself, a Deedle frame), are formatted by the
/// workbook library's <see cref="DisplayFormatterSource"/>, as its own types are. Other values get <c>text/plain</c>:
/// strings as they are, sequences as their items, everything else through <c>ToString()</c>.
/// </remarks>
public static class Formatting
{
    /// <summary>The library's formatters, which also cover the types of the packages it uses (tried after a type's own).</summary>
    private static readonly object[] PackageFormatters = [.. new DisplayFormatterSource().CreateTypeFormatters()];

    /// <summary>The MIME bundle for <paramref name="value"/>.</summary>
    /// <param name="value">A value a cell displayed or returned.</param>
    public static IReadOnlyDictionary<string, string> Format(object? value)
    {
        var bundle = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is null)
        {
            bundle["text/plain"] = "<null>";
            return bundle;
        }

        foreach (var formatter in ConventionFormatters(value.GetType()).Concat(PackageFormatters))
        {
            var mime = formatter.GetType().GetProperty("MimeType")?.GetValue(formatter) as string;
            var type = formatter.GetType().GetProperty("Type")?.GetValue(formatter) as Type;
            var format = formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)]);
            if (mime is null || type is null || format is null || bundle.ContainsKey(mime) || !type.IsInstanceOfType(value)) continue;
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            if (format.Invoke(formatter, [value, writer]) is true) bundle[mime] = writer.ToString();
        }

        if (!bundle.ContainsKey("text/plain")) bundle["text/plain"] = PlainText(value);
        return bundle;
    }

    private static IEnumerable<object> ConventionFormatters(Type type)
    {
        foreach (var t in TypeAndBases(type))
        {
            foreach (var attribute in t.GetCustomAttributes(inherit: false))
            {
                var attributeType = attribute.GetType();
                if (attributeType.Name != "TypeFormatterSourceAttribute") continue;
                if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
                var source = Activator.CreateInstance(sourceType);
                var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static, Type.EmptyTypes);
                if (create?.Invoke(create.IsStatic ? null : source, null) is IEnumerable formatters)
                {
                    foreach (var f in formatters)
                    {
                        if (f is not null) yield return f;
                    }
                }
            }
        }
    }

    private static IEnumerable<Type> TypeAndBases(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType) yield return t;
    }

    private static string PlainText(object value) => value switch
    {
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable sequence => "[" + string.Join(", ", sequence.Cast<object?>().Take(100).Select(v => v is null ? "null" : PlainText(v))) + "]",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
