using System;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Turns the raw bytes of a serial line into reports: splits them into lines, parses each with
    /// <see cref="ReportLine.TryParse"/> and counts what it cannot use. Fed in chunks of any size; never throws
    /// on input, and holds at most <see cref="MaxLineLength"/> characters however long a line is.
    /// </summary>
    /// <remarks>
    /// A UART delivers boot-loader chatter at another baud rate, bytes corrupted by noise and lines cut by a
    /// reset. So: LF, CR and CRLF end a line; bytes outside printable ASCII are dropped and counted as garbage;
    /// a line starting with '#' is a comment; a line that does not parse is retried from its last "step:", so a
    /// report preceded by junk without a newline is still recovered; other key:value lines without the report's keys are
    /// values (monitor shows and keeps them, as the Arduino Serial Plotter plots them); anything else is malformed. A line longer
    /// than <see cref="MaxLineLength"/> is discarded up to its end and counted as malformed.
    /// </remarks>
    public sealed class ReportStreamReader
    {
        /// <summary>The default bound of a line; a report line is under 100 characters.</summary>
        public const int DefaultMaxLineLength = 512;

        private const string StepKey = "step:";
        private readonly IReportSink _sink;
        private readonly Action<BoardLineKind, string> _lines;
        private readonly char[] _line;
        private readonly TrainingReport _report = new TrainingReport();
        private int _length;
        private bool _overlong;

        /// <summary>
        /// Hands every parsed report to <paramref name="sink"/> (one reused object: copy what you keep), and every line, sorted,
        /// to <paramref name="lines"/> (may be null), so that a board's messages can be shown rather than only counted.
        /// </summary>
        public ReportStreamReader(IReportSink sink, int maxLineLength = DefaultMaxLineLength, Action<BoardLineKind, string> lines = null)
        {
            _lines = lines;
            if (maxLineLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLineLength), "maxLineLength must be at least 1.");
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            _line = new char[maxLineLength];
        }

        /// <summary>The longest line kept; longer ones are malformed.</summary>
        public int MaxLineLength
        {
            get { return _line.Length; }
        }

        /// <summary>Lines parsed into reports.</summary>
        public int Reports { get; private set; }

        /// <summary>Non-empty lines that are neither reports nor comments (overlong ones included).</summary>
        public int MalformedLines { get; private set; }

        /// <summary>Of <see cref="MalformedLines"/>, those longer than <see cref="MaxLineLength"/>.</summary>
        public int OverlongLines { get; private set; }

        /// <summary>Lines of key:value pairs without the report's keys (a benchmark's "inputs:2 hidden:10 train_us:52.1").</summary>
        public int ValueLines { get; private set; }

        /// <summary>Lines starting with '#'.</summary>
        public int CommentLines { get; private set; }

        /// <summary>Bytes dropped because they are not printable ASCII, tab, CR or LF.</summary>
        public long GarbageBytes { get; private set; }

        /// <summary>Characters of an unfinished line waiting for its end.</summary>
        public int PendingLength
        {
            get { return _length; }
        }

        /// <summary>Takes <paramref name="count"/> bytes from <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
        public void Feed(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset > buffer.Length - count) throw new ArgumentOutOfRangeException(nameof(count));
            for (int k = offset; k < offset + count; k++) Accept((char)buffer[k]);
        }

        /// <summary>Takes text (each char as one byte would be; non-ASCII counts as garbage).</summary>
        public void Feed(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            foreach (char c in text) Accept(c);
        }

        private void Accept(char c)
        {
            if (c == '\n' || c == '\r')
            {
                EndLine();
            }
            else if ((c < ' ' && c != '\t') || c > '~')
            {
                GarbageBytes++;
            }
            else if (_overlong)
            {
                // Skipping to the end of a line that is already too long.
            }
            else if (_length == _line.Length)
            {
                _overlong = true;
                _length = 0;
            }
            else
            {
                _line[_length++] = c;
            }
        }

        private void EndLine()
        {
            if (_overlong)
            {
                _overlong = false;
                OverlongLines++;
                MalformedLines++;
                return;
            }
            if (_length == 0) return;  // the LF of a CRLF, or an empty line
            string line = new string(_line, 0, _length);
            _length = 0;
            if (line.Trim().Length == 0) return;
            if (line[0] == '#')
            {
                CommentLines++;
                _lines?.Invoke(BoardLineKind.Comment, line);
                return;
            }
            int resync = line.LastIndexOf(StepKey, StringComparison.Ordinal);
            if (ReportLine.TryParse(line, _report) || (resync > 0 && ReportLine.TryParse(line = line.Substring(resync), _report)))
            {
                Reports++;
                _sink.Report(_report);
                _lines?.Invoke(BoardLineKind.Report, line);
                return;
            }
            var pairs = BoardLine.Pairs(line);
            if (pairs != null && !BoardLine.HasReportKey(pairs))
            {
                ValueLines++;
                _lines?.Invoke(BoardLineKind.Values, line);
                return;
            }
            MalformedLines++;
            _lines?.Invoke(BoardLineKind.Malformed, line);
        }
    }
}
