using VolNotebooks.Runs;

namespace VolNotebooks.Tests.Runs;

public sealed class RunArtifactTests
{
    [Fact]
    public void A_file_below_the_current_directory_is_recorded_by_its_relative_path_and_others_in_full()
    {
        var here = Directory.GetCurrentDirectory();
        Assert.Equal(Path.Combine("results", "a.csv"), RunArtifact.Portable(Path.Combine(here, "results", "a.csv")));
        var outside = Path.GetFullPath(Path.Combine(here, "..", "elsewhere.csv"));
        Assert.Equal(outside, RunArtifact.Portable(outside));
    }
}
