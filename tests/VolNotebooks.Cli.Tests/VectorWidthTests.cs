using System.Diagnostics;
using System.Text.Json.Nodes;

namespace VolNotebooks.Cli.Tests;

/// <summary>Results must not depend on the machine's SIMD width (some reference machines have AVX-512, some only AVX2).
/// A child process can narrow the vectors: with <c>DOTNET_PreferredVectorBitWidth=128</c> TensorPrimitives runs on
/// 128-bit vectors, and its Sum of 5,003 doubles then differs in the last bit from the 256-bit one (checked when the
/// GARCH test was written), so any sum grouped by vector width would change the fit; with AVX-512 switched off it runs
/// an AVX2 machine's path. On a machine without AVX-512 the training test compares that path with itself.</summary>
public sealed class VectorWidthTests
{
    [Fact]
    public async Task A_garch_fit_gives_the_same_bits_on_128_bit_vectors_as_on_the_machines_widest()
    {
        string[] fit = ["garch", "--ticker", "SPY", "--start", "2010-01-01", "--end", "2020-12-31", "--model", "gjr", "--dist", "t", "--json", "--no-record"];
        // Everything but the wall-clock time, compared as the JSON text of round-trip doubles: equal bits.
        await AssertSameJson(fit, "fit_ms", ("DOTNET_PreferredVectorBitWidth", "128"));
    }

    [Theory]
    [InlineData("CnnLstmBasic")]        // channels-last convolution and pooling, GEMM edge columns, dropout
    [InlineData("CnnLstmDeep")]         // channels-last batch normalization
    [InlineData("CnnBiLstmAttention")]  // bidirectional LSTM, attention
    [InlineData("LSTMForecaster")]
    public async Task Training_gives_the_same_bits_on_an_avx2_machine_as_with_avx512(string model)
    {
        // Without AVX-512 (.NET 10's DOTNET_EnableAVX512=0, and a preferred width of 256 bits, which also turns
        // Vector512.IsHardwareAccelerated off) the child runs what an AVX2-only reference machine runs: 256-bit GEMM tiles
        // (other edge widths), TensorPrimitives on 256-bit vectors. On a machine without AVX-512 both runs take that path.
        string[] train = ["train", "--model", model, "--target", "vix", "--epochs", "2", "--from", "2021-01-01", "--json", "--no-record"];
        // The spec, the test metrics as round-trip doubles and the epochs; not the wall-clock seconds.
        await AssertSameJson(train, "seconds", ("DOTNET_EnableAVX512", "0"), ("DOTNET_PreferredVectorBitWidth", "256"));
    }

    // Runs the command here and in a child process with the given environment; their JSON must agree but for one key.
    private static async Task AssertSameJson(string[] arguments, string clockKey, params (string Name, string Value)[] environment)
    {
        var (code, output, error) = await CliRunner.RunAsync(arguments);
        Assert.True(code == 0, error);
        var (childCode, childOutput, childError) = await RunWith(arguments, environment);
        Assert.True(childCode == 0, childError);
        string Without(string json)
        {
            var node = JsonNode.Parse(json)!.AsObject();
            node.Remove(clockKey);
            return node.ToJsonString();
        }

        Assert.Equal(Without(output), Without(childOutput));
    }

    private static async Task<(int Code, string Output, string Error)> RunWith(string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = RunSupervisor.SelfStartInfo();
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return (child.ExitCode, output, await error);
    }
}
