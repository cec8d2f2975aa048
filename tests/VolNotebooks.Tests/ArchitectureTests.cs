using System.Text.RegularExpressions;
using VolNotebooks.IO;

namespace VolNotebooks.Tests;

/// <summary>The library's layers, read from the source: which folder of <c>src/VolNotebooks</c> uses which (by its
/// <c>using</c> directives and fully qualified names), checked against the layering in docs/ARCHITECTURE.md.</summary>
public sealed partial class ArchitectureTests
{
    // Each folder and the folders it may use (docs/ARCHITECTURE.md); Reports, the top layer, may use every other.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["IO"] = [],
        ["Data"] = ["IO"],
        ["Features"] = ["IO", "Data"],
        ["Datasets"] = ["IO", "Data", "Features"],
        ["Econometrics"] = ["IO"],
        ["Evaluation"] = ["IO", "Data", "Econometrics"],
        ["Risk"] = ["IO", "Data", "Econometrics", "Evaluation"],
        ["Search"] = ["IO", "Datasets"],
        ["Models"] = ["Datasets", "Search", "Neural"],
        ["Runs"] = ["IO", "Data", "Search"],
        ["Training"] = ["IO", "Data", "Features", "Datasets", "Evaluation", "Search", "Models", "Runs", "Neural"],
        ["Export"] = ["IO", "Models", "Neural"],
        ["Explain"] = ["Datasets", "Models", "Neural"],
        ["Charts"] = ["IO"],
        ["Reports"] = ["IO", "Data", "Features", "Datasets", "Econometrics", "Evaluation", "Risk", "Search", "Models", "Runs", "Training", "Export", "Explain", "Charts", "Neural"],
    };

    private static string Source => FolderSearch.FindAbove("src", d => Directory.Exists(Path.Combine(d, "VolNotebooks", "Data")))
        ?? throw new DirectoryNotFoundException("src/ not found above the test's folder");

    /// <summary>Folder -> the other folders of ours its files name.</summary>
    private static Dictionary<string, HashSet<string>> Edges(string project)
    {
        var root = Path.Combine(Source, project);
        var edges = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal)) continue;
            var folder = relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? relative.Split(Path.DirectorySeparatorChar)[0] : "(root)";
            var used = edges.TryGetValue(folder, out var set) ? set : edges[folder] = [];
            foreach (Match m in Reference().Matches(StripComments(File.ReadAllText(file))))
            {
                var target = m.Groups[1].Value;
                if (target != folder) used.Add(target);
            }
        }

        return edges;
    }

    [Fact]
    public void Every_folder_of_the_library_uses_only_the_layers_below_it()
    {
        var edges = Edges("VolNotebooks");
        Assert.Equal(Allowed.Keys.Order(), edges.Keys.Order());
        var violations = edges.SelectMany(e => e.Value.Where(t => !Allowed[e.Key].Contains(t)).Select(t => $"{e.Key} -> {t}")).ToList();
        Assert.True(violations.Count == 0, "forbidden dependencies: " + string.Join(", ", violations));
    }

    [Fact]
    public void The_library_folders_form_no_cycle()
    {
        var edges = Edges("VolNotebooks");
        var state = new Dictionary<string, int>();
        var path = new Stack<string>();
        void Visit(string node)
        {
            state[node] = 1;
            path.Push(node);
            foreach (var next in edges.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(next) == 1) Assert.Fail("cycle: " + string.Join(" <- ", path.Reverse().SkipWhile(n => n != next).Reverse().Prepend(next)));
                if (state.GetValueOrDefault(next) == 0) Visit(next);
            }

            path.Pop();
            state[node] = 2;
        }

        foreach (var node in edges.Keys.Where(n => state.GetValueOrDefault(n) == 0)) Visit(node);
    }

    [Theory]
    [InlineData("Charts", "Econometrics")]
    [InlineData("Charts", "Training")]
    [InlineData("Charts", "Models")]
    [InlineData("Charts", "Evaluation")]
    [InlineData("Data", "Features")]
    [InlineData("Explain", "Training")]
    public void The_named_forbidden_arrows_are_absent(string from, string to)
    {
        Assert.DoesNotContain(to, Edges("VolNotebooks")[from]);
        Assert.DoesNotContain(to, Allowed[from]);
    }

    [Fact]
    public void The_engine_uses_nothing_of_ours()
    {
        var engine = Edges("VolNotebooks.Neural");
        var ours = new[] { "Data", "Features", "Datasets", "Econometrics", "Evaluation", "Risk", "Export", "Explain", "Search", "Models", "Training", "Charts", "Reports", "IO", "Runner", "Cli" };
        Assert.All(engine, e => Assert.Empty(e.Value.Intersect(ours)));
    }

    [Fact]
    public void The_reader_finds_a_known_dependency()
    {
        // Guards the test itself: Training names Models and Datasets.
        Assert.Contains("Models", Edges("VolNotebooks")["Training"]);
        Assert.Contains("Datasets", Edges("VolNotebooks")["Training"]);
    }

    private static string StripComments(string code) => Comments().Replace(code, "");

    [GeneratedRegex(@"\bVolNotebooks\.(\w+)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();
}
