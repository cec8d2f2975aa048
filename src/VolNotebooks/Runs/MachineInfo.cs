using System.Runtime.InteropServices;

namespace VolNotebooks.Runs;

/// <summary>The machine a run ran on: enough to explain a timing or a numeric difference between two runs.</summary>
/// <param name="Os">Operating system description, e.g. <c>Debian GNU/Linux 13</c>.</param>
/// <param name="Architecture">Process architecture, e.g. <c>X64</c>.</param>
/// <param name="Cores">Logical processors the process may use.</param>
/// <param name="CpuModel">The processor's model name from /proc/cpuinfo, or empty where there is none.</param>
/// <param name="CpuFlags">The SIMD flags that choose our kernels (<c>avx2</c>, <c>fma</c>, <c>avx512f</c>, ...) that the CPU reports.</param>
/// <param name="Runtime">The .NET runtime, e.g. <c>.NET 10.0.0</c>.</param>
public sealed record MachineInfo(string Os, string Architecture, int Cores, string CpuModel, IReadOnlyList<string> CpuFlags, string Runtime)
{
    /// <summary>The flags <see cref="Current"/> looks for, in this order.</summary>
    public static readonly IReadOnlyList<string> SimdFlags = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "neon", "asimd"];

    /// <summary>This machine.</summary>
    public static MachineInfo Current
    {
        get
        {
            var (model, flags) = File.Exists("/proc/cpuinfo") ? ParseCpuInfo(File.ReadAllText("/proc/cpuinfo")) : ("", []);
            return new MachineInfo(
                RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture.ToString(), Environment.ProcessorCount,
                model, flags, RuntimeInformation.FrameworkDescription);
        }
    }

    /// <summary>The first processor's model name and which of <see cref="SimdFlags"/> it lists.</summary>
    /// <param name="cpuInfo">The text of /proc/cpuinfo.</param>
    public static (string Model, IReadOnlyList<string> Flags) ParseCpuInfo(string cpuInfo)
    {
        ArgumentNullException.ThrowIfNull(cpuInfo);
        string Field(string name) => cpuInfo.Split('\n')
            .Select(line => line.Split(':', 2))
            .FirstOrDefault(p => p.Length == 2 && p[0].Trim() == name)?[1].Trim() ?? "";
        // x86 names the list "flags", ARM "Features".
        var listed = (Field("flags") is { Length: > 0 } x86 ? x86 : Field("Features")).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        return (Field("model name"), [.. SimdFlags.Where(listed.Contains)]);
    }
}
