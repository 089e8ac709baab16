using System.Threading;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>bpnano ports: the serial ports of this machine, naming the USB-serial bridges of ESP32 boards (CP210x, CH340, ...).</summary>
    internal sealed class PortsCommand(CliConsole console) : Command
    {
        public override int Execute(CommandContext context, CancellationToken cancellationToken)
        {
            console.WriteLines(PortList.Lines(PortList.Find()));
            return 0;
        }
    }
}
