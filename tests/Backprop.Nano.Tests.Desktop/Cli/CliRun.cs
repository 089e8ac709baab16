using System;
using System.IO;
using System.Threading;
using Backprop.Nano.Cli;
using Spectre.Console.Testing;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>One bpnano command run in-process with stdout and stderr captured, as when both are piped.</summary>
    internal sealed class CliRun
    {
        private readonly StringWriter _outputText = new StringWriter();
        private readonly StringWriter _errorText = new StringWriter();
        private readonly TextWriter _output;
        private readonly TextWriter _error;

        private CliRun()
        {
            // The command may write from its own thread while a test polls; SyncTextWriter locks on itself.
            _output = TextWriter.Synchronized(_outputText);
            _error = TextWriter.Synchronized(_errorText);
        }

        public int ExitCode { get; private set; }

        /// <summary>stdout so far (safe to read while the command still runs).</summary>
        public string Output
        {
            get { lock (_output) return _outputText.ToString(); }
        }

        /// <summary>stderr so far.</summary>
        public string Error
        {
            get { lock (_error) return _errorText.ToString(); }
        }

        public string[] OutputLines
        {
            get { return Output.Split('\n', StringSplitOptions.RemoveEmptyEntries); }
        }

        public static CliRun Start(params string[] args)
        {
            return Start(CancellationToken.None, args);
        }

        public static CliRun Start(CancellationToken cancel, params string[] args)
        {
            var run = new CliRun();
            run.ExitCode = BpnanoApp.Create(Console(run._output, run._error)).Run(args, cancel);
            return run;
        }

        /// <summary>Captured, non-interactive streams, as when stdout and stderr are piped.</summary>
        public static CliConsole Console(TextWriter output, TextWriter error)
        {
            return new CliConsole(output, error, false, new TestConsole(), true);
        }

        /// <summary>The run, for messages: exit code, stderr and the head of stdout.</summary>
        public override string ToString()
        {
            string output = Output;
            return "exit " + ExitCode + "\nstderr:\n" + Error + "\nstdout (head):\n" + output.Substring(0, Math.Min(output.Length, 2000));
        }
    }
}
