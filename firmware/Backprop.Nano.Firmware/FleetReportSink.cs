namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// The report sink of a board in a fleet: each report line goes to the UART exactly as without a fleet,
    /// and the same text to the broker's report topic. Comment lines stay on the UART.
    /// </summary>
    public sealed class FleetReportSink : IReportSink
    {
        private readonly SerialReportSink _uart;
        private readonly FleetLink _fleet;

        /// <summary>Writes to <paramref name="uart"/> and publishes through <paramref name="fleet"/>.</summary>
        public FleetReportSink(SerialReportSink uart, FleetLink fleet)
        {
            _uart = uart;
            _fleet = fleet;
        }

        /// <inheritdoc />
        public void Report(TrainingReport report)
        {
            // Formatted once for both: the UART line and the payload are the same text.
            string line = ReportLine.Format(report);
            _uart.WriteLine(line);
            _fleet.PublishReport(line);
        }

        /// <inheritdoc />
        public void Comment(string line)
        {
            _uart.Comment(line);
        }
    }
}
