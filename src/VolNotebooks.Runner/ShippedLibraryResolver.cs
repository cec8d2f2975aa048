using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace VolNotebooks.Runner;

/// <summary>Resolves a notebook's <c>#r "path.dll"</c> like the default resolver, except that a reference to one of the
/// workbook's own libraries (<c>VolNotebooks*.dll</c>) always resolves to the build the runner itself was compiled and
/// shipped with, wherever the path points.</summary>
/// <remarks>The notebooks reference <c>../src/VolNotebooks/bin/Debug/net10.0/VolNotebooks.dll</c>, the path VS Code
/// Polyglot needs after <c>dotnet build</c>. Headless, that file may be missing (a Release run on a fresh clone) or stale
/// (an old Debug build beside a new Release run); redirecting to the host's own copy makes a headless run use exactly the
/// library it was built with, and the same line keeps working in the editor.</remarks>
internal sealed class ShippedLibraryResolver(MetadataReferenceResolver inner) : MetadataReferenceResolver
{
    private const string Prefix = "VolNotebooks";

    private readonly MetadataReferenceResolver _inner = inner;

    /// <inheritdoc />
    public override bool ResolveMissingAssemblies => _inner.ResolveMissingAssemblies;

    /// <inheritdoc />
    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        if (ShippedPath(reference) is string shipped)
            return [MetadataReference.CreateFromFile(shipped, properties)];
        return _inner.ResolveReference(reference, baseFilePath, properties);
    }

    /// <inheritdoc />
    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        _inner.ResolveMissingAssembly(definition, referenceIdentity);

    /// <summary>The host's copy of a workbook library named by <paramref name="reference"/>, or <see langword="null"/>.</summary>
    /// <param name="reference">The text of a <c>#r</c> directive.</param>
    internal static string? ShippedPath(string reference)
    {
        var name = Path.GetFileName(reference);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return null;
        var simpleName = Path.GetFileNameWithoutExtension(name);
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => !a.IsDynamic && a.GetName().Name == simpleName && a.Location.Length > 0);
        if (loaded is not null) return loaded.Location;
        var beside = Path.Combine(AppContext.BaseDirectory, name);
        return File.Exists(beside) ? beside : null;
    }

    /// <inheritdoc />
    public override bool Equals(object? other) => other is ShippedLibraryResolver r && r._inner.Equals(_inner);

    /// <inheritdoc />
    public override int GetHashCode() => _inner.GetHashCode();
}
