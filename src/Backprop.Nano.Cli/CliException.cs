using System;

namespace Backprop.Nano.Cli
{
    /// <summary>A problem the user can fix (missing file, unknown column, busy port): shown as one line, without a stack trace.</summary>
    internal sealed class CliException(string message, Exception innerException = null) : Exception(message, innerException);
}
