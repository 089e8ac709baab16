using System;
using System.IO.Ports;
using nanoFramework.Hardware.Esp32;

namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// Writes each report as one <see cref="ReportLine"/> to a UART of its own (never to the
    /// debugger link on COM1), so any serial terminal, the Arduino Serial Plotter or
    /// <c>bpnano monitor</c> can read it.
    /// </summary>
    public sealed class SerialReportSink : IReportSink
    {
        private readonly SerialPort _port;

        /// <summary>
        /// Maps <paramref name="txPin"/> and <paramref name="rxPin"/> to <paramref name="portName"/>
        /// (COM2 or COM3) and opens it at <paramref name="baudRate"/>, 8N1.
        /// </summary>
        public SerialReportSink(string portName, int txPin, int rxPin, int baudRate)
        {
            // The pin functions must be set before the port is created (as in the SerialCommunication sample).
            if (portName == "COM2")
            {
                Configuration.SetPinFunction(txPin, DeviceFunction.COM2_TX);
                Configuration.SetPinFunction(rxPin, DeviceFunction.COM2_RX);
            }
            else if (portName == "COM3")
            {
                Configuration.SetPinFunction(txPin, DeviceFunction.COM3_TX);
                Configuration.SetPinFunction(rxPin, DeviceFunction.COM3_RX);
            }
            else
            {
                throw new ArgumentException("The report UART must be COM2 or COM3 (COM1 is the debugger link).", "portName");
            }

            _port = new SerialPort(portName);
            _port.BaudRate = baudRate;
            _port.Parity = Parity.None;
            _port.DataBits = 8;
            _port.StopBits = StopBits.One;
            _port.Handshake = Handshake.None;
            _port.Open();
            // Without a timeout a stuck write would block training forever.
            _port.WriteTimeout = 500;
        }

        /// <summary>Report lines that could not be written in time and were dropped.</summary>
        public int DroppedLines { get; private set; }

        /// <summary>Writes <paramref name="line"/> and the port's NewLine; use '#' first for comments the monitor ignores.</summary>
        public void WriteLine(string line)
        {
            try
            {
                _port.WriteLine(line);
            }
            catch (TimeoutException)
            {
                // Keep training: a lost line is only a lost view of the loss.
                DroppedLines++;
            }
        }

        /// <inheritdoc />
        public void Report(TrainingReport report)
        {
            WriteLine(ReportLine.Format(report));
        }

        /// <inheritdoc />
        public void Comment(string line)
        {
            WriteLine(line);
        }
    }
}
