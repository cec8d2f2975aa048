namespace VolNotebooks.Cli;

/// <summary>Thrown for a command line that cannot work as given (a malformed option value, contradictory options);
/// <see cref="CommandErrors"/> turns it into one line on stderr and exit code 2.</summary>
/// <param name="message">What is wrong, naming the option.</param>
internal sealed class UsageException(string message) : Exception(message);
