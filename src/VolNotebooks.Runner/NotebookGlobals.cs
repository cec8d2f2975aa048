namespace VolNotebooks.Runner;

/// <summary>What a notebook's code sees besides its own variables: <c>display(...)</c>, as in Polyglot Notebooks.</summary>
/// <remarks>Members are public and lower-case so that cells written for .NET Interactive run unchanged.</remarks>
public sealed class NotebookGlobals
{
    private readonly Action<object?> _display;

    internal NotebookGlobals(Action<object?> display) => _display = display;

    /// <summary>Shows <paramref name="value"/> in the cell's output, formatted by the formatter convention.</summary>
    /// <param name="value">A figure, a table, or any value.</param>
    /// <returns>The value, so it can be chained.</returns>
#pragma warning disable IDE1006 // Lower case to match .NET Interactive's display().
    public object? display(object? value)
#pragma warning restore IDE1006
    {
        _display(value);
        return value;
    }
}
