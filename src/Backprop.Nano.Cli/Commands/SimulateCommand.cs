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
    internal sealed class SimulateCommand(CliConsole console) : Command<SimulateCommand.Settings>
    {
        /// <summary>The session options plus monitor's serial options (Spectre reads options only from a settings class and its bases).</summary>
        public sealed class Settings : SessionSettings, ISerialSettings
        {
            [CommandOption("-p|--port <PORT>"), Description(SerialPorts.PortDescription)]
            public string Port { get; set; }

            [CommandOption("--baud <RATE>"), Description("Baud rate."), DefaultValue(SerialPorts.DefaultBaudRate)]
            public int Baud { get; set; }

            protected override string FindProblem() => SerialPorts.FindProblem(this) ?? base.FindProblem();
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            using SerialPort port = SerialPorts.OpenFirst(settings);
            // Comment lines go down the line too, as a board prints them on its UART.
            var run = new TrainingRun(settings, new ActionReportSink(report => port.WriteLine(ReportLine.Format(report)), port.WriteLine));
            bool completed;
            try
            {
                completed = run.Execute(console, "simulating on " + settings.Port, cancellationToken, () =>
                {
                    // A comment line first, as firmware may print one at boot: readers must skip it.
                    port.WriteLine("# bpnano simulate: " + run.SourceDescription);
                    if (run.ResumedLine != null) port.WriteLine(run.ResumedLine);
                });
            }
            catch (Exception e) when (SerialPorts.IsPortFailure(e) || e is TimeoutException)
            {
                throw new CliException("writing to " + settings.Port + " failed after " + run.History.Count + " reports ("
                    + SerialPorts.Describe(e) + "). Is anything reading the other end?", e);
            }
            console.Error.WriteLine("# wrote " + run.History.Count + " report lines to " + settings.Port);
            return completed ? 0 : BpnanoApp.Interrupted;
        }
    }
}
