using System;
using System.IO;
using System.IO.Ports;
using System.Text;

namespace Backprop.Nano.Cli
{
    /// <summary>How bpnano configures serial ports, and which failures mean "the port went away".</summary>
    public static class SerialPorts
    {
        /// <summary>The ESP32 console's default.</summary>
        public const int DefaultBaudRate = 115200;

        /// <summary>An unopened port: 8N1, "\n" line ends (as the device prints), a short read timeout so that readers can check for Ctrl+C.</summary>
        public static SerialPort Create(string portName, int baudRate)
        {
            return new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One)
            {
                NewLine = "\n",
                Encoding = Encoding.ASCII,
                ReadTimeout = 200,
                // A reader that stopped draining must not hang the writer forever.
                WriteTimeout = 5000,
                // Left deasserted: on most ESP32 boards DTR/RTS drive EN and GPIO0, and asserting them resets the board.
                DtrEnable = false,
                RtsEnable = false,
            };
        }

        /// <summary>True for the exceptions of a port that is missing, busy, unplugged or closed underneath us.</summary>
        public static bool IsPortFailure(Exception exception)
        {
            return exception is IOException || exception is UnauthorizedAccessException || exception is InvalidOperationException;
        }

        /// <summary>True when the port is a device file (Unix) that no longer exists; a Windows COM name has no file to check.</summary>
        public static bool IsDevicePathMissing(string portName)
        {
            return !OperatingSystem.IsWindows() && !File.Exists(portName);
        }

        /// <summary>"IOException: message", for messages about a port.</summary>
        public static string Describe(Exception exception)
        {
            // .NET disposes a port whose device reported a hang-up, then says only "The port is closed.".
            if (exception is ObjectDisposedException) return "the device hung up or was removed";
            return exception.GetType().Name + ": " + exception.Message;
        }
    }
}
