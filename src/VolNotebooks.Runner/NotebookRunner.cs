using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using VolNotebooks.Data;

namespace VolNotebooks.Runner;

/// <summary>Where a run stopped: the notebook, the 1-based cell, the line within it, and the error.</summary>
/// <param name="NotebookPath">The notebook file.</param>
/// <param name="Cell">1-based position of the failing cell among all cells.</param>
/// <param name="Line">1-based line within the cell, when known.</param>
/// <param name="Message">The compiler diagnostic or exception.</param>
public sealed record CellFailure(string NotebookPath, int Cell, int? Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{NotebookPath}: cell {Cell}{(Line is int l ? $", line {l}" : "")}: {Message}";
}

/// <summary>The outcome of running one notebook.</summary>
/// <param name="Notebook">The notebook with the outputs of every cell that ran (the injected parameters cell included).</param>
/// <param name="Failure">Why it stopped early, or <see langword="null"/> when every cell ran.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="FirstOutputAfter">Time from the start to the first cell output, if any.</param>
public sealed record NotebookRun(Notebook Notebook, CellFailure? Failure, TimeSpan Elapsed, TimeSpan? FirstOutputAfter)
{
    /// <summary>Whether every cell ran.</summary>
    public bool Succeeded => Failure is null;
}

/// <summary>Progress of a run, reported before each code cell.</summary>
/// <param name="Cell">1-based cell position.</param>
/// <param name="CodeCell">1-based position among code cells.</param>
/// <param name="CodeCells">Number of code cells.</param>
public readonly record struct CellProgress(int Cell, int CodeCell, int CodeCells);

/// <summary>Executes C# notebooks cell by cell with Roslyn scripting, sharing state across cells.</summary>
/// <remarks>
/// Supports <c>#r "path.dll"</c> (relative to the notebook), <c>#load "file.csx"</c>, a leading <c>#!csharp</c> magic,
/// <c>display(...)</c>, the trailing-expression result and the formatter convention (<see cref="Formatting"/>), and
/// captures stdout and stderr per cell. Parameters work as papermill's do: the cell tagged <c>parameters</c> holds
/// defaults and the overrides are injected in a new cell right after it. A failing cell stops the run; the cells that
/// ran keep their outputs and the failing one gets an error output.
/// </remarks>
public static class NotebookRunner
{
    private static readonly string[] DefaultImports =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> PlatformReferences = new(LoadPlatformReferences);

    /// <summary>Runs <paramref name="path"/> and returns the executed notebook; never throws for a failing cell.</summary>
    /// <param name="path">An <c>.ipynb</c> or <c>.dib</c> notebook.</param>
    /// <param name="parameters">Overrides for variables declared in the parameters cell, as <c>Name = literal text</c>.</param>
    /// <param name="progress">Called before each code cell.</param>
    /// <param name="cancellationToken">Stops between cells.</param>
    /// <param name="snapshot">Called with the run as it stands before the first code cell and after every code cell
    /// (outputs of earlier runs cleared), so a caller can persist it and lose nothing whatever the next cell does.</param>
    /// <exception cref="NotebookFormatException">The notebook cannot be read, or a parameter is unknown or ill-typed
    /// (<see cref="NotebookParameterException"/>).</exception>
    public static async Task<NotebookRun> RunAsync(
        string path, IReadOnlyDictionary<string, string>? parameters = null, Action<CellProgress>? progress = null,
        CancellationToken cancellationToken = default, Action<NotebookRun>? snapshot = null)
    {
        var clock = Stopwatch.StartNew();
        var fullPath = Path.GetFullPath(path);
        var notebook = NotebookFile.Read(fullPath);
        InjectParameters(notebook, parameters ?? new Dictionary<string, string>(), path);
        foreach (var stale in notebook.CodeCells)
        {
            stale.Outputs.Clear();
            stale.ExecutionCount = null;
        }

        var folder = Path.GetDirectoryName(fullPath)!;
        var options = ScriptOptions.Default
            .WithReferences(PlatformReferences.Value)
            .AddReferences(typeof(NotebookGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithMetadataResolver(new ShippedLibraryResolver(ScriptMetadataResolver.Default.WithBaseDirectory(folder).WithSearchPaths(folder)))
            .WithSourceResolver(new SourceFileResolver([folder], folder))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Release);

        var outputs = new List<CellOutput>();
        TimeSpan? firstOutput = null;
        var globals = new NotebookGlobals(value =>
        {
            outputs.Add(new DisplayOutput(Formatting.Format(value)));
            firstOutput ??= clock.Elapsed;
        });
        ScriptState<object>? state = null;
        var codeCells = notebook.CodeCells.Count();
        var executed = 0;
        snapshot?.Invoke(new NotebookRun(notebook, null, clock.Elapsed, firstOutput));
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.Kind != CellKind.Code) continue;
            cancellationToken.ThrowIfCancellationRequested();
            executed++;
            progress?.Invoke(new CellProgress(i + 1, executed, codeCells));
            cell.Outputs.Clear();
            cell.ExecutionCount = executed;
            if (cell.Language != "csharp")
            {
                var message = $"cells in '{cell.Language}' are not supported by the headless runner (only C#)";
                cell.Outputs.Add(new ErrorOutput("UnsupportedLanguage", message, []));
                return Snapshot(new NotebookRun(notebook, new CellFailure(path, i + 1, null, message), clock.Elapsed, firstOutput), snapshot);
            }

            var (code, lineOffset) = StripMagic(cell.Source);
            if (FindUnsupportedDirective(code) is (int badLine, string directive))
            {
                var message = $"'{directive}' is not supported here (no package downloads at run time); reference a DLL with #r \"path.dll\"";
                cell.Outputs.Add(new ErrorOutput("UnsupportedDirective", message, []));
                return Snapshot(new NotebookRun(notebook, new CellFailure(path, i + 1, badLine + lineOffset, message), clock.Elapsed, firstOutput), snapshot);
            }

            outputs.Clear();
            var cellOptions = options.WithFilePath(Path.Combine(folder, $"{Path.GetFileName(fullPath)}.cell{i + 1}.csx"));
            var (stdout, stderr) = (new StringWriter(CultureInfo.InvariantCulture), new StringWriter(CultureInfo.InvariantCulture));
            CellFailure? failure = null;
            var console = CellConsole.Capture(stdout, stderr);
            try
            {
                state = state is null
                    ? await CSharpScript.RunAsync(code, cellOptions, globals, typeof(NotebookGlobals), cancellationToken).ConfigureAwait(false)
                    : await state.ContinueWithAsync(code, cellOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (CompilationErrorException e)
            {
                var first = e.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
                var line = first.Location.IsInSource ? first.Location.GetLineSpan().StartLinePosition.Line + 1 + lineOffset : (int?)null;
                failure = new CellFailure(path, i + 1, line, first.ToString().Split(": ", 2).Last());
                outputs.Add(new ErrorOutput("CompilationError", failure.Message, [.. e.Diagnostics.Select(d => Relocate(d, lineOffset))]));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var inner = e is TargetInvocationException { InnerException: { } ie } ? ie : e;
                failure = new CellFailure(path, i + 1, LineOf(inner, lineOffset), $"{inner.GetType().FullName}: {inner.Message}");
                outputs.Add(new ErrorOutput(inner.GetType().Name, inner.Message, [.. inner.ToString().Split('\n').Select(l => l.TrimEnd('\r'))]));
            }
            finally
            {
                console.Dispose();
            }

            if (stdout.GetStringBuilder().Length > 0) cell.Outputs.Add(new StreamOutput("stdout", stdout.ToString()));
            if (stderr.GetStringBuilder().Length > 0) cell.Outputs.Add(new StreamOutput("stderr", stderr.ToString()));
            cell.Outputs.AddRange(outputs.Where(o => o is DisplayOutput));
            if (failure is null && state is { ReturnValue: { } value } && HasTrailingExpression(code))
                cell.Outputs.Add(new ResultOutput(executed, Formatting.Format(value)));
            cell.Outputs.AddRange(outputs.Where(o => o is ErrorOutput));
            if (cell.Outputs.Count > 0) firstOutput ??= clock.Elapsed;
            var run = Snapshot(new NotebookRun(notebook, failure, clock.Elapsed, firstOutput), snapshot);
            if (failure is not null) return run;
        }

        return new NotebookRun(notebook, null, clock.Elapsed, firstOutput);
    }

    private static NotebookRun Snapshot(NotebookRun run, Action<NotebookRun>? snapshot)
    {
        snapshot?.Invoke(run);
        return run;
    }

    /// <summary>Compiles and runs a trivial script, so that the compiler's one-time start-up (1-3 s of JIT) is not
    /// charged to the first cell of a notebook - which matters when cells have a time limit.</summary>
    /// <param name="cancellationToken">Stops the warm-up.</param>
    public static Task WarmUpAsync(CancellationToken cancellationToken = default) =>
        CSharpScript.RunAsync("var warm = 1; warm", ScriptOptions.Default.WithReferences(PlatformReferences.Value).WithImports(DefaultImports)
            .WithOptimizationLevel(OptimizationLevel.Release), new NotebookGlobals(_ => { }), typeof(NotebookGlobals), cancellationToken);

    /// <summary>Inserts a cell tagged <c>injected-parameters</c> after the parameters cell, declaring each override anew.</summary>
    /// <remarks>Each value is parsed into the type of its default (see <see cref="ParameterType"/>) and written as a literal
    /// built here, so the cell holds only literals whatever the text given.</remarks>
    /// <exception cref="NotebookParameterException">No parameters cell, an unknown name, a default of a form that cannot be
    /// set, or a value that is not of the default's type; the message names the parameter.</exception>
    internal static void InjectParameters(Notebook notebook, IReadOnlyDictionary<string, string> parameters, string path)
    {
        if (parameters.Count == 0) return;
        var index = notebook.Cells.FindIndex(c => c.IsParameters);
        if (index < 0)
            throw new NotebookParameterException($"{path}: --param given but the notebook has no cell tagged 'parameters'");
        var declared = DeclaredParameters(notebook.Cells[index].Source);
        var lines = new StringBuilder("// Injected parameters\n");
        foreach (var (name, text) in parameters)
        {
            if (!declared.TryGetValue(name, out var declaration))
            {
                throw new NotebookParameterException(
                    $"{path}: unknown parameter '{Quote(name)}'; the parameters cell (cell {index + 1}) declares {string.Join(", ", declared.Keys)}");
            }

            if (declaration.Type is not ParameterType type)
            {
                throw new NotebookParameterException(
                    $"{path}: parameter {name} cannot be set with --param: its default '{Quote(declaration.Default)}' (cell {index + 1}) is not a literal, " +
                    "a DateOnly, DateTime or TimeSpan, an enum member or an array of these");
            }

            try
            {
                lines.Append(CultureInfo.InvariantCulture, $"var {name} = {type.Literal(text)};\n");
            }
            catch (FormatException e)
            {
                throw new NotebookParameterException($"{path}: parameter {name} ({type}): '{Quote(text)}' is not valid: {e.Message}", e);
            }
        }

        var injected = new Cell(CellKind.Code, lines.ToString().TrimEnd('\n'));
        injected.Tags.Add("injected-parameters");
        notebook.Cells.Insert(index + 1, injected);
    }

    /// <summary>At most <see cref="DataFormatException.MaxQuotedLength"/> characters of a value, for messages.</summary>
    internal static string Quote(string text) => DataFormatException.Quote(text);

    /// <summary>The variables the parameters cell declares at its top level, with their types (null: not settable) and default text.</summary>
    private static Dictionary<string, (ParameterType? Type, string Default)> DeclaredParameters(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var result = new Dictionary<string, (ParameterType?, string)>(StringComparer.Ordinal);
        var topLevel = tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or GlobalStatementSyntax or FieldDeclarationSyntax
            or LocalDeclarationStatementSyntax).OfType<VariableDeclarationSyntax>();
        foreach (var declaration in topLevel)
        {
            foreach (var declarator in declaration.Variables)
            {
                var value = declarator.Initializer?.Value;
                result[declarator.Identifier.Text] = (ParameterType.Infer(declaration.Type, value), value?.ToString() ?? "");
            }
        }

        return result;
    }

    private static (string Code, int LineOffset) StripMagic(string source)
    {
        var trimmed = source.TrimStart('\n', '\r');
        var offset = source.Length - trimmed.Length == 0 ? 0 : source[..(source.Length - trimmed.Length)].Count(c => c == '\n');
        if (trimmed.StartsWith("#!csharp", StringComparison.Ordinal) || trimmed.StartsWith("#!c#", StringComparison.Ordinal))
        {
            var newline = trimmed.IndexOf('\n');
            return (newline < 0 ? "" : trimmed[(newline + 1)..], offset + 1);
        }

        return (trimmed, offset);
    }

    private static (int Line, string Directive)? FindUnsupportedDirective(string code)
    {
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("#r \"nuget:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("#i ", StringComparison.Ordinal)
                || (line.StartsWith("#!", StringComparison.Ordinal) && !line.StartsWith("#!csharp", StringComparison.Ordinal)))
                return (i + 1, line);
        }

        return null;
    }

    private static bool HasTrailingExpression(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        var last = tree.GetRoot().ChildNodes().LastOrDefault();
        return last is GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement } && statement.SemicolonToken.IsMissing;
    }

    private static string Relocate(Diagnostic d, int lineOffset)
    {
        if (!d.Location.IsInSource) return d.ToString();
        var span = d.Location.GetLineSpan();
        return $"({span.StartLinePosition.Line + 1 + lineOffset},{span.StartLinePosition.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    private static int? LineOf(Exception e, int lineOffset)
    {
        var frame = new StackTrace(e, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() is string file && file.EndsWith(".csx", StringComparison.Ordinal));
        return frame is null || frame.GetFileLineNumber() == 0 ? null : frame.GetFileLineNumber() + lineOffset;
    }

    private static ImmutableArray<MetadataReference> LoadPlatformReferences()
    {
        // On .NET, scripts see no framework assemblies unless referenced explicitly: take the runtime's own list.
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return [.. paths
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "System.dll" or "netstandard.dll" or "mscorlib.dll" || name.StartsWith("Microsoft.CSharp", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32.Primitives", StringComparison.Ordinal)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
