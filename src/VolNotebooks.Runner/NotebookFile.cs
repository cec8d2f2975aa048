using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VolNotebooks.Data;
using VolNotebooks.IO;

namespace VolNotebooks.Runner;

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
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException($"{path}: cannot be read: {e.Message}", e);
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ipynb" => ParseIpynb(text, path),
            ".dib" => ParseDib(text, path),
            var other => throw new NotebookFormatException($"{path}: unknown notebook extension '{other}' (expected .ipynb or .dib)"),
        };
    }

    /// <summary>Parses nbformat 4 JSON, checking the version and the type of every field the runner reads.</summary>
    /// <param name="json">The file content.</param>
    /// <param name="sourceName">Name for messages.</param>
    /// <exception cref="NotebookFormatException">Malformed JSON, an nbformat other than 4, or a field of the wrong type;
    /// the message names the cell (1-based) and the field.</exception>
    public static Notebook ParseIpynb(string json, string sourceName)
    {
        JsonNode? root;
        try
        {
            // A property given twice in one object is malformed (and would otherwise fail later, unlocated).
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{sourceName}:{e.LineNumber + 1}: malformed notebook JSON: {e.Message}", e);
        }

        if (root is not JsonObject notebook)
            throw new NotebookFormatException($"{sourceName}: not an nbformat notebook (the JSON is {Describe(root)}, not an object)");
        var version = notebook["nbformat"];
        if (version is null)
            throw new NotebookFormatException($"{sourceName}: not an nbformat notebook (no 'nbformat' version)");
        if (!TryInteger(version, out var major) || major != 4)
            throw new NotebookFormatException($"{sourceName}: nbformat {Describe(version)} is not supported (only nbformat 4)");
        if (notebook["nbformat_minor"] is { } minor && !TryInteger(minor, out _))
            throw new NotebookFormatException($"{sourceName}: field 'nbformat_minor' must be an integer, found {Describe(minor)}");
        var meta = ObjectField(notebook, "metadata", sourceName) ?? [];
        if (notebook["cells"] is not JsonArray cells)
            throw new NotebookFormatException($"{sourceName}: not an nbformat notebook (field 'cells' must be an array, found {Describe(notebook["cells"])})");

        var defaultLanguage = StringAt(meta, sourceName, "metadata", "polyglot_notebook", "kernelInfo", "defaultKernelName") ?? "csharp";
        var result = new List<Cell>();
        for (var i = 0; i < cells.Count; i++)
        {
            var where = $"{sourceName}: cell {i + 1}";
            var c = cells[i] as JsonObject ?? throw new NotebookFormatException($"{where}: must be an object, found {Describe(cells[i])}");
            var type = c["cell_type"] is JsonValue t && t.TryGetValue<string>(out var typeName) ? typeName : null;
            if (type is not ("code" or "markdown" or "raw"))
                throw new NotebookFormatException($"{where}: field 'cell_type' must be \"code\", \"markdown\" or \"raw\", found {Describe(c["cell_type"])}");
            var source = JoinSource(c["source"], where);
            var metadata = ObjectField(c, "metadata", where) ?? [];
            Cell cell;
            if (type == "code")
            {
                if (c["outputs"] is { } outputs && outputs is not JsonArray)
                    throw new NotebookFormatException($"{where}: field 'outputs' must be an array, found {Describe(outputs)}");
                long count = 0;
                if (c["execution_count"] is { } countNode && !TryInteger(countNode, out count))
                    throw new NotebookFormatException($"{where}: field 'execution_count' must be an integer or null, found {Describe(countNode)}");
                var language = StringAt(metadata, where, "metadata", "polyglot_notebook", "kernelName")
                    ?? StringAt(metadata, where, "metadata", "dotnet_interactive", "language")
                    ?? defaultLanguage;
                cell = new Cell(CellKind.Code, source, language) { ExecutionCount = c["execution_count"] is null ? null : (int)Math.Clamp(count, 0, int.MaxValue) };
                if (c["outputs"] is JsonArray list)
                {
                    for (var o = 0; o < list.Count; o++) cell.Outputs.Add(ParseOutput(list[o], $"{where}: output {o + 1}"));
                }
            }
            else
            {
                cell = new Cell(CellKind.Markdown, source);
            }

            if (c["id"] is { } id)
                cell.Id = id is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new NotebookFormatException($"{where}: field 'id' must be a string, found {Describe(id)}");
            cell.Metadata = (JsonObject)metadata.DeepClone();
            if (metadata["tags"] is { } tags)
            {
                cell.Tags.AddRange(tags is JsonArray list && list.All(x => x is JsonValue tv && tv.TryGetValue<string>(out _))
                    ? list.Select(x => x!.GetValue<string>())
                    : throw new NotebookFormatException($"{where}: field 'metadata.tags' must be an array of strings, found {Describe(tags)}"));
            }

            result.Add(cell);
        }

        return new Notebook(result, (JsonObject)meta.DeepClone()) { CellTimeout = CellTimeoutOf(meta, $"{sourceName}: metadata") };
    }

    /// <summary>Parses the <c>.dib</c> text format: cells introduced by <c>#!csharp</c>, <c>#!markdown</c> or <c>#!meta</c> lines.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="sourceName">Name for messages.</param>
    /// <exception cref="NotebookFormatException">A <c>#!meta</c> cell that is not a JSON object; the message names its line.</exception>
    public static Notebook ParseDib(string text, string sourceName = "notebook.dib")
    {
        var cells = new List<Cell>();
        var metadata = new JsonObject();
        string? kind = null;
        var kindLine = 0;
        var buffer = new StringBuilder();

        void Flush()
        {
            var body = buffer.ToString().Trim('\n', '\r');
            buffer.Clear();
            if (kind is null) return;
            if (kind == "meta")
            {
                if (body.Length == 0) return;
                JsonNode? parsed;
                try
                {
                    parsed = JsonNode.Parse(body);
                }
                catch (JsonException e)
                {
                    throw new NotebookFormatException($"{sourceName}:{kindLine}: the #!meta cell is not valid JSON: {e.Message}", e);
                }

                if (parsed is not JsonObject meta)
                    throw new NotebookFormatException($"{sourceName}:{kindLine}: the #!meta cell must hold a JSON object, found {Describe(parsed)}");
                foreach (var (key, value) in meta) metadata[key] = value?.DeepClone();
            }
            else if (body.Length > 0 || kind != "markdown")
            {
                cells.Add(kind == "markdown" ? new Cell(CellKind.Markdown, body) : new Cell(CellKind.Code, body, kind));
            }
        }

        var lineNumber = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            lineNumber++;
            if (raw.StartsWith("#!", StringComparison.Ordinal) && IsCellMarker(raw[2..].Trim(), out var marker))
            {
                Flush();
                kind = marker;
                kindLine = lineNumber;
                continue;
            }

            buffer.Append(raw).Append('\n');
        }

        Flush();
        return new Notebook(cells, new JsonObject { ["polyglot_notebook"] = metadata }) { CellTimeout = CellTimeoutOf(metadata, $"{sourceName}: #!meta") };
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

    private static string JoinSource(JsonNode? source, string where, string field = "source")
    {
        if (source is null) return "";
        if (source is JsonValue value && value.TryGetValue<string>(out var text)) return text;
        if (source is JsonArray lines)
        {
            var joined = new StringBuilder();
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i] is not JsonValue line || !line.TryGetValue<string>(out var part))
                    throw new NotebookFormatException($"{where}: field '{field}' line {i + 1} must be a string, found {Describe(lines[i])}");
                joined.Append(part);
            }

            return joined.ToString();
        }

        throw new NotebookFormatException($"{where}: field '{field}' must be a string or an array of strings, found {Describe(source)}");
    }

    private static CellOutput ParseOutput(JsonNode? node, string where)
    {
        if (node is not JsonObject output) throw new NotebookFormatException($"{where}: must be an object, found {Describe(node)}");
        string Text(string field) => output[field] is JsonValue v && v.TryGetValue<string>(out var text) ? text
            : throw new NotebookFormatException($"{where}: field '{field}' must be a string, found {Describe(output[field])}");
        var type = Text("output_type");
        switch (type)
        {
            case "stream":
                return new StreamOutput(Text("name"), JoinSource(output["text"], where, "text"));
            case "display_data":
                return new DisplayOutput(Bundle(output["data"], where));
            case "execute_result":
                long count = 0;
                if (output["execution_count"] is { } countNode && !TryInteger(countNode, out count))
                    throw new NotebookFormatException($"{where}: field 'execution_count' must be an integer or null, found {Describe(countNode)}");
                return new ResultOutput((int)Math.Clamp(count, 0, int.MaxValue), Bundle(output["data"], where));
            case "error":
                var traceback = output["traceback"] is JsonArray lines && lines.All(l => l is JsonValue lv && lv.TryGetValue<string>(out _))
                    ? lines.Select(l => l!.GetValue<string>()).ToList()
                    : throw new NotebookFormatException($"{where}: field 'traceback' must be an array of strings, found {Describe(output["traceback"])}");
                return new ErrorOutput(Text("ename"), Text("evalue"), traceback);
            default:
                throw new NotebookFormatException($"{where}: field 'output_type' must be \"stream\", \"display_data\", \"execute_result\" or \"error\", found {Describe(output["output_type"])}");
        }
    }

    private static Dictionary<string, string> Bundle(JsonNode? data, string where)
    {
        if (data is not JsonObject bundle) throw new NotebookFormatException($"{where}: field 'data' must be an object, found {Describe(data)}");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (mime, content) in bundle)
        {
            // Text formats are strings or line arrays; JSON formats (application/json) may be any JSON value.
            result[mime] = content is JsonValue v && v.TryGetValue<string>(out var text) ? text
                : content is JsonArray lines && lines.All(l => l is JsonValue lv && lv.TryGetValue<string>(out _)) ? string.Concat(lines.Select(l => l!.GetValue<string>()))
                : content?.ToJsonString() ?? "null";
        }

        return result;
    }

    private static TimeSpan? CellTimeoutOf(JsonObject metadata, string where)
    {
        if (metadata["volnb"] is not { } volnb) return null;
        if (volnb is not JsonObject settings)
            throw new NotebookFormatException($"{where}: field 'volnb' must be an object, found {Describe(volnb)}");
        if (settings["cell_timeout"] is not { } value) return null;
        return value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : throw new NotebookFormatException($"{where}: field 'volnb.cell_timeout' must be a positive number of seconds, found {Describe(value)}");
    }

    private static JsonObject? ObjectField(JsonObject owner, string field, string where) => owner[field] switch
    {
        null => null,
        JsonObject o => o,
        var other => throw new NotebookFormatException($"{where}: field '{field}' must be an object, found {Describe(other)}"),
    };

    /// <summary>The string at a path of nested objects, null when any step is missing; a wrong type on the way is an error.</summary>
    private static string? StringAt(JsonObject root, string where, string rootName, params string[] path)
    {
        JsonNode? node = root;
        var name = rootName;
        foreach (var step in path)
        {
            if (node is not JsonObject o)
                throw new NotebookFormatException($"{where}: field '{name}' must be an object, found {Describe(node)}");
            node = o[step];
            name += "." + step;
            if (node is null) return null;
        }

        return node is JsonValue v && v.TryGetValue<string>(out var text)
            ? text
            : throw new NotebookFormatException($"{where}: field '{name}' must be a string, found {Describe(node)}");
    }

    private static bool TryInteger(JsonNode node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value);
    }

    /// <summary>A JSON value for a message: its kind and at most 80 characters of its text.</summary>
    private static string Describe(JsonNode? node)
    {
        if (node is null) return "null";
        var kind = node.GetValueKind() switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        };
        return $"{kind} {DataFormatException.Quote(node.ToJsonString())}";
    }

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
