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
    /// (with a pseudo-terminal pair from socat, or a USB-serial loopback). With --mqtt, stands in for a fleet
    /// of boards on a broker instead (<see cref="FleetSimulation"/>).
    /// </summary>
    internal sealed class SimulateCommand(CliConsole console) : Command<SimulateCommand.Settings>
    {
        /// <summary>The session options plus monitor's serial options (Spectre reads options only from a settings class and its bases).</summary>
        public sealed class Settings : SessionSettings, ISerialSettings, IBrokerSettings
        {
            [CommandOption("-p|--port <PORT>"), Description(SerialPorts.PortDescription)]
            public string Port { get; set; }

            [CommandOption("--baud <RATE>"), Description("Baud rate."), DefaultValue(SerialPorts.DefaultBaudRate)]
            public int Baud { get; set; }

            [CommandOption("--mqtt"), Description("Simulate a fleet of boards on an MQTT broker (--broker) instead of one board on a serial port.")]
            public bool Mqtt { get; set; }

            [CommandOption("--broker <HOST:PORT>"), Description(Cli.Broker.BrokerDescription)]
            public string Broker { get; set; }

            [CommandOption("--username <NAME>"), Description(Cli.Broker.UsernameDescription)]
            public string Username { get; set; }

            [CommandOption("--password <PASSWORD>"), Description(Cli.Broker.PasswordDescription)]
            public string Password { get; set; }

            [CommandOption("--tls"), Description(Cli.Broker.TlsDescription)]
            public bool Tls { get; set; }

            [CommandOption("--fleet <NAME>"), Description(Cli.Broker.FleetDescription), DefaultValue(Cli.Broker.DefaultFleet)]
            public string Fleet { get; set; }

            [CommandOption("--devices <N>"), Description("With --mqtt: boards to simulate, each with its own sensor seed (--seed + k) and phase; all start from the network of --seed."), DefaultValue(8)]
            public int Devices { get; set; }

            [CommandOption("--device-prefix <NAME>"), Description("With --mqtt: the boards are NAME-1 to NAME-N."), DefaultValue("sim")]
            public string DevicePrefix { get; set; }

            [CommandOption("--blend <B>"), Description("With --mqtt: how a board takes the global model, w = (1 - B) w + B w_global; 1 replaces."), DefaultValue(1f)]
            public float Blend { get; set; }

            [CommandOption("--model-every <STEPS>"), Description("With --mqtt: training steps between two models a board publishes."), DefaultValue(500)]
            public int ModelEvery { get; set; }

            protected override string FindProblem()
            {
                if (!Mqtt) return SerialPorts.FindProblem(this) ?? base.FindProblem();
                if (Port != null) return "--port and --mqtt exclude each other: a board on a serial port or a fleet on a broker.";
                string problem = Cli.Broker.FindProblem(this);
                if (problem != null) return problem;
                if (Devices < 1 || Devices > FleetSimulation.MaximumDevices) return "--devices must be from 1 to " + FleetSimulation.MaximumDevices + ".";
                if (DevicePrefix == null || !FleetTopics.IsValidName(DevicePrefix + "-" + Devices)) return "--device-prefix must make valid device names (no '/', '+', '#' or spaces; at most 64 characters).";
                if (!(0f <= Blend && Blend <= 1f)) return "--blend must be from 0 to 1.";
                if (ModelEvery < 1) return "--model-every must be at least 1.";
                if (Csv != null || Save != null || Resume != null) return "--mqtt simulates boards on the synthetic sensor, without --csv, --save or --resume.";
                return base.FindProblem();
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            if (settings.Mqtt) return new FleetSimulation(settings).Run(console, cancellationToken) ? 0 : BpnanoApp.Interrupted;
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
