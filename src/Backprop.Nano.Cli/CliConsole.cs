using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
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

        // Indented, and without escaping "->" or non-ASCII names into \u sequences: read by people as well as scripts.
        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>Writes <paramref name="value"/> to stdout as JSON (--json).</summary>
        public bool WriteJson(object value) => WriteLines(new[] { JsonSerializer.Serialize(value, JsonOptions) });

        /// <summary>
        /// Writes a line of the board's to stderr; an <paramref name="error"/> line in bold red when stderr is a terminal that
        /// shows colours (<see cref="ErrorAnsi"/>), so that "# error ..." stands out among the comments.
        /// </summary>
        public void WriteBoardLine(string line, bool error)
        {
            if (error && ErrorAnsi != null) ErrorAnsi.Write(new Text(line + "\n", new Style(Color.Red, decoration: Decoration.Bold)));
            else Error.WriteLine(line);
        }

        /// <summary>Spectre.Console's view of stderr when it is a colour terminal; null otherwise (and in tests).</summary>
        public IAnsiConsole ErrorAnsi { get; init; }

        /// <summary>The process's own console.</summary>
        public static CliConsole FromSystemConsole()
        {
            // A terminal that cannot move the cursor (TERM=dumb, an editor's shell buffer) cannot redraw a live view: Spectre
            // would print nothing until the end, so such a terminal gets the plain report lines, as a pipe does.
            bool live = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi && AnsiConsole.Profile.Capabilities.Interactive;
            IAnsiConsole errorAnsi = Console.IsErrorRedirected ? null : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return new CliConsole(RedirectedStandardOutput() ?? Console.Out, Console.Error, live, AnsiConsole.Console, Console.IsErrorRedirected)
            {
                ErrorAnsi = errorAnsi?.Profile.Capabilities.Ansi == true ? errorAnsi : null,
            };
        }

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
