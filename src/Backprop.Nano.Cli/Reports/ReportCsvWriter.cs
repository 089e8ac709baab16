using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Appends reports to a CSV file (header <see cref="Header"/>, invariant culture), flushing each row so
    /// that the file is complete up to the last report even if the process is killed.
    /// </summary>
    public sealed class ReportCsvWriter : IReportSink, IDisposable
    {
        /// <summary>The header row.</summary>
        public const string Header = "step,loss,avg,us,skipped,stuck,recoveries,outliers,sensor_errors,save_errors";

        private readonly StreamWriter _writer;

        private ReportCsvWriter(StreamWriter writer)
        {
            _writer = writer;
        }

        /// <summary>Opens <paramref name="path"/> for appending; writes the header when the file is new or empty.</summary>
        /// <exception cref="CliException">the file cannot be written.</exception>
        public static ReportCsvWriter Open(string path)
        {
            try
            {
                var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
                if (stream.Length == 0) writer.WriteLine(Header);
                writer.Flush();
                return new ReportCsvWriter(writer);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliException("cannot write the CSV file " + path + ": " + e.Message, e);
            }
        }

        /// <summary>The CSV row of <paramref name="report"/>.</summary>
        public static string FormatRow(TrainingReport report)
        {
            CultureInfo invariant = CultureInfo.InvariantCulture;
            return report.Step.ToString(invariant) + "," + report.Loss.ToString(invariant) + "," + report.AverageLoss.ToString(invariant)
                + "," + report.MicrosecondsPerStep.ToString(invariant) + "," + report.Skipped.ToString(invariant)
                + "," + report.Stuck.ToString(invariant) + "," + report.Recoveries.ToString(invariant) + "," + report.Outliers.ToString(invariant)
                + "," + report.SensorErrors.ToString(invariant) + "," + report.SaveErrors.ToString(invariant);
        }

        /// <inheritdoc />
        public void Report(TrainingReport report)
        {
            _writer.WriteLine(FormatRow(report));
            _writer.Flush();
        }

        /// <summary>Rows only: comments are not data.</summary>
        public void Comment(string line) { }

        /// <inheritdoc />
        public void Dispose() => _writer.Dispose();
    }
}
