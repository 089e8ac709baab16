using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>bpnano train, run in-process with stdout piped: the device's report lines and nothing else.</summary>
    [TestClass]
    public class TrainCommandTests
    {
        private static TrainingReport[] ParseAll(string[] lines)
        {
            var reports = new TrainingReport[lines.Length];
            for (int k = 0; k < lines.Length; k++)
            {
                reports[k] = new TrainingReport();
                Assert.IsTrue(ReportLine.TryParse(lines[k], reports[k]), "stdout line " + k + " is not a report line: '" + lines[k] + "'");
                Assert.AreEqual(lines[k], ReportLine.Format(reports[k]), "stdout line " + k + " is exactly ReportLine.Format");
            }
            return reports;
        }

        private static void AssertStepsAreMultiplesOf(int interval, TrainingReport[] reports)
        {
            for (int k = 0; k < reports.Length; k++) Assert.AreEqual((k + 1) * interval, reports[k].Step, "step of report " + k);
        }

        [TestMethod]
        public void Piped_train_prints_only_report_lines_whose_average_loss_falls()
        {
            CliRun run = CliRun.Start("train");

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            TrainingReport[] reports = ParseAll(run.OutputLines);
            // 5000 readings, the first 8 fill the window: 4992 steps, a report every 100.
            Assert.HasCount(49, reports, run.ToString());
            AssertStepsAreMultiplesOf(100, reports);
            float first = reports[0].AverageLoss, last = reports[reports.Length - 1].AverageLoss;
            Assert.IsLessThan(first / 10f, last, "avg loss " + first + " -> " + last);  // measured: 15x (the untrained network already predicts "no change")
            foreach (string line in run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.StartsWith("#", line, "stderr summary lines are comments");
            }
            StringAssert.Contains(run.Error, "49 reports");
        }

        [TestMethod]
        public void Shape_and_training_options_reach_the_trainer()
        {
            CliRun run = CliRun.Start("train", "--readings", "3000", "--report-every", "250", "--hidden", "8", "--window", "4",
                "--learning-rate", "0.02", "--momentum", "0.5", "--batch", "2", "--replay", "0", "--seed", "7", "--activation", "relu");

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            TrainingReport[] reports = ParseAll(run.OutputLines);
            // Window 4: 2996 steps, a report every 250.
            Assert.HasCount(11, reports);
            AssertStepsAreMultiplesOf(250, reports);

            CliRun otherSeed = CliRun.Start("train", "--readings", "3000", "--report-every", "250", "--hidden", "8", "--window", "4",
                "--learning-rate", "0.02", "--momentum", "0.5", "--batch", "2", "--replay", "0", "--seed", "8", "--activation", "relu");
            Assert.AreNotEqual(reports[0].Loss, ParseAll(otherSeed.OutputLines)[0].Loss, "--seed changes the initial weights");
        }

        [TestMethod]
        public void Train_on_a_CSV_recording_in_supervised_mode_reports_skipped_rows()
        {
            // Two synthetic channels; "b" is to be predicted from "a". Three rows are damaged.
            var sensor = new SyntheticSensor(2, 3, 10f);
            var csv = new StringBuilder("a,b,comment\n");
            var reading = new float[2];
            for (int k = 0; k < 2000; k++)
            {
                sensor.Read(reading);
                csv.Append(reading[0].ToString(CultureInfo.InvariantCulture)).Append(',').Append(reading[1].ToString(CultureInfo.InvariantCulture)).Append(",ok\n");
                if (k % 500 == 250) csv.Append("oops,").Append(reading[1].ToString(CultureInfo.InvariantCulture)).Append(",bad\n");
            }
            string path = Path.Combine(Path.GetTempPath(), "bpnano-train-" + Guid.NewGuid().ToString("N") + ".csv");
            File.WriteAllText(path, csv.ToString());
            try
            {
                CliRun run = CliRun.Start("train", "--csv", path, "--columns", "a", "--target", "b", "--report-every", "50");

                Assert.AreEqual(0, run.ExitCode, run.ToString());
                TrainingReport[] reports = ParseAll(run.OutputLines);
                // 2000 readings, supervised: the window fills after 8, then one step per reading: 1993 steps.
                Assert.HasCount(39, reports);
                AssertStepsAreMultiplesOf(50, reports);
                StringAssert.Contains(run.Error, "4 CSV rows skipped");
                StringAssert.Contains(run.Error, "target b");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        [DataRow("--hidden", "0", "--hidden")]
        [DataRow("--window", "-1", "--window")]
        [DataRow("--learning-rate", "0", "--learning-rate")]
        [DataRow("--learning-rate", "abc", "abc")]
        [DataRow("--momentum", "1", "--momentum")]
        [DataRow("--batch", "0", "--batch")]
        [DataRow("--replay", "-2", "--replay")]
        [DataRow("--report-every", "0", "--report-every")]
        [DataRow("--readings", "-1", "--readings")]
        [DataRow("--activation", "sine", "sine")]
        [DataRow("--activation", "softmax", "--activation must be Identity, Relu, Sigmoid or Tanh")]
        [DataRow("--columns", "a", "--csv")]
        [DataRow("--no-such-option", "1", "no-such-option")]
        public void Invalid_options_fail_with_a_message_naming_them(string option, string value, string expectedInMessage)
        {
            CliRun run = CliRun.Start("train", option, value);

            Assert.AreEqual(BpnanoApp.UsageError, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, expectedInMessage);
            Assert.AreEqual("", run.Output, "nothing on stdout");
        }

        [TestMethod]
        public void A_missing_CSV_file_is_a_runtime_error_not_a_crash()
        {
            CliRun run = CliRun.Start("train", "--csv", "/nonexistent/readings.csv");

            Assert.AreEqual(BpnanoApp.RuntimeError, run.ExitCode, run.ToString());
            StringAssert.StartsWith(run.Error, "error: cannot read the CSV file /nonexistent/readings.csv");
            Assert.DoesNotContain(" at ", run.Error, "no stack trace for a user error");
        }

        [TestMethod]
        public void An_endless_run_stops_when_the_reader_of_its_output_goes_away()
        {
            var output = new ClosingPipe();
            var error = new StringWriter();
            var task = System.Threading.Tasks.Task.Run(() => BpnanoApp.Create(CliRun.Console(output, error)).Run(new[] { "train", "--readings", "0" }));

            Assert.IsTrue(task.Wait(TimeSpan.FromSeconds(10)), "train --readings 0 stopped after its reader went away");
            Assert.AreEqual(0, task.Result, error.ToString());
            Assert.AreEqual(3, output.LinesAccepted);
            StringAssert.Contains(error.ToString(), "4 reports");
        }

        [TestMethod]
        public void Option_defaults_are_the_library_defaults()
        {
            // Each option's [DefaultValue] is what Spectre assigns when the option is left out.
            var settings = new SessionSettings();
            foreach (PropertyInfo property in typeof(SessionSettings).GetProperties())
            {
                var attribute = property.GetCustomAttribute<DefaultValueAttribute>();
                if (attribute != null) property.SetValue(settings, attribute.Value);
            }
            OnlineTrainerSettings built = settings.BuildTrainerSettings(1, -1);
            var library = new OnlineTrainerSettings();

            foreach (PropertyInfo property in typeof(OnlineTrainerSettings).GetProperties())
            {
                Assert.AreEqual(property.GetValue(library), property.GetValue(built), property.Name);
            }
        }
    }
}
