using System.IO;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>A pipe whose reader exits after three lines, as `| head -3` does.</summary>
    internal sealed class ClosingPipe : StringWriter
    {
        public int LinesAccepted { get; private set; }

        public override void WriteLine(string value)
        {
            if (LinesAccepted == 3) throw new IOException("Broken pipe");
            LinesAccepted++;
            base.WriteLine(value);
        }
    }
}
