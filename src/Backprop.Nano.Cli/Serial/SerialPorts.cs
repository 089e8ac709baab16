using System;
using System.IO;
using System.IO.Ports;
using System.Text;

namespace Backprop.Nano.Cli
{
    /// <summary>--port and --baud, the options of the commands that talk to a board (simulate, monitor).</summary>
    internal interface ISerialSettings
    {
        string Port { get; }
        int Baud { get; }
    }

    /// <summary>How bpnano checks, opens and configures serial ports, and which failures mean "the port went away".</summary>
    internal static class SerialPorts
    {
        /// <summary>The ESP32 console's default.</summary>
        public const int DefaultBaudRate = 115200;

        public const string PortDescription = "Serial port to the board (or one end of a pseudo-terminal pair), e.g. /dev/ttyUSB0, /dev/pts/3 or COM3.";

        /// <summary>What is wrong with the serial options, as a message naming the option; null when nothing is.</summary>
        public static string FindProblem(ISerialSettings settings)
        {
            if (string.IsNullOrWhiteSpace(settings.Port)) return "--port is required.";
            if (settings.Baud < 1) return "--baud must be a positive number.";
            return null;
        }

        /// <exception cref="CliException">the port cannot be opened; the message says why.</exception>
        public static SerialPort Open(ISerialSettings settings)
        {
            var port = new SerialPort(settings.Port, settings.Baud, Parity.None, 8, StopBits.One)
            {
                // "\n" line ends, as the device prints; a short read timeout so that readers can check for Ctrl+C.
                NewLine = "\n",
                Encoding = Encoding.ASCII,
                ReadTimeout = 200,
                // A reader that stopped draining must not hang the writer forever.
                WriteTimeout = 5000,
                // Left deasserted: on most ESP32 boards DTR/RTS drive EN and GPIO0, and asserting them resets the board.
                DtrEnable = false,
                RtsEnable = false,
            };
            try
            {
                port.Open();
                return port;
            }
            catch (Exception e) when (IsPortFailure(e) || e is ArgumentException)
            {
                port.Dispose();
                throw new CliException("cannot open " + settings.Port + " (" + Describe(e) + ")", e);
            }
        }

        /// <summary>
        /// The first opening of a command's port: a port that does not exist or is no serial port (a typo, /dev/null, a
        /// directory) fails at once, with the ports there are, rather than being waited for as if it were unplugged.
        /// </summary>
        /// <exception cref="CliException">the port cannot be opened; the message lists the ports found.</exception>
        public static SerialPort OpenFirst(ISerialSettings settings)
        {
            string problem = null;
            // .NET says "Access to the port is denied" for all of these; say what is wrong instead.
            if (!OperatingSystem.IsWindows() && System.IO.Directory.Exists(settings.Port)) problem = settings.Port + " is a directory, not a serial port";
            else if (!OperatingSystem.IsWindows() && !System.IO.File.Exists(settings.Port)) problem = "there is no " + settings.Port;
            try
            {
                if (problem == null) return Open(settings);
            }
            catch (CliException e)
            {
                problem = e.Message + "; it is not a serial port, or it is busy or not permitted (on Linux: the dialout group)";
            }
            throw new CliException("cannot open --port " + settings.Port + ": " + problem + ". Serial ports here (bpnano ports):\n  "
                + string.Join("\n  ", PortList.Lines(PortList.Find())));
        }

        /// <summary>True for the exceptions of a port that is missing, busy, unplugged or closed underneath us.</summary>
        public static bool IsPortFailure(Exception exception) => exception is IOException || exception is UnauthorizedAccessException || exception is InvalidOperationException;

        /// <summary>"IOException: message", for messages about a port.</summary>
        public static string Describe(Exception exception)
        {
            // .NET disposes a port whose device reported a hang-up, then says only "The port is closed.".
            if (exception is ObjectDisposedException) return "the device hung up or was removed";
            return exception.GetType().Name + ": " + exception.Message;
        }
    }
}
