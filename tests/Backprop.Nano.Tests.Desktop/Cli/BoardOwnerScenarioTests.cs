using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Ports;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>
    /// What a board's owner runs into with bpnano (monitor's lines and CSV, files kept, signals, ports, spreadsheet exports,
    /// option values, the package), one scenario each, through the command line only, so that the same file also runs
    /// against the code before the fixes (where each of them failed).
    /// </summary>
    // The problems reported in issue 15.
    [TestClass]
    public class BoardOwnerScenarioTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
        private string _directory;

        [TestInitialize]
        public void CreateDirectory()
        {
            _directory = Path.Combine(Path.GetTempPath(), "bpnano-board-owner-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
        }

        [TestCleanup]
        public void DeleteDirectory()
        {
            if (_directory != null && Directory.Exists(_directory)) Directory.Delete(_directory, true);
        }

        private string PathOf(string name) => Path.Combine(_directory, name);

        private static Task<CliRun> Start(CancellationToken cancel, params string[] args) =>
            Task.Factory.StartNew(() => CliRun.Start(cancel, args), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        private static CliRun Finish(Task<CliRun> task)
        {
            Assert.IsTrue(task.Wait(Timeout), "the command finished within " + Timeout.TotalSeconds + " s");
            return task.Result;
        }

        // Writes what a board would print to one end of the pair, once monitor has had time to open the other.
        private static void Board(IPtyPair pair, string text)
        {
            Thread.Sleep(700);
            using var port = new SerialPort(pair.PortA, 115200) { NewLine = "\n", WriteTimeout = 5000 };
            port.Open();
            port.Write(text.Replace("\r", ""));
            Thread.Sleep(100);
        }

        private static string Report(long step, string extra = "") =>
            "step:" + step + " loss:0.01 avg:0.02 us:5 skipped:0 stuck:0 recoveries:0 outliers:0 sensor_errors:0 save_errors:0" + extra + "\n";

        private string SavedModel(string name)
        {
            string path = PathOf(name);
            CliRun run = CliRun.Start("train", "--readings", "1500", "--save", path);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            return path;
        }

        [TestMethod]
        public void Monitor_shows_the_boards_comments_errors_and_other_lines_and_keeps_them()
        {
            string csv = PathOf("run.csv");
            using IPtyPair pair = PtyPair.Start(_directory);
            Task<CliRun> monitor = Start(CancellationToken.None, "monitor", "--port", pair.PortB, "--csv", csv, "--steps", "200", "--duration", "15");
            Board(pair, "# starting fresh (no checkpoint)\n# error: sensor read failed (timeout)\ninputs:2 hidden:10 train_us:52.1\n" + Report(100) + Report(200));
            CliRun run = Finish(monitor);

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, "# starting fresh (no checkpoint)");
            StringAssert.Contains(run.Error, "# error: sensor read failed (timeout)");
            StringAssert.Contains(run.Output, "inputs:2 hidden:10 train_us:52.1");
            string[] lines = File.ReadAllLines(csv);
            StringAssert.Contains(lines[0], "train_us", "a column for every numeric key");
            Assert.IsTrue(lines.Any(line => line.Contains("# error: sensor read failed")), "comments are kept in the CSV");
        }

        [TestMethod]
        public void No_file_is_overwritten_without_force_unless_the_command_owns_it()
        {
            string model = SavedModel("model.bin");
            byte[] before = File.ReadAllBytes(model);

            CliRun again = CliRun.Start("train", "--readings", "300", "--save", model);
            Assert.AreEqual(BpnanoApp.RuntimeError, again.ExitCode, again.ToString());
            StringAssert.Contains(again.Error, "--force");
            CollectionAssert.AreEqual(before, File.ReadAllBytes(model), "the trained model is kept");
            Assert.AreEqual(0, CliRun.Start("train", "--readings", "300", "--resume", model, "--save", model).ExitCode, "--resume X --save X owns X");

            string foreign = PathOf("other.csv");
            File.WriteAllText(foreign, "a,b\n1,2\n");
            using IPtyPair pair = PtyPair.Start(_directory);
            Task<CliRun> png = Start(CancellationToken.None, "monitor", "--port", pair.PortB, "--png", model, "--steps", "100", "--duration", "5");
            Task<CliRun> csv = Start(CancellationToken.None, "monitor", "--port", pair.PortB, "--csv", foreign, "--steps", "100", "--duration", "5");
            Board(pair, Report(100));
            CliRun pngRun = Finish(png), csvRun = Finish(csv);

            Assert.AreEqual(BpnanoApp.RuntimeError, pngRun.ExitCode, pngRun.ToString());
            Assert.AreEqual(ModelFormat.Magic, ModelFormat.ReadStoredHeader(File.ReadAllBytes(model), 0, 8).Magic, "monitor --png did not replace the model");
            Assert.AreEqual(BpnanoApp.RuntimeError, csvRun.ExitCode, csvRun.ToString());
            Assert.AreEqual("a,b\n1,2\n", File.ReadAllText(foreign), "monitor --csv did not append under another file's header");
        }

        [TestMethod]
        public void A_hang_up_saves_the_model_like_ctrl_c()
        {
            string model = PathOf("hup.bin");
            using Process process = BpnanoProcess.Start(null, "train", "--readings", "0", "--save", model);
            Assert.IsNotNull(process.StandardOutput.ReadLine(), "a first report line");
            BpnanoProcess.Signal(process, 1);
            string error = process.StandardError.ReadToEnd();
            Assert.IsTrue(process.WaitForExit(20000), "exited after SIGHUP");

            Assert.AreEqual(129, process.ExitCode, error);
            StringAssert.Contains(error, "# saved step");
            byte[] saved = File.ReadAllBytes(model);
            Assert.IsGreaterThan(0L, ModelFormat.Validate(saved, 0, saved.Length).Step);
        }

        [TestMethod]
        public void One_early_divergence_does_not_poison_the_average()
        {
            CliRun run = CliRun.Start("train", "--learning-rate", "0.5");

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            var first = new TrainingReport();
            Assert.IsTrue(ReportLine.TryParse(run.OutputLines[0], first), run.ToString());
            Assert.IsGreaterThan(0, first.Recoveries, "the run diverged early");
            Assert.IsLessThan(10f, first.AverageLoss, "avg after the recovery: " + run.OutputLines[0]);
            StringAssert.Contains(run.Error, "recoveries", "the summary says that it recovered");
        }

        [TestMethod]
        public void Monitor_csv_has_time_and_a_new_session_when_the_step_goes_back()
        {
            string csv = PathOf("run.csv");
            using IPtyPair pair = PtyPair.Start(_directory);
            using var cancel = new CancellationTokenSource();
            Task<CliRun> monitor = Start(cancel.Token, "monitor", "--port", pair.PortB, "--csv", csv, "--duration", "15");
            Board(pair, Report(1000) + Report(1100) + Report(100) + Report(200));
            Thread.Sleep(500);
            cancel.Cancel();
            CliRun run = Finish(monitor);

            string[] lines = File.ReadAllLines(csv);
            string[] header = lines[0].Split(',');
            int time = Array.IndexOf(header, "time"), session = Array.IndexOf(header, "session"), step = Array.IndexOf(header, "step");
            Assert.IsTrue(time >= 0 && session >= 0, "time and session columns: " + lines[0] + "\n" + run);
            string[][] rows = lines.Skip(1).Select(line => line.Split(',')).Where(cells => cells[step].Length > 0).ToArray();
            CollectionAssert.AreEqual(new[] { "1", "1", "2", "2" }, rows.Select(cells => cells[session]).ToArray());
            Assert.IsTrue(DateTimeOffset.TryParse(rows[0][time], out _), rows[0][time]);
        }

        [TestMethod]
        [DataRow("missing")]
        [DataRow("/dev/null")]
        [DataRow("directory")]
        public void A_wrong_port_fails_at_once_with_the_ports_there_are(string port)
        {
            port = port == "missing" ? PathOf("ttyNOPE") : port == "directory" ? _directory : port;
            var elapsed = Stopwatch.StartNew();

            CliRun run = CliRun.Start("monitor", "--port", port, "--duration", "8");

            Assert.AreEqual(BpnanoApp.RuntimeError, run.ExitCode, run.ToString());
            Assert.IsLessThan(5.0, elapsed.Elapsed.TotalSeconds, "failed at once, not retried");
            StringAssert.Contains(run.Error, "bpnano ports");
        }

        [TestMethod]
        public void A_spreadsheet_export_with_semicolons_decimal_commas_and_a_timestamp_trains_on_the_right_columns()
        {
            var german = new StringBuilder("Zeit;temp;light\n");
            for (int k = 0; k < 400; k++)
            {
                german.Append("2026-01-01T00:").Append((k / 60 % 60).ToString("00")).Append(':').Append((k % 60).ToString("00")).Append(';')
                    .Append(20 + k % 7).Append(",5;").Append(300 + k % 11).Append(",25\n");
                if (k == 200) german.Append("2026-01-01T01:00:00;kaputt;300\n");
            }
            string path = PathOf("export.csv");
            File.WriteAllText(path, german.ToString());

            CliRun run = CliRun.Start("train", "--csv", path);

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, "(channels temp, light)");
            StringAssert.Contains(run.Error, "Zeit");
            StringAssert.Contains(run.Error, "line 203", "the skipped row is named by its line");
        }

        [TestMethod]
        public void A_save_that_cannot_be_written_is_refused_before_the_run_and_huge_readings_save_a_valid_model()
        {
            CliRun unwritable = CliRun.Start("train", "--readings", "200000", "--save", "/proc/bpnano-cannot-be-here.bin");
            Assert.AreEqual(BpnanoApp.RuntimeError, unwritable.ExitCode, unwritable.ToString());
            Assert.AreEqual("", unwritable.Output, "refused before training");

            var csv = new StringBuilder("a,b\n");
            for (int k = 0; k < 3000; k++) csv.Append(k % 250 == 17 ? "1e38" : (k % 13).ToString()).Append(',').Append(k % 250 == 99 ? "-3e38" : (k % 7).ToString()).Append('\n');
            File.WriteAllText(PathOf("big.csv"), csv.ToString());
            CliRun huge = CliRun.Start("train", "--csv", PathOf("big.csv"), "--save", PathOf("big.bin"));
            Assert.AreEqual(0, huge.ExitCode, huge.ToString());
            byte[] model = File.ReadAllBytes(PathOf("big.bin"));
            ModelFormat.Validate(model, 0, model.Length);
        }

        [TestMethod]
        public void Out_of_range_option_values_fail_clearly_and_version_prints_the_version()
        {
            foreach (string[] args in new[]
            {
                new[] { "train", "--hidden", "2147483647" }, new[] { "train", "--hidden", "50000000" }, new[] { "train", "--replay", "2147483647" },
                new[] { "train", "--readings", "1e9" },
            })
            {
                CliRun run = CliRun.Start(args);
                Assert.AreEqual(BpnanoApp.UsageError, run.ExitCode, run.ToString());
                Assert.DoesNotContain("Exception", run.Error, run.ToString());
                Assert.DoesNotContain("Nullable", run.Error, run.ToString());
            }
            StringAssert.Contains(CliRun.Start("train", "--hidden", "50000000").Error, "GB");

            using Process version = BpnanoProcess.Start(null, "--version");
            string printed = version.StandardOutput.ReadToEnd();
            Assert.IsTrue(version.WaitForExit(20000));
            Assert.AreEqual(0, version.ExitCode, printed);
            StringAssert.Matches(printed, new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+\s*$"));
        }

        [TestMethod]
        public void A_dumb_terminal_gets_the_report_lines()
        {
            if (!File.Exists("/usr/bin/script")) Assert.Inconclusive("needs script(1) from util-linux for a terminal");
            using Process process = Process.Start(new ProcessStartInfo("/usr/bin/script")
            {
                ArgumentList = { "-qec", "dotnet '" + BpnanoProcess.Dll + "' train --readings 500", "/dev/null" },
                Environment = { ["TERM"] = "dumb" },
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            });
            string output = process.StandardOutput.ReadToEnd();
            Assert.IsTrue(process.WaitForExit(20000));

            StringAssert.Contains(output, "step:400 loss:", "report lines on a terminal that cannot redraw");
        }

        [TestMethod]
        public void The_tool_package_size_is_checked_in_ci()
        {
            // dotnet pack takes too long for a unit test: .ci/run packs the tool and fails above 20 MB.
            string run = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../.ci/run"));
            StringAssert.Contains(run, "dotnet pack src/Backprop.Nano.Cli");
            StringAssert.Contains(run, "20000000");
        }

        [TestMethod]
        public void Monitor_png_of_40000_reports_with_resets_is_quick_and_unknown_text_values_are_ignored()
        {
            string png = PathOf("loss.png");
            var lines = new StringBuilder();
            for (int k = 0; k < 40000; k++) lines.Append(Report(100 * (k % 1000 + 1)));
            using IPtyPair pair = PtyPair.Start(_directory);
            using var cancel = new CancellationTokenSource();
            Task<CliRun> monitor = Start(cancel.Token, "monitor", "--port", pair.PortB, "--png", png, "--duration", "60");
            Board(pair, lines.ToString() + Report(5, " fw:v1.2"));
            Thread.Sleep(1500);
            var stopping = Stopwatch.StartNew();
            cancel.Cancel();
            CliRun run = Finish(monitor);

            Assert.IsLessThan(4.0, stopping.Elapsed.TotalSeconds, "the PNG of 40,000 reports took " + stopping.Elapsed + "\n" + run);
            Assert.IsTrue(File.Exists(png), run.ToString());
            StringAssert.Contains(run.Error, "40001 reports parsed", "the line with fw:v1.2 is a report too");
        }

        [TestMethod]
        public void Saving_onto_a_special_file_is_refused_and_concurrent_saves_do_not_collide()
        {
            string fifo = PathOf("fifo");
            Process.Start("mkfifo", fifo).WaitForExit();
            Task<CliRun> save = Task.Run(() => CliRun.Start("train", "--readings", "100", "--save", fifo));
            Assert.IsTrue(save.Wait(Timeout), "did not block on the FIFO");
            Assert.AreEqual(BpnanoApp.RuntimeError, save.Result.ExitCode, save.Result.ToString());
            Assert.IsFalse(new FileInfo(fifo).Length > 0 || !File.Exists(fifo), "the FIFO is still there");

            string model = PathOf("shared.bin");
            var network = new TwoLayerNetwork(3, 4, 1, Activation.Tanh, Activation.Identity);
            var bytes = new byte[ModelFormat.SizeFor(network, null, null)];
            ModelFormat.Save(bytes, 0, network, null, null, 7, 1);
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, 8, _ =>
            {
                for (int k = 0; k < 100; k++)
                {
                    try
                    {
                        ModelFile.Write(model, bytes, bytes.Length);
                    }
                    catch (CliException e)
                    {
                        failures.Add(e.Message);
                    }
                }
            });
            Assert.IsEmpty(failures, failures.FirstOrDefault());
            Assert.IsEmpty(Directory.GetFiles(_directory, "*.tmp"));
        }
    }
}
