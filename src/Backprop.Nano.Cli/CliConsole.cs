using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Spectre.Console;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The streams a command writes to. Commands take this instead of using System.Console so that
    /// tests can run them in-process, side by side, each with its own captured output.
    /// </summary>
    /// <param name="output">stdout: report lines only when not interactive, so that it can be piped.</param>
    /// <param name="error">stderr: summaries, warnings and errors.</param>
    /// <param name="isInteractive">true when a person watches stdout: progress bars and live charts instead of plain lines.</param>
    /// <param name="ansi">where Spectre.Console renders help and, when interactive, the live views.</param>
    /// <param name="isErrorRedirected">true when stderr does not go to the terminal the live view is drawn on.</param>
    public sealed class CliConsole(TextWriter output, TextWriter error, bool isInteractive, IAnsiConsole ansi, bool isErrorRedirected)
    {
        /// <summary>stdout.</summary>
        public TextWriter Out { get; } = output ?? throw new ArgumentNullException(nameof(output));

        /// <summary>stderr.</summary>
        public TextWriter Error { get; } = error ?? throw new ArgumentNullException(nameof(error));

        /// <summary>Spectre.Console's view of stdout.</summary>
        public IAnsiConsole Ansi { get; } = ansi ?? throw new ArgumentNullException(nameof(ansi));

        /// <summary>True when stdout is a terminal rather than a pipe or file.</summary>
        public bool IsInteractive { get; } = isInteractive;

        /// <summary>True when stderr is a pipe or file (so writing to it cannot disturb a live view).</summary>
        public bool IsErrorRedirected { get; } = isErrorRedirected;

        /// <summary>
        /// Writes <paramref name="lines"/> to stdout, stopping quietly when the reader went away (<c>| head</c>): for a
        /// command that only prints, that is the reader's choice, not an error. False when it stopped early.
        /// </summary>
        public bool WriteLines(IEnumerable<string> lines)
        {
            try
            {
                foreach (string line in lines) Out.WriteLine(line);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        /// <summary>The process's own console.</summary>
        public static CliConsole FromSystemConsole() =>
            new CliConsole(RedirectedStandardOutput() ?? Console.Out, Console.Error, !Console.IsOutputRedirected, AnsiConsole.Console, Console.IsErrorRedirected);

        private static TextWriter RedirectedStandardOutput()
        {
            // Console.Out silently drops writes to a closed pipe on Unix, so `bpnano train --readings 0 | head` would
            // run forever. A FileStream over descriptor 1 reports the broken pipe as an IOException instead.
            if (!Console.IsOutputRedirected || OperatingSystem.IsWindows()) return null;
            var stream = new FileStream(new SafeFileHandle((IntPtr)1, false), FileAccess.Write, 1);
            // Only for a pipe: on a regular file (`> out.txt`, `{ a; b; } > out.txt`) the FileStream keeps its own
            // position from 0 and would overwrite what the shell or an earlier command already wrote there.
            if (stream.CanSeek)
            {
                stream.Dispose();
                return null;
            }
            return new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        }
    }
}
