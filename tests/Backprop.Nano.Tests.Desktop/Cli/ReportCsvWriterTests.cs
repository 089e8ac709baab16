using System;
using System.IO;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>monitor's CSV: every counter of the report line, in the header's order.</summary>
    [TestClass]
    public class ReportCsvWriterTests
    {
        [TestMethod]
        public void Header_and_rows_carry_every_report_field()
        {
            var report = new TrainingReport
            {
                Step = 1200, Loss = 0.0123f, AverageLoss = 0.5f, MicrosecondsPerStep = 850.5f, Skipped = 3, Stuck = 7, Recoveries = 2, Outliers = 4,
                SensorErrors = 5, SaveErrors = 1,
            };

            Assert.AreEqual("step,loss,avg,us,skipped,stuck,recoveries,outliers,sensor_errors,save_errors", ReportCsvWriter.Header);
            Assert.AreEqual("1200,0.0123,0.5,850.5,3,7,2,4,5,1", ReportCsvWriter.FormatRow(report));
        }

        [TestMethod]
        public void The_header_is_written_once_when_the_file_is_new()
        {
            string path = Path.Combine(Path.GetTempPath(), "bpnano-csv-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                var report = new TrainingReport { Step = 100, Stuck = 1 };
                using (ReportCsvWriter writer = ReportCsvWriter.Open(path)) writer.Report(report);
                report.Step = 200;
                using (ReportCsvWriter writer = ReportCsvWriter.Open(path)) writer.Report(report);

                CollectionAssert.AreEqual(new[] { ReportCsvWriter.Header, "100,0,0,0,0,1,0,0,0,0", "200,0,0,0,0,1,0,0,0,0" }, File.ReadAllLines(path));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
