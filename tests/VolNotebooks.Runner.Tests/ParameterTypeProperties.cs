using FsCheck;
using FsCheck.Fluent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VolNotebooks.Runner.Tests;

/// <summary>FsCheck properties: a parameter value is data, never code, whatever text it is given.</summary>
public sealed class ParameterTypeProperties
{
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static readonly ParameterType[] Types =
    [
        .. Enum.GetValues<ParameterKind>().Where(k => k != ParameterKind.Enum).Select(k => new ParameterType(k)),
        .. Enum.GetValues<ParameterKind>().Where(k => k != ParameterKind.Enum).Select(k => new ParameterType(k, IsArray: true)),
        new ParameterType(ParameterKind.Enum, EnumType: "DayOfWeek"),
        new ParameterType(ParameterKind.Enum, IsArray: true, EnumType: "System.DayOfWeek"),
    ];

    /// <summary>Text that looks like code as often as like data: fragments of C# glued together, plus arbitrary strings.</summary>
    private static readonly Gen<string> Hostile = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
        Gen.ArrayOf(Gen.Elements("1", "2.5", "-", "2021-01-01", "true", ",", ";", "\"", "\\", "'", "(", ")", "{", "}", "[", "]", "new DateOnly(2015,1,2)",
            "System.IO.File.WriteAllText(\"p\",\"x\")", "Environment.Exit(1)", "//", "/*", "*/", "\n", "#r", "Monday", "Monday.ToString()", "=>", "$\"{", "e9", "0x1F", "@", " "))
            .Select(parts => string.Concat(parts)));

    [Fact]
    public void Any_string_value_round_trips_exactly_through_the_literal_the_runner_writes()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null), Hostile.ToArbitrary(), (a, b) =>
        {
            foreach (var text in new[] { a, b })
            {
                var literal = new ParameterType(ParameterKind.String).Literal(text);
                var parsed = Assert.IsType<LiteralExpressionSyntax>(SyntaxFactory.ParseExpression(literal));
                Assert.Empty(parsed.GetDiagnostics());
                Assert.Equal(literal, parsed.ToFullString());
                Assert.Equal(text, parsed.Token.ValueText);
            }
        }).Check(Checks);
    }

    [Fact]
    public void No_value_of_any_type_becomes_anything_but_literals_constructors_and_names()
    {
        Prop.ForAll(Hostile.ToArbitrary(), Gen.Elements(Types).ToArbitrary(), (text, type) =>
        {
            string literal;
            try
            {
                literal = type.Literal(text);
            }
            catch (FormatException)
            {
                return; // refused: nothing is injected
            }

            // The injected statement is one declaration whose initializer holds only data.
            var statement = SyntaxFactory.ParseStatement($"var P = {literal};");
            Assert.Empty(statement.GetDiagnostics());
            Assert.Equal($"var P = {literal};", statement.ToFullString());
            var declaration = Assert.IsType<LocalDeclarationStatementSyntax>(statement);
            var value = Assert.Single(declaration.Declaration.Variables).Initializer!.Value;
            foreach (var node in value.DescendantNodesAndSelf())
            {
                var allowed = node is LiteralExpressionSyntax or ArgumentListSyntax or ArgumentSyntax or InitializerExpressionSyntax
                        or ArrayTypeSyntax or ArrayRankSpecifierSyntax or OmittedArraySizeExpressionSyntax or PredefinedTypeSyntax
                        or IdentifierNameSyntax or AliasQualifiedNameSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax
                    || (node is PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax } && node.IsKind(SyntaxKind.UnaryMinusExpression))
                    || node is ObjectCreationExpressionSyntax { Type: QualifiedNameSyntax or AliasQualifiedNameSyntax } creation
                        && creation.Type.ToString() is "global::System.DateOnly" or "global::System.DateTime" or "global::System.TimeSpan"
                    || node is ArrayCreationExpressionSyntax;
                Assert.True(allowed, $"{node.Kind()} in {literal}");
            }

            // Member accesses only name a DateTimeKind or an enum member: type text fixed by the notebook, member an identifier.
            foreach (var access in value.DescendantNodesAndSelf().OfType<MemberAccessExpressionSyntax>().Where(m => m.Parent is not MemberAccessExpressionSyntax))
            {
                var receiver = access.Expression.ToString();
                Assert.True(receiver is "global::System.DateTimeKind" || receiver == type.EnumType, literal);
            }
        }).Check(Checks);
    }
}
