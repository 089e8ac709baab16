using System;
using System.IO.Ports;
using System.Threading;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Reads a serial port that may come and go: a board being reset or unplugged, a USB adapter
    /// re-enumerating. Every failure closes the port and it is reopened once a second until it is back;
    /// nothing here throws for a port problem. Each outage is announced once through the status callback.
    /// </summary>
    public sealed class ReconnectingSerialReader : IDisposable
    {
        private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
        private readonly string _portName;
        private readonly int _baudRate;
        private readonly Action<string> _status;
        private SerialPort _port;
        private bool _inOutage;

        /// <summary>A reader of <paramref name="portName"/>; the port is opened by the first <see cref="Read"/>.</summary>
        /// <param name="portName">a device path (/dev/ttyUSB0) or COM name.</param>
        /// <param name="baudRate">bits per second.</param>
        /// <param name="status">receives one message per outage and one when the port is back.</param>
        public ReconnectingSerialReader(string portName, int baudRate, Action<string> status)
        {
            _portName = portName ?? throw new ArgumentNullException(nameof(portName));
            _baudRate = baudRate;
            _status = status ?? throw new ArgumentNullException(nameof(status));
        }

        /// <summary>True while the port is open.</summary>
        public bool IsOpen
        {
            get { return _port != null; }
        }

        /// <summary>
        /// Reads what has arrived into <paramref name="buffer"/>: the byte count, or 0 when nothing came
        /// within the read timeout or the port is away (then after waiting up to a second, or until
        /// <paramref name="cancel"/> fires).
        /// </summary>
        public int Read(byte[] buffer, CancellationToken cancel)
        {
            if (_port == null && !TryOpen())
            {
                cancel.WaitHandle.WaitOne(RetryInterval);
                return 0;
            }
            try
            {
                int count = _port.Read(buffer, 0, buffer.Length);
                if (count > 0) return count;
                // A hung-up tty reads as end of file instead of throwing; treat it as the port going away.
                Lose("the port reported end of file");
                cancel.WaitHandle.WaitOne(RetryInterval);
                return 0;
            }
            catch (TimeoutException)
            {
                // Quiet line. A vanished device node (pty, USB adapter) may still time out rather than fail.
                if (SerialPorts.IsDevicePathMissing(_portName)) Lose(_portName + " no longer exists");
                return 0;
            }
            catch (Exception e) when (SerialPorts.IsPortFailure(e))
            {
                Lose(SerialPorts.Describe(e));
                return 0;
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Close();
        }

        private bool TryOpen()
        {
            SerialPort port = SerialPorts.Create(_portName, _baudRate);
            try
            {
                port.Open();
            }
            catch (Exception e) when (SerialPorts.IsPortFailure(e) || e is ArgumentException)
            {
                port.Dispose();
                Announce("cannot open " + _portName + " (" + SerialPorts.Describe(e) + ")");
                return false;
            }
            _port = port;
            if (_inOutage)
            {
                _inOutage = false;
                _status(_portName + " is back; reading reports again.");
            }
            return true;
        }

        private void Lose(string reason)
        {
            Close();
            Announce("lost " + _portName + " (" + reason + ")");
        }

        private void Announce(string problem)
        {
            if (_inOutage) return;
            _inOutage = true;
            _status(problem + "; retrying every second until it returns, Ctrl+C to stop.");
        }

        private void Close()
        {
            if (_port == null) return;
            try
            {
                _port.Dispose();
            }
            catch (Exception e) when (SerialPorts.IsPortFailure(e))
            {
                // Closing a port that is already gone can fail; it is closed either way.
            }
            _port = null;
        }
    }
}
