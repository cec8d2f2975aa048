using System.Diagnostics;
using System.Text.Json.Nodes;

namespace VolNotebooks.Cli.Tests;

/// <summary>Results must not depend on the machine's SIMD width (some reference machines have AVX-512, some only AVX2).
/// This machine cannot show 512-bit vectors, but it can narrow them: with <c>DOTNET_PreferredVectorBitWidth=128</c>
/// TensorPrimitives runs on 128-bit vectors, and its Sum of 5,003 doubles then differs in the last bit from the 256-bit
/// one (checked when this test was written), so any sum grouped by vector width would change the fit.</summary>
public sealed class VectorWidthTests
{
    [Fact]
    public async Task A_garch_fit_gives_the_same_bits_on_128_bit_vectors_as_on_the_machines_widest()
    {
        string[] fit = ["garch", "--ticker", "SPY", "--start", "2010-01-01", "--end", "2020-12-31", "--model", "gjr", "--dist", "t", "--json", "--no-record"];
        var (code, output, error) = await CliRunner.RunAsync(fit);
        Assert.True(code == 0, error);

        var start = RunSupervisor.SelfStartInfo();
        foreach (var a in fit) start.ArgumentList.Add(a);
        start.Environment["DOTNET_PreferredVectorBitWidth"] = "128";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var narrow = Process.Start(start)!;
        var narrowError = narrow.StandardError.ReadToEndAsync();
        var narrowOutput = await narrow.StandardOutput.ReadToEndAsync();
        await narrow.WaitForExitAsync();
        Assert.True(narrow.ExitCode == 0, await narrowError);

        // Everything but the wall-clock time, compared as the JSON text of round-trip doubles: equal bits.
        static string Fitted(string json)
        {
            var node = JsonNode.Parse(json)!.AsObject();
            node.Remove("fit_ms");
            return node.ToJsonString();
        }

        Assert.Equal(Fitted(output), Fitted(narrowOutput));
    }
}
