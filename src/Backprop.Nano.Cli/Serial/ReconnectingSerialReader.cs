using System;
using System.IO;
using System.IO.Ports;
using System.Threading;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Reads a serial port that may come and go: a board being reset or unplugged, a USB adapter
    /// re-enumerating. Every failure closes the port and it is reopened once a second until it is back;
    /// nothing here throws for a port problem. Each outage is announced once through the status callback.
    /// </summary>
    /// <remarks><paramref name="port"/> is already open (<see cref="SerialPorts.OpenFirst"/>): only a port that worked is waited for.</remarks>
    internal sealed class ReconnectingSerialReader(ISerialSettings settings, Action<string> status, SerialPort port) : IDisposable
    {
        /// <summary>Where outages and returns are announced.</summary>
        public Action<string> Status { get; set; } = status ?? (_ => { });

        private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
        private SerialPort _port = port;
        private bool _inOutage;

        /// <summary>
        /// Reads what has arrived into <paramref name="buffer"/>: the byte count, or 0 when nothing came
        /// within the read timeout or the port is away (then after waiting up to a second, or until
        /// <paramref name="cancel"/> fires).
        /// </summary>
        public int Read(byte[] buffer, CancellationToken cancel)
        {
            try
            {
                if (_port == null)
                {
                    _port = SerialPorts.Open(settings);
                    if (_inOutage) Status(settings.Port + " is back; reading reports again.");
                    _inOutage = false;
                }
                int count = _port.Read(buffer, 0, buffer.Length);
                if (count > 0) return count;
                // A hung-up tty reads as end of file instead of throwing; treat it as the port going away.
                Lose("lost " + settings.Port + " (the port reported end of file)");
            }
            catch (CliException e)
            {
                Lose(e.Message);
            }
            catch (TimeoutException)
            {
                // Quiet line. A vanished device node (pty, USB adapter) may still time out rather than fail; a Windows
                // COM name has no file to check.
                if (OperatingSystem.IsWindows() || File.Exists(settings.Port)) return 0;
                Lose("lost " + settings.Port + " (" + settings.Port + " no longer exists)");
            }
            catch (Exception e) when (SerialPorts.IsPortFailure(e))
            {
                Lose("lost " + settings.Port + " (" + SerialPorts.Describe(e) + ")");
            }
            cancel.WaitHandle.WaitOne(RetryInterval);
            return 0;
        }

        public void Dispose() => Close();

        private void Lose(string problem)
        {
            Close();
            if (!_inOutage) Status(problem + "; retrying every second until it returns, Ctrl+C to stop.");
            _inOutage = true;
        }

        private void Close()
        {
            try
            {
                _port?.Dispose();
            }
            catch (Exception e) when (SerialPorts.IsPortFailure(e))
            {
                // Closing a port that is already gone can fail; it is closed either way.
            }
            _port = null;
        }
    }
}
