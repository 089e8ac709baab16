using System.ComponentModel;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The broker options as a settings base class, for the commands whose settings can derive from it (fleet serve, fleet
    /// bench, monitor); simulate's settings derive from <see cref="SessionSettings"/> and declare the same options themselves.
    /// </summary>
    internal class BrokerSettings : CommandSettings, IBrokerSettings
    {
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
    }
}
