namespace VolNotebooks.Kernel.Tests;

/// <summary>How an output reached the notebook: through <c>display(...)</c>, as a cell's trailing value, or as text.</summary>
internal enum OutputKind
{
    Display,
    Result,
    Stdout,
    Stderr,
}

/// <summary>One output of one code cell, as either environment produced it: MIME type to content.</summary>
internal sealed record KernelOutput(OutputKind Kind, IReadOnlyDictionary<string, string> Data)
{
    public override string ToString() => $"{Kind} [{string.Join(", ", Data.Keys)}]";
}

/// <summary>What one code cell produced: its outputs in order and, if it failed, why.</summary>
internal sealed record CellResult(int CodeCell, string Source, IReadOnlyList<KernelOutput> Outputs, string? Failure)
{
    public IEnumerable<KernelOutput> Of(OutputKind kind) => Outputs.Where(o => o.Kind == kind);
}

/// <summary>A notebook run: per code cell results (the injected parameters excluded), total time and first output.</summary>
internal sealed record NotebookResult(IReadOnlyList<CellResult> Cells, TimeSpan Elapsed, TimeSpan? FirstOutputAfter);
