using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VolNotebooks.Data;
using VolNotebooks.IO;

namespace VolNotebooks.Runner;

/// <summary>Thrown when a notebook file cannot be read; names the file and, where it can, the cell or line.</summary>
/// <param name="message">What is wrong, starting with the file.</param>
/// <param name="inner">The underlying exception.</param>
public sealed class NotebookFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads <c>.ipynb</c> (nbformat 4) and <c>.dib</c> notebooks; writes nbformat 4.5 with Polyglot Notebooks' metadata.</summary>
/// <remarks>
/// Written notebooks carry what VS Code Polyglot Notebooks writes, so they open with the .NET kernel and keep
/// their outputs: kernelspec <c>.net-csharp</c>, <c>language_info.name = polyglot-notebook</c>, the
/// <c>polyglot_notebook.kernelInfo</c> block, and on every code cell <c>dotnet_interactive.language</c> and
/// <c>polyglot_notebook.kernelName</c>.
/// </remarks>
public static class NotebookFile
{
    /// <summary>Reads a notebook by extension.</summary>
    /// <param name="path">An <c>.ipynb</c> or <c>.dib</c> file.</param>
    /// <exception cref="NotebookFormatException">Missing file, unknown extension or malformed content.</exception>
    public static Notebook Read(string path)
    {
        if (!File.Exists(path)) throw new NotebookFormatException($"{path}: notebook not found");
        var text = File.ReadAllText(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ipynb" => ParseIpynb(text, path),
            ".dib" => ParseDib(text),
            var other => throw new NotebookFormatException($"{path}: unknown notebook extension '{other}' (expected .ipynb or .dib)"),
        };
    }

    /// <summary>Parses nbformat 4 JSON.</summary>
    /// <param name="json">The file content.</param>
    /// <param name="sourceName">Name for messages.</param>
    public static Notebook ParseIpynb(string json, string sourceName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{sourceName}:{e.LineNumber + 1}: malformed notebook JSON: {e.Message}", e);
        }

        if (root is not JsonObject notebook || notebook["cells"] is not JsonArray cells)
            throw new NotebookFormatException($"{sourceName}: not an nbformat notebook (no 'cells' array)");
        var defaultLanguage = notebook["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>() ?? "csharp";
        var result = new List<Cell>();
        for (var i = 0; i < cells.Count; i++)
        {
            var c = cells[i] as JsonObject ?? throw new NotebookFormatException($"{sourceName}: cell {i + 1} is not an object");
            var type = c["cell_type"]?.GetValue<string>();
            var source = JoinSource(c["source"]);
            var metadata = c["metadata"] as JsonObject ?? [];
            Cell cell;
            if (type == "markdown" || type == "raw")
            {
                cell = new Cell(CellKind.Markdown, source);
            }
            else if (type == "code")
            {
                var language = metadata["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
                    ?? metadata["dotnet_interactive"]?["language"]?.GetValue<string>()
                    ?? defaultLanguage;
                cell = new Cell(CellKind.Code, source, language);
            }
            else
            {
                throw new NotebookFormatException($"{sourceName}: cell {i + 1} has unknown cell_type '{type}'");
            }

            cell.Id = c["id"]?.GetValue<string>();
            cell.Metadata = (JsonObject)metadata.DeepClone();
            if (metadata["tags"] is JsonArray tags) cell.Tags.AddRange(tags.Select(t => t!.GetValue<string>()));
            result.Add(cell);
        }

        var meta = notebook["metadata"] as JsonObject ?? [];
        return new Notebook(result, (JsonObject)meta.DeepClone());
    }

    /// <summary>Parses the <c>.dib</c> text format: cells introduced by <c>#!csharp</c>, <c>#!markdown</c> or <c>#!meta</c> lines.</summary>
    /// <param name="text">The file content.</param>
    public static Notebook ParseDib(string text)
    {
        var cells = new List<Cell>();
        var metadata = new JsonObject();
        string? kind = null;
        var buffer = new StringBuilder();

        void Flush()
        {
            var body = buffer.ToString().Trim('\n', '\r');
            buffer.Clear();
            if (kind is null) return;
            if (kind == "meta")
            {
                if (body.Length > 0 && JsonNode.Parse(body) is JsonObject meta)
                {
                    foreach (var (key, value) in meta) metadata[key] = value?.DeepClone();
                }
            }
            else if (body.Length > 0 || kind != "markdown")
            {
                cells.Add(kind == "markdown" ? new Cell(CellKind.Markdown, body) : new Cell(CellKind.Code, body, kind));
            }
        }

        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.StartsWith("#!", StringComparison.Ordinal) && IsCellMarker(raw[2..].Trim(), out var marker))
            {
                Flush();
                kind = marker;
                continue;
            }

            buffer.Append(raw).Append('\n');
        }

        Flush();
        return new Notebook(cells, new JsonObject { ["polyglot_notebook"] = metadata });
    }

    /// <summary>The notebook in the <c>.dib</c> text format, as Polyglot Notebooks writes it: the <c>#!meta</c> block (the
    /// <c>polyglot_notebook</c> metadata as one line of JSON) when there is one, then each cell as a <c>#!csharp</c> or
    /// <c>#!markdown</c> line, a blank line and its source, cells separated by a blank line. Outputs are not kept.</summary>
    /// <param name="notebook">The notebook; <see cref="ParseDib"/> of the result gives the same cells back.</param>
    public static string ToDib(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var parts = new List<string>();
        if (notebook.Metadata["polyglot_notebook"] is JsonObject { Count: > 0 } meta) parts.Add("#!meta\n\n" + meta.ToJsonString());
        parts.AddRange(notebook.Cells.Select(c => $"#!{c.Language}\n\n{c.Source}"));
        return string.Join("\n\n", parts) + "\n";
    }

    /// <summary>Writes nbformat 4.5 JSON with Polyglot Notebooks' metadata, atomically.</summary>
    /// <param name="notebook">The notebook with its outputs.</param>
    /// <param name="path">Destination <c>.ipynb</c>.</param>
    public static void WriteIpynb(Notebook notebook, string path) => AtomicFile.WriteAllText(path, ToIpynb(notebook));

    /// <summary>The notebook as nbformat 4.5 JSON text (one-space indent, like Jupyter and VS Code).</summary>
    /// <param name="notebook">The notebook.</param>
    public static string ToIpynb(Notebook notebook)
    {
        var cells = new JsonArray();
        var ids = new HashSet<string>();
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            var id = cell.Id is { Length: > 0 and <= 64 } && ids.Add(cell.Id) ? cell.Id : UniqueId(cell, i, ids);
            var metadata = (JsonObject)cell.Metadata.DeepClone();
            if (cell.Tags.Count > 0) metadata["tags"] = new JsonArray(cell.Tags.Select(t => (JsonNode?)t).ToArray());
            if (cell.Kind == CellKind.Code)
            {
                metadata["dotnet_interactive"] = new JsonObject { ["language"] = cell.Language };
                metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = cell.Language };
            }

            var json = new JsonObject
            {
                ["cell_type"] = cell.Kind == CellKind.Code ? "code" : "markdown",
                ["id"] = id,
                ["metadata"] = metadata,
                ["source"] = Lines(cell.Source),
            };
            if (cell.Kind == CellKind.Code)
            {
                json["execution_count"] = cell.ExecutionCount;
                json["outputs"] = new JsonArray(cell.Outputs.Select(OutputJson).ToArray());
            }

            cells.Add(json);
        }

        var meta = (JsonObject)notebook.Metadata.DeepClone();
        meta["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        meta["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" };
        meta["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(
                    new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "C#", ["name"] = "csharp" },
                    new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "Markdown", ["name"] = "markdown" }),
            },
        };
        var root = new JsonObject { ["cells"] = cells, ["metadata"] = meta, ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1 }) + "\n";
    }

    private static bool IsCellMarker(string name, out string marker)
    {
        marker = name switch
        {
            "csharp" or "c#" or "C#" => "csharp",
            "markdown" or "md" => "markdown",
            "meta" => "meta",
            "fsharp" or "f#" or "pwsh" or "powershell" or "javascript" or "js" or "html" or "sql" or "kql" or "mermaid" => name,
            _ => "",
        };
        return marker.Length > 0;
    }

    private static JsonNode OutputJson(CellOutput output) => output switch
    {
        StreamOutput s => new JsonObject { ["output_type"] = "stream", ["name"] = s.Name, ["text"] = Lines(s.Text) },
        DisplayOutput d => new JsonObject { ["output_type"] = "display_data", ["data"] = Bundle(d.Data), ["metadata"] = new JsonObject() },
        ResultOutput r => new JsonObject
        {
            ["output_type"] = "execute_result", ["execution_count"] = r.ExecutionCount, ["data"] = Bundle(r.Data), ["metadata"] = new JsonObject(),
        },
        ErrorOutput e => new JsonObject
        {
            ["output_type"] = "error", ["ename"] = e.Name, ["evalue"] = e.Message,
            ["traceback"] = new JsonArray(e.Traceback.Select(t => (JsonNode?)t).ToArray()),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output), output.GetType().Name),
    };

    private static JsonObject Bundle(IReadOnlyDictionary<string, string> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, content) in data) bundle[mime] = Lines(content);
        return bundle;
    }

    /// <summary>nbformat's multiline string: a list of lines, each but the last ending in a newline.</summary>
    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var line = end < 0 ? text[start..] : text[start..(end + 1)];
            lines.Add(line);
            start += line.Length;
        }

        return lines;
    }

    private static string JoinSource(JsonNode? source) => source switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue value => value.GetValue<string>(),
        _ => "",
    };

    private static string UniqueId(Cell cell, int index, HashSet<string> taken)
    {
        for (var salt = 0; ; salt++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{index}:{salt}:{cell.Kind}:{cell.Source}"));
            var id = Convert.ToHexString(hash, 0, 4).ToLowerInvariant();
            if (taken.Add(id)) return id;
        }
    }
}
