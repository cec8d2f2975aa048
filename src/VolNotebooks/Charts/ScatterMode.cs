namespace VolNotebooks.Charts;

/// <summary>How a scatter trace is drawn.</summary>
public enum ScatterMode
{
    /// <summary>Connected lines.</summary>
    Lines,

    /// <summary>Markers only.</summary>
    Markers,

    /// <summary>Lines with markers.</summary>
    LinesAndMarkers,
}
