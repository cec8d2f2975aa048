using System.Reflection;

namespace VolNotebooks.Runs;

/// <summary>Everything remembered about one run: what it was asked to do, what it measured, how long it took, where it
/// ran, and what it wrote.</summary>
public sealed record RunRecord
{
    /// <summary>The store's id, or 0 for a run not yet recorded.</summary>
    public long Id { get; init; }

    /// <summary>What produced the run.</summary>
    public required RunKind Kind { get; init; }

    /// <summary>The model it trained or fitted: an architecture (<c>LSTMForecaster</c>), an ARCH specification
    /// (<c>GARCH(1,1)-normal</c>) or a notebook name.</summary>
    public required string Model { get; init; }

    /// <summary>When it started (UTC).</summary>
    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Its wall time in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>The experiment spec as JSON (an <c>ExperimentSpec</c>'s snake_case form, or a fit's options), or
    /// <see langword="null"/>.</summary>
    public string? Spec { get; init; }

    /// <summary>Its results by name (test metrics, log-likelihood, a trial's objective value); NaN where undefined.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Per-epoch training history, in epoch order (empty for fits without epochs).</summary>
    public IReadOnlyList<RunEpoch> History { get; init; } = [];

    /// <summary>Files it wrote, with their SHA-256.</summary>
    public IReadOnlyList<RunArtifact> Artifacts { get; init; } = [];

    /// <summary>The machine it ran on.</summary>
    public MachineInfo Machine { get; init; } = MachineInfo.Current;

    /// <summary>The VolNotebooks library version that ran it.</summary>
    public string LibraryVersion { get; init; } = CurrentLibraryVersion;

    /// <summary>The stored study it belongs to, for trials.</summary>
    public string? Study { get; init; }

    /// <summary>Its trial number in <see cref="Study"/>, for trials.</summary>
    public int? Trial { get; init; }

    /// <summary>The informational version of this build of the library (with its source revision when the build knew it).</summary>
    public static string CurrentLibraryVersion { get; } =
        typeof(RunRecord).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RunRecord).Assembly.GetName().Version?.ToString() ?? "unknown";
}
