using System;
using System.IO;
using System.Threading;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// stdout as a sink of report lines, one per report, exactly as <see cref="ReportLine.Format"/> writes them;
    /// comment lines go to stderr, so that stdout carries only report lines.
    /// When the reader goes away (<c>bpnano train --readings 0 | head</c>) the write fails with a broken
    /// pipe; the command is then stopped, as a Unix filter stops, rather than training on for nobody.
    /// </summary>
    public sealed class ReportLineOutput : IReportSink
    {
        private readonly TextWriter _writer;
        private readonly CancellationTokenSource _stop;
        private readonly TextWriter _comments;

        /// <summary>
        /// Writes reports to <paramref name="writer"/>, cancelling <paramref name="stop"/> when that fails, and
        /// comments to <paramref name="comments"/>.
        /// </summary>
        public ReportLineOutput(TextWriter writer, CancellationTokenSource stop, TextWriter comments)
        {
            _writer = writer ?? throw new ArgumentNullException(nameof(writer));
            _stop = stop ?? throw new ArgumentNullException(nameof(stop));
            _comments = comments ?? throw new ArgumentNullException(nameof(comments));
        }

        /// <summary>True once a write failed because nothing reads the output any more.</summary>
        public bool ReaderGone { get; private set; }

        /// <inheritdoc />
        public void Report(TrainingReport report)
        {
            if (ReaderGone) return;
            try
            {
                _writer.WriteLine(ReportLine.Format(report));
            }
            catch (IOException)
            {
                ReaderGone = true;
                _stop.Cancel();
            }
        }

        /// <inheritdoc />
        public void Comment(string line)
        {
            _comments.WriteLine(line);
        }
    }
}
