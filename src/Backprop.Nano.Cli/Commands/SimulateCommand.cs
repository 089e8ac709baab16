using System;
using System.ComponentModel;
using System.IO.Ports;
using System.Threading;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano simulate: stands in for a board. Runs the same training loop as train and writes each report
    /// line to a serial port, so that monitor and anything else downstream can be tried without hardware
    /// (with a pseudo-terminal pair from socat, or a USB-serial loopback).
    /// </summary>
    public sealed class SimulateCommand : Command<SimulateCommand.Settings>
    {
        private readonly CliConsole _console;

        /// <summary>A command writing its progress and summary to <paramref name="console"/>.</summary>
        public SimulateCommand(CliConsole console)
        {
            _console = console;
        }

        /// <summary>simulate's options: the shared session options plus the port.</summary>
        public sealed class Settings : SessionSettings
        {
            /// <summary>--port: where the report lines go.</summary>
            [CommandOption("-p|--port <PORT>")]
            [Description("Serial port to write the report lines to, e.g. /dev/ttyUSB0, /dev/pts/3 or COM3.")]
            public string Port { get; set; }

            /// <summary>--baud.</summary>
            [CommandOption("--baud <RATE>")]
            [Description("Baud rate.")]
            [DefaultValue(SerialPorts.DefaultBaudRate)]
            public int Baud { get; set; }

            /// <inheritdoc />
            protected override string FindProblem()
            {
                if (string.IsNullOrWhiteSpace(Port)) return "--port is required.";
                if (Baud < 1) return "--baud must be a positive number.";
                return base.FindProblem();
            }
        }

        /// <inheritdoc />
        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            using SerialPort port = SerialPorts.Create(settings.Port, settings.Baud);
            try
            {
                port.Open();
            }
            catch (Exception e) when (SerialPorts.IsPortFailure(e) || e is ArgumentException)
            {
                throw new CliException("cannot open " + settings.Port + " (" + SerialPorts.Describe(e) + ").", e);
            }

            // Comment lines go down the line too, as a board prints them on its UART.
            TrainingRun run = TrainingRun.Create(settings, new ActionReportSink(report => port.WriteLine(ReportLine.Format(report)), port.WriteLine));
            if (run.ResumedLine != null) _console.Error.WriteLine(run.ResumedLine);
            bool completed = false;
            Exception portFailure = null;
            try
            {
                // A comment line first, as firmware may print one at boot: readers must skip it.
                port.WriteLine("# bpnano simulate: " + run.Source.Description);
                if (run.ResumedLine != null) port.WriteLine(run.ResumedLine);
                completed = _console.IsInteractive
                    ? SessionProgress.Run(_console.Ansi, run, "simulating on " + settings.Port, cancellationToken)
                    : run.Run(cancellationToken, null);
            }
            catch (Exception e) when (SerialPorts.IsPortFailure(e) || e is TimeoutException)
            {
                portFailure = e;
            }
            // However the run ended (Ctrl+C or a failed port included), the training done is kept.
            run.SaveModel();
            foreach (string line in run.SummaryLines()) _console.Error.WriteLine(line);
            if (portFailure != null)
            {
                throw new CliException("writing to " + settings.Port + " failed after " + run.History.Count + " reports ("
                    + SerialPorts.Describe(portFailure) + "). Is anything reading the other end?", portFailure);
            }
            _console.Error.WriteLine("# wrote " + run.History.Count + " report lines to " + settings.Port);
            return completed ? 0 : BpnanoApp.Interrupted;
        }
    }
}
