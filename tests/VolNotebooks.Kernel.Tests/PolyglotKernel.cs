using System.Collections;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using KernelInfo = Microsoft.DotNet.Interactive.Documents.KernelInfo;

namespace VolNotebooks.Kernel.Tests;

/// <summary>Runs a notebook through the real .NET Interactive kernel, in-process, as VS Code Polyglot Notebooks does.</summary>
/// <remarks>
/// The kernel is built like dotnet-interactive's <c>KernelBuilder.CreateKernel</c>: a <c>CompositeKernel</c> holding a
/// <c>CSharpKernel</c> with its kernel helpers (<c>display</c>) and value sharing, and the formatter defaults it sets for
/// a browser front end (<c>SetUpFormatters</c>: HTML by default, strings as plain text). The C# kernel resolves
/// <c>#r</c> paths against <see cref="Directory.GetCurrentDirectory"/>, read at each submission
/// (<c>CSharpKernel.UpdateScriptOptionsIfWorkingDirectoryChanged</c>), and VS Code starts the kernel in the notebook's
/// folder; so the notebook's folder is made the working directory for the run.
/// </remarks>
internal static class PolyglotKernel
{
    private static readonly KernelInfoCollection KernelInfos = new()
    {
        new KernelInfo("csharp", "C#", ["c#", "C#"]),
        new KernelInfo("markdown", "Markdown", ["md"]),
    };

    static PolyglotKernel()
    {
        KernelInfos.DefaultKernelName = "csharp";
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
    }

    /// <summary>Parses an <c>.ipynb</c> or <c>.dib</c> notebook with Microsoft.DotNet.Interactive.Documents.</summary>
    public static InteractiveDocument Parse(string path) => Path.GetExtension(path) switch
    {
        ".ipynb" => Notebook.Parse(File.ReadAllText(path), KernelInfos),
        ".dib" => CodeSubmission.Parse(File.ReadAllText(path), KernelInfos),
        var other => throw new NotSupportedException($"{path}: '{other}' is not a notebook format"),
    };

    /// <summary>Runs every code cell of <paramref name="path"/>, submitting <paramref name="overrides"/> right after
    /// the parameters cell (as papermill and <c>volnb run --param</c> do); stops at the first failed cell.</summary>
    public static async Task<NotebookResult> RunAsync(string path, IReadOnlyDictionary<string, string> overrides)
    {
        var clock = Stopwatch.StartNew();
        var document = Parse(path);
        var savedDirectory = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using var kernel = new CompositeKernel();
            kernel.Add(new CSharpKernel().UseKernelHelpers().UseValueSharing(), ["c#", "C#"]);
            kernel.DefaultKernelName = "csharp";
            TimeSpan? firstOutput = null;
            using var subscription = kernel.KernelEvents.Subscribe(new OutputClock(() => firstOutput ??= clock.Elapsed));

            var cells = new List<CellResult>();
            var injectedParameters = false;
            foreach (var element in document.Elements.Where(e => e.KernelName != "markdown"))
            {
                var result = await kernel.SendAsync(new SubmitCode(element.Contents, element.KernelName ?? "csharp"));
                var cell = ToCell(cells.Count + 1, element.Contents, result);
                cells.Add(cell);
                if (cell.Failure is not null) break;
                if (IsParameters(element) && overrides.Count > 0)
                {
                    var injected = string.Join("\n", overrides.Select(p => $"var {p.Key} = {p.Value};"));
                    var injection = ToCell(0, injected, await kernel.SendAsync(new SubmitCode(injected, "csharp")));
                    if (injection.Failure is not null) throw new InvalidOperationException($"{path}: parameters '{injected}': {injection.Failure}");
                    injectedParameters = true;
                }
            }

            if (overrides.Count > 0 && !injectedParameters && cells.All(c => c.Failure is null))
                throw new InvalidOperationException($"{path}: parameters given but no cell is tagged 'parameters'");

            return new NotebookResult(cells, clock.Elapsed, firstOutput);
        }
        finally
        {
            Directory.SetCurrentDirectory(savedDirectory);
        }
    }

    /// <summary>Whether an element is the parameters cell: tagged <c>parameters</c>, or (in a .dib, which has no
    /// tags) opening with <c>// parameters</c>, the same rule as the headless runner's.</summary>
    internal static bool IsParameters(InteractiveDocumentElement element)
    {
        if (element.Contents.TrimStart().StartsWith("// parameters", StringComparison.OrdinalIgnoreCase)) return true;
        if (element.Metadata?.TryGetValue("tags", out var tags) != true) return false;
        return tags switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } json => json.EnumerateArray().Any(t => t.GetString() == "parameters"),
            IEnumerable sequence and not string => sequence.Cast<object?>().Any(t => t?.ToString() == "parameters"),
            _ => false,
        };
    }

    private static CellResult ToCell(int codeCell, string source, KernelCommandResult result)
    {
        var outputs = new List<KernelOutput>();
        string? failure = null;
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case CommandFailed failed:
                    failure = failed.Message ?? failed.Exception?.ToString();
                    break;
                case DisplayEvent display when Kind(display) is OutputKind kind:
                    outputs.Add(new KernelOutput(kind, display.FormattedValues
                        .GroupBy(v => v.MimeType, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal)));
                    break;
            }
        }

        return new CellResult(codeCell, source, outputs, failure);
    }

    private static OutputKind? Kind(DisplayEvent e) => e switch
    {
        ReturnValueProduced => OutputKind.Result,
        StandardOutputValueProduced => OutputKind.Stdout,
        StandardErrorValueProduced => OutputKind.Stderr,
        DisplayedValueProduced => OutputKind.Display,
        _ => null,
    };

    /// <summary>Notes the time of the first output event the kernel publishes.</summary>
    private sealed class OutputClock(Action onOutput) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value)
        {
            if (value is ReturnValueProduced or StandardOutputValueProduced or StandardErrorValueProduced or DisplayedValueProduced)
                onOutput();
        }

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
