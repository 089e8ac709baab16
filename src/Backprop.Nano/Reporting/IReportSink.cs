namespace Backprop.Nano
{
    /// <summary>Receives each report: a UART on the device, the console on the desktop.</summary>
    public interface IReportSink
    {
        /// <summary>Called on the training thread; the report object is reused, copy what you keep.</summary>
        void Report(TrainingReport report);

        /// <summary>
        /// A comment line, '#' first: start-up, resume and error messages, which report readers skip.
        /// Called on the training thread, rarely (a sink that keeps only numbers may ignore it).
        /// </summary>
        void Comment(string line);
    }
}
