namespace VolNotebooks.Runner;

/// <summary>Thrown when a parameter override cannot be applied: an unknown name, a default that cannot be set, or a value
/// not of the default's type. A usage error: the notebook is fine, the command line is not.</summary>
/// <param name="message">What is wrong, starting with the notebook and naming the parameter.</param>
/// <param name="inner">The underlying exception.</param>
public sealed class NotebookParameterException(string message, Exception? inner = null) : NotebookFormatException(message, inner);
