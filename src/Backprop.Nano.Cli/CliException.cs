using System;

namespace Backprop.Nano.Cli
{
    /// <summary>A problem the user can fix (missing file, unknown column, busy port): shown as one line, without a stack trace.</summary>
    public sealed class CliException : Exception
    {
        /// <summary>An error with the message to show.</summary>
        public CliException(string message) : base(message)
        {
        }

        /// <summary>An error with the message to show and its cause.</summary>
        public CliException(string message, Exception innerException) : base(message, innerException)
        {
        }
    }
}
