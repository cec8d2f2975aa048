using VolNotebooks.Charts;

namespace VolNotebooks.Runner.Tests;

/// <summary>A temporary folder holding small notebooks written by the tests, with a copy of the helper library.</summary>
internal sealed class NotebookFolder : IDisposable
{
    public NotebookFolder()
    {
        Directory.CreateDirectory(Path);
        // A private copy, so that '#r "lib/VolNotebooks.dll"' is resolved relative to the notebook.
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "lib"));
        File.Copy(typeof(VolNotebooks.Charts.PlotlyChart).Assembly.Location, System.IO.Path.Combine(Path, "lib", "VolNotebooks.dll"));
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "volnb-runner-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>A .dib notebook from (kind, source) cells.</summary>
    public string Dib(string name, params (string Kind, string Source)[] cells) =>
        Write(name, "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"aliases\":[],\"name\":\"csharp\"}]}}\n\n" +
            string.Join("\n", cells.Select(c => $"#!{c.Kind}\n\n{c.Source}\n")));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
