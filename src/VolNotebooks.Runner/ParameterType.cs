using System.Globalization;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VolNotebooks.Runner;

/// <summary>The type of a notebook parameter, read from its declaration, and the C# literal of a value given as text.</summary>
/// <remarks>
/// The type comes from the syntax of the parameters cell only: a typed declaration (<c>int Epochs = 30;</c>), or with
/// <c>var</c> the default's form - a literal (<c>30</c>, <c>42UL</c>, <c>0.2</c>, <c>"SPY"</c>, <c>true</c>),
/// <c>new DateOnly(...)</c>, <c>DateOnly.Parse("...")</c> and the other <c>Parse*</c>/<c>From*</c> factories of
/// <c>DateOnly</c>, <c>DateTime</c> and <c>TimeSpan</c>, their static fields (<c>TimeSpan.Zero</c>), an enum member
/// (<c>TargetKind.Rv</c>), or an array of these (<c>new[] { 1, 2 }</c>, <c>new int[] { ... }</c>, <c>int[] a = [1, 2]</c>).
/// A value is parsed into that type and written back as a literal built here - never the user's text - so no value
/// can run code: strings through <see cref="SymbolDisplay.FormatLiteral(string, bool)"/>, dates as
/// <c>new global::System.DateOnly(y, m, d)</c>, enum members only as identifiers.
/// </remarks>
/// <param name="Kind">The element type.</param>
/// <param name="IsArray">Whether the parameter is a one-dimensional array of <paramref name="Kind"/>.</param>
/// <param name="EnumType">The enum's type as the notebook spells it, when <paramref name="Kind"/> is <see cref="ParameterKind.Enum"/>.</param>
internal sealed record ParameterType(ParameterKind Kind, bool IsArray = false, string? EnumType = null)
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    /// <summary>The type declared by <paramref name="declaredType"/>, or implied by <paramref name="initializer"/> under <c>var</c>; <see langword="null"/> when neither is a supported form.</summary>
    public static ParameterType? Infer(TypeSyntax declaredType, ExpressionSyntax? initializer)
    {
        if (!declaredType.IsVar) return FromTypeSyntax(declaredType, initializer);
        return initializer is null ? null : FromExpression(initializer);
    }

    /// <summary>The C# expression for <paramref name="text"/> parsed as this type.</summary>
    /// <exception cref="FormatException">The text is not a value of this type; the message says what was expected.</exception>
    public string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsArray) return ScalarLiteral(text);
        var elements = Kind == ParameterKind.String && text.TrimStart().StartsWith('[') ? JsonStrings(text)
            : text.Length == 0 ? []
            : text.Split(',');
        return $"new {ElementTypeName}[] {{ {string.Join(", ", elements.Select(ScalarLiteral))} }}";
    }

    /// <inheritdoc />
    public override string ToString() => (Kind == ParameterKind.Enum ? $"enum {EnumType}" : ElementTypeName.Replace("global::System.", "", StringComparison.Ordinal)) + (IsArray ? "[]" : "");

    private string ElementTypeName => Kind switch
    {
        ParameterKind.Bool => "bool",
        ParameterKind.Int => "int",
        ParameterKind.UInt => "uint",
        ParameterKind.Long => "long",
        ParameterKind.ULong => "ulong",
        ParameterKind.Float => "float",
        ParameterKind.Double => "double",
        ParameterKind.Decimal => "decimal",
        ParameterKind.String => "string",
        ParameterKind.DateOnly => "global::System.DateOnly",
        ParameterKind.DateTime => "global::System.DateTime",
        ParameterKind.TimeSpan => "global::System.TimeSpan",
        _ => EnumType!,
    };

    private string ScalarLiteral(string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        var trimmed = text.Trim();
        return Kind switch
        {
            ParameterKind.String => SymbolDisplay.FormatLiteral(text, quote: true),
            ParameterKind.Bool => bool.TryParse(trimmed, out var b) ? (b ? "true" : "false") : throw Expected("true or false"),
            ParameterKind.Int => int.TryParse(trimmed, NumberStyles.AllowLeadingSign, invariant, out var i)
                ? i.ToString(invariant) : throw Expected($"a whole number from {int.MinValue} to {int.MaxValue}"),
            ParameterKind.UInt => uint.TryParse(trimmed, NumberStyles.None, invariant, out var u)
                ? u.ToString(invariant) + "U" : throw Expected($"a whole number from 0 to {uint.MaxValue}"),
            ParameterKind.Long => long.TryParse(trimmed, NumberStyles.AllowLeadingSign, invariant, out var l)
                ? l.ToString(invariant) + "L" : throw Expected($"a whole number from {long.MinValue} to {long.MaxValue}"),
            ParameterKind.ULong => ulong.TryParse(trimmed, NumberStyles.None, invariant, out var ul)
                ? ul.ToString(invariant) + "UL" : throw Expected($"a whole number from 0 to {ulong.MaxValue}"),
            ParameterKind.Float => float.TryParse(trimmed, NumberStyles.Float, invariant, out var f) && float.IsFinite(f)
                ? f.ToString("R", invariant) + "F" : throw Expected("a finite number (float)"),
            ParameterKind.Double => double.TryParse(trimmed, NumberStyles.Float, invariant, out var d) && double.IsFinite(d)
                ? d.ToString("R", invariant) + "D" : throw Expected("a finite number (double)"),
            ParameterKind.Decimal => decimal.TryParse(trimmed, NumberStyles.Float, invariant, out var m)
                ? m.ToString(invariant) + "M" : throw Expected("a decimal number"),
            ParameterKind.DateOnly => DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var date)
                ? $"new global::System.DateOnly({date.Year}, {date.Month}, {date.Day})" : throw Expected("a date yyyy-MM-dd"),
            ParameterKind.DateTime => DateTimeLiteral(trimmed),
            ParameterKind.TimeSpan => TimeSpan.TryParseExact(trimmed, ["c", "g"], invariant, out var span)
                ? $"new global::System.TimeSpan({span.Ticks}L)" : throw Expected("a time span [-][d.]hh:mm[:ss[.fffffff]]"),
            _ => EnumMember(trimmed),
        };
    }

    private string DateTimeLiteral(string text)
    {
        // A trailing Z marks UTC; no other offsets, whose meaning would depend on the machine's time zone.
        var utc = text.EndsWith('Z');
        if (!DateTime.TryParseExact(utc ? text[..^1] : text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            throw Expected("a date and time yyyy-MM-dd[THH:mm[:ss[.fffffff]]][Z]");
        return $"new global::System.DateTime({time.Ticks}L, global::System.DateTimeKind.{(utc ? "Utc" : "Unspecified")})";
    }

    private string EnumMember(string text)
    {
        var member = text.StartsWith(EnumType + ".", StringComparison.Ordinal) ? text[(EnumType!.Length + 1)..] : text;
        // An identifier that is not a keyword is a name and nothing more: it cannot call, index or assign.
        if (!SyntaxFacts.IsValidIdentifier(member) || SyntaxFacts.GetKeywordKind(member) != SyntaxKind.None
            || SyntaxFacts.GetContextualKeywordKind(member) != SyntaxKind.None)
            throw Expected($"a member name of {EnumType}");
        return $"{EnumType}.{member}";
    }

    private FormatException Expected(string what) => new($"expected {what}{(IsArray ? " for every element (elements are separated by commas)" : "")}");

    private static string[] JsonStrings(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<string?[]>(text) is { } values && values.All(v => v is not null) ? values.Select(v => v!).ToArray() : throw new FormatException("expected a JSON array of strings");
        }
        catch (JsonException e)
        {
            throw new FormatException($"expected a JSON array of strings (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})", e);
        }
    }

    private static ParameterType? FromTypeSyntax(TypeSyntax type, ExpressionSyntax? initializer)
    {
        if (type is ArrayTypeSyntax { RankSpecifiers.Count: 1 } array && array.RankSpecifiers[0].Rank == 1)
        {
            var element = FromTypeSyntax(array.ElementType, null);
            if (element is null && EnumOf(FirstElement(initializer)) is string enumType && SameName(enumType, array.ElementType.ToString()))
                element = new ParameterType(ParameterKind.Enum, EnumType: enumType);
            return element is { IsArray: false } ? element with { IsArray = true } : null;
        }

        if (type is PredefinedTypeSyntax predefined)
        {
            ParameterKind? kind = predefined.Keyword.Kind() switch
            {
                SyntaxKind.BoolKeyword => ParameterKind.Bool,
                SyntaxKind.IntKeyword => ParameterKind.Int,
                SyntaxKind.UIntKeyword => ParameterKind.UInt,
                SyntaxKind.LongKeyword => ParameterKind.Long,
                SyntaxKind.ULongKeyword => ParameterKind.ULong,
                SyntaxKind.FloatKeyword => ParameterKind.Float,
                SyntaxKind.DoubleKeyword => ParameterKind.Double,
                SyntaxKind.DecimalKeyword => ParameterKind.Decimal,
                SyntaxKind.StringKeyword => ParameterKind.String,
                _ => null,
            };
            return kind is ParameterKind k ? new ParameterType(k) : null;
        }

        if (type is NameSyntax name)
        {
            if (TimeKind(name.ToString()) is ParameterKind time) return new ParameterType(time);
            // A declared type that is not one of ours is an enum only if the default names one of its members.
            var initializerType = initializer is null ? null : EnumOf(initializer);
            return initializerType is not null && SameName(initializerType, name.ToString()) ? new ParameterType(ParameterKind.Enum, EnumType: initializerType) : null;
        }

        return null;
    }

    private static ExpressionSyntax? FirstElement(ExpressionSyntax? array) => array switch
    {
        ArrayCreationExpressionSyntax creation => creation.Initializer?.Expressions.FirstOrDefault(),
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.FirstOrDefault(),
        CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().FirstOrDefault()?.Expression,
        _ => array,
    };

    private static ParameterType? FromExpression(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return FromExpression(parenthesized.Expression);
            case LiteralExpressionSyntax literal:
                return FromLiteral(literal);
            case PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax operand } unary
                when unary.IsKind(SyntaxKind.UnaryMinusExpression) || unary.IsKind(SyntaxKind.UnaryPlusExpression):
                return operand.IsKind(SyntaxKind.NumericLiteralExpression) ? FromLiteral(operand) : null;
            case CastExpressionSyntax cast:
                return FromTypeSyntax(cast.Type, cast.Expression);
            case ObjectCreationExpressionSyntax creation:
                return TimeKind(creation.Type.ToString()) is ParameterKind created ? new ParameterType(created) : null;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax method }
                when TimeKind(method.Expression.ToString()) is ParameterKind factory
                    && (method.Name.Identifier.Text.StartsWith("Parse", StringComparison.Ordinal) || method.Name.Identifier.Text.StartsWith("From", StringComparison.Ordinal)):
                return new ParameterType(factory);
            case MemberAccessExpressionSyntax field:
                return FromStaticField(field);
            case ArrayCreationExpressionSyntax creation:
                return FromTypeSyntax(creation.Type, creation);
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return FromElements(implicitArray.Initializer.Expressions);
            default:
                return null;
        }
    }

    private static ParameterType? FromStaticField(MemberAccessExpressionSyntax field)
    {
        var receiver = field.Expression.ToString();
        if (TimeKind(receiver) is ParameterKind time) return new ParameterType(time);
        if (field.Expression is PredefinedTypeSyntax predefined) return FromTypeSyntax(predefined, null);
        return EnumOf(field) is string enumType ? new ParameterType(ParameterKind.Enum, EnumType: enumType) : null;
    }

    private static ParameterType? FromElements(SeparatedSyntaxList<ExpressionSyntax> elements)
    {
        var types = elements.Select(FromExpression).ToList();
        if (types.Count == 0 || types.Any(t => t is null or { IsArray: true })) return null;
        var distinct = types.Distinct().ToList();
        if (distinct.Count == 1) return distinct[0]! with { IsArray = true };
        // The best common type of int and double literals, as C# infers it for new[] { 1, 2.5 }.
        var kinds = distinct.Select(t => t!.Kind).ToHashSet();
        if (kinds.IsSubsetOf([ParameterKind.Int, ParameterKind.Long])) return new ParameterType(ParameterKind.Long, IsArray: true);
        if (kinds.IsSubsetOf([ParameterKind.Int, ParameterKind.Long, ParameterKind.Double])) return new ParameterType(ParameterKind.Double, IsArray: true);
        return null;
    }

    private static ParameterType? FromLiteral(LiteralExpressionSyntax literal)
    {
        ParameterKind? kind = literal.Kind() switch
        {
            SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression => ParameterKind.Bool,
            SyntaxKind.StringLiteralExpression => ParameterKind.String,
            SyntaxKind.NumericLiteralExpression => literal.Token.Value switch
            {
                int => ParameterKind.Int,
                uint => ParameterKind.UInt,
                long => ParameterKind.Long,
                ulong => ParameterKind.ULong,
                float => ParameterKind.Float,
                double => ParameterKind.Double,
                decimal => ParameterKind.Decimal,
                _ => null,
            },
            _ => null,
        };
        return kind is ParameterKind k ? new ParameterType(k) : null;
    }

    /// <summary>The enum type of a default written <c>Type.Member</c> (<c>Type</c> a plain or qualified name), else <see langword="null"/>.</summary>
    private static string? EnumOf(ExpressionSyntax? expression) =>
        expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax } access && IsPlainName(access.Expression)
            && TimeKind(access.Expression.ToString()) is null
            ? access.Expression.ToString()
            : null;

    private static bool IsPlainName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        AliasQualifiedNameSyntax => true,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax } inner => IsPlainName(inner.Expression),
        _ => false,
    };

    private static bool SameName(string a, string b) =>
        a == b || a.EndsWith("." + b, StringComparison.Ordinal) || b.EndsWith("." + a, StringComparison.Ordinal);

    private static ParameterKind? TimeKind(string typeName) => typeName.Replace("global::", "", StringComparison.Ordinal) switch
    {
        "DateOnly" or "System.DateOnly" => ParameterKind.DateOnly,
        "DateTime" or "System.DateTime" => ParameterKind.DateTime,
        "TimeSpan" or "System.TimeSpan" => ParameterKind.TimeSpan,
        _ => null,
    };
}
