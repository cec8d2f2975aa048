namespace VolNotebooks.Runner;

/// <summary>Thrown when a notebook file cannot be read; names the file and, where it can, the cell or line.</summary>
/// <param name="message">What is wrong, starting with the file.</param>
/// <param name="inner">The underlying exception.</param>
public class NotebookFormatException(string message, Exception? inner = null) : Exception(message, inner);
