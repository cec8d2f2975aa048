using System.Text.Json.Nodes;

namespace VolNotebooks.Runner;

/// <summary>Markdown or code.</summary>
public enum CellKind
{
    /// <summary>Prose, rendered as Markdown.</summary>
    Markdown,

    /// <summary>Code in <see cref="Cell.Language"/>.</summary>
    Code,
}

/// <summary>One output of a code cell, in Jupyter's four kinds.</summary>
public abstract record CellOutput;

/// <summary>Text the cell wrote to stdout or stderr.</summary>
/// <param name="Name"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The text.</param>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>A value shown with <c>display(...)</c>: one representation per MIME type.</summary>
/// <param name="Data">MIME type to content (<c>text/html</c>, <c>image/svg+xml</c>, <c>text/plain</c>, ...).</param>
public sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data) : CellOutput;

/// <summary>The value of a cell's trailing expression.</summary>
/// <param name="ExecutionCount">The cell's execution number.</param>
/// <param name="Data">MIME type to content.</param>
public sealed record ResultOutput(int ExecutionCount, IReadOnlyDictionary<string, string> Data) : CellOutput;

/// <summary>The error that stopped a cell.</summary>
/// <param name="Name">Exception type or <c>CompilationError</c>.</param>
/// <param name="Message">The message.</param>
/// <param name="Traceback">Detail lines (diagnostics or stack trace).</param>
public sealed record ErrorOutput(string Name, string Message, IReadOnlyList<string> Traceback) : CellOutput;

/// <summary>A notebook cell: its kind, language, source, tags, metadata and (after a run) outputs.</summary>
public sealed class Cell
{
    /// <summary>Creates a cell.</summary>
    /// <param name="kind">Markdown or code.</param>
    /// <param name="source">The text.</param>
    /// <param name="language">Kernel name of a code cell (<c>csharp</c>).</param>
    public Cell(CellKind kind, string source, string language = "csharp")
    {
        Kind = kind;
        Source = source;
        Language = kind == CellKind.Markdown ? "markdown" : language;
    }

    /// <summary>Markdown or code.</summary>
    public CellKind Kind { get; }

    /// <summary>The cell's text.</summary>
    public string Source { get; set; }

    /// <summary>Kernel name: <c>csharp</c> or <c>markdown</c> (others are refused when run).</summary>
    public string Language { get; }

    /// <summary>Tags such as <c>parameters</c>.</summary>
    public List<string> Tags { get; } = [];

    /// <summary>The cell id (nbformat 4.5); generated when missing.</summary>
    public string? Id { get; set; }

    /// <summary>Extra metadata read from the file, kept when it is written back.</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>Outputs of the last run.</summary>
    public List<CellOutput> Outputs { get; } = [];

    /// <summary>Execution number of the last run, if the cell ran.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Whether this is the papermill-style parameters cell (tag <c>parameters</c>, or a first line <c>// parameters</c>).</summary>
    public bool IsParameters => Kind == CellKind.Code &&
        (Tags.Contains("parameters") || Source.TrimStart().StartsWith("// parameters", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A notebook: cells and metadata, read from and written to <c>.ipynb</c> or <c>.dib</c>.</summary>
/// <param name="Cells">The cells in order.</param>
/// <param name="Metadata">Notebook-level metadata (kernelspec and so on).</param>
public sealed record Notebook(List<Cell> Cells, JsonObject Metadata)
{
    /// <summary>Where in <see cref="Metadata"/> a notebook states its default cell timeout, in seconds: <c>{"volnb": {"cell_timeout": 600}}</c>.</summary>
    public const string CellTimeoutKey = "volnb.cell_timeout";

    /// <summary>The longest a cell may run unless the command line says otherwise (metadata <c>volnb.cell_timeout</c>, seconds), if the notebook states one.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>The code cells, in order.</summary>
    public IEnumerable<Cell> CodeCells => Cells.Where(c => c.Kind == CellKind.Code);
}
