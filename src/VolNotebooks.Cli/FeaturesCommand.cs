using System.CommandLine;
using VolNotebooks.Features;

namespace VolNotebooks.Cli;

/// <summary><c>volnb features --list</c>: the feature recipes an experiment spec can name.</summary>
internal static class FeaturesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var list = new Option<bool>("--list") { Description = "List the feature recipes" };
        var command = new Command("features", "The feature recipes (volnb train --features NAME)") { list };
        command.SetAction(_ => CommandErrors.Guarded(error, () =>
        {
            output.WriteLine($"{"recipe",-11} {"filter",-7} {"volume",-7} source: features");
            foreach (var r in FeatureRecipes.All)
                output.WriteLine($"{r.Name,-11} {(r.DefaultCorrelationThreshold is double t ? t.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "-"),-7} {(r.NeedsVolume ? "yes" : "no"),-7} {r.Source}: {r.Description}");
            return 0;
        }));
        return command;
    }
}
