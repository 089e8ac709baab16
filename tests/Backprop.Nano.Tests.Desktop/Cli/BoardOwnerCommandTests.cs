using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Backprop.Nano.Cli;
using Spectre.Console.Testing;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>The commands a board owner uses beside monitor: ports, plot, eval, JSON output, the bounded history and the sized live view.</summary>
    [TestClass]
    public class BoardOwnerCommandTests
    {
        private string _directory;

        [TestInitialize]
        public void CreateDirectory()
        {
            _directory = Path.Combine(Path.GetTempPath(), "bpnano-i15f-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
        }

        [TestCleanup]
        public void DeleteDirectory()
        {
            if (_directory != null && Directory.Exists(_directory)) Directory.Delete(_directory, true);
        }

        private string PathOf(string name) => Path.Combine(_directory, name);

        private static CliRun Succeeds(params string[] args)
        {
            CliRun run = CliRun.Start(args);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            return run;
        }

        [TestMethod]
        public void Ports_names_the_ESP32_bridges_from_sysfs_usb_ids()
        {
            if (!OperatingSystem.IsLinux()) Assert.Inconclusive("sysfs is Linux's");
            // /sys/class/tty/NAME/device links to the USB interface; idVendor/idProduct are on the USB device above it.
            string tty = PathOf("class/tty");
            foreach ((string name, string vendor, string product) in new[] { ("ttyUSB0", "10c4", "ea60"), ("ttyUSB1", "1a86", "7523"), ("ttyACM0", "2341", "0043") })
            {
                string usb = PathOf("devices/usb1/" + name), interfaceDirectory = Path.Combine(usb, "1-1:1.0");
                Directory.CreateDirectory(interfaceDirectory);
                File.WriteAllText(Path.Combine(usb, "idVendor"), vendor + "\n");
                File.WriteAllText(Path.Combine(usb, "idProduct"), product + "\n");
                File.WriteAllText(Path.Combine(usb, "product"), "Arduino Uno\n");
                Directory.CreateDirectory(Path.Combine(tty, name));
                File.CreateSymbolicLink(Path.Combine(tty, name, "device"), interfaceDirectory);
            }
            Directory.CreateDirectory(Path.Combine(tty, "tty0"));  // a virtual terminal: no device

            string[] lines = PortList.Lines(PortList.Find(tty)).ToArray();

            Assert.HasCount(3, lines, string.Join("\n", lines));
            StringAssert.Contains(lines[0], "/dev/ttyACM0");
            StringAssert.Contains(lines[0], "Arduino Uno", "an unknown bridge: the product it reports");
            StringAssert.Contains(lines[1], "10c4:ea60");
            StringAssert.Contains(lines[1], "CP210x");
            StringAssert.Contains(lines[2], "CH340");
        }

        [TestMethod]
        public void Plot_draws_a_monitor_csv_with_sessions_and_smoothing_and_never_overwrites()
        {
            string csv = PathOf("run.csv"), png = PathOf("loss.png");
            var text = new StringBuilder(string.Join(",", BoardCsvWriter.FixedColumns) + ",train_us\n");
            for (int k = 0; k < 300; k++)
            {
                int session = k < 150 ? 1 : 2;
                text.Append("2026-11-29T12:00:00.000+00:00,").Append(session).Append(',').Append((k % 150 + 1) * 100).Append(",0.0").Append(k % 9 + 1)
                    .Append(",0.05,5,0,0,0,0,0,0,,\n");
                if (k == 10) text.Append("2026-11-29T12:00:01.000+00:00,1,,,,,,,,,,,# error: sensor,\n");
            }
            File.WriteAllText(csv, text.ToString());

            CliRun run = Succeeds("plot", csv, "--png", png, "--smooth", "10");

            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
            StringAssert.Contains(run.Error, "of 300 rows");
            StringAssert.Contains(run.Error, "1 rows without a step");
            Assert.AreEqual(BpnanoApp.RuntimeError, CliRun.Start("plot", csv, "--png", png).ExitCode, "an existing PNG needs --force");
            Succeeds("plot", csv, "--png", png, "--keys", "us", "--force");
            StringAssert.Contains(CliRun.Start("plot", csv, "--png", PathOf("x.png"), "--keys", "nope").Error, "no column 'nope'");
        }

        [TestMethod]
        public void The_y_range_leaves_out_one_divergence()
        {
            double[] values = Enumerable.Range(0, 200).Select(k => Math.Log10(1e-3 * (1 + k % 5))).Append(38.0).ToArray();

            (double low, double high) = LossPlot.YRange(values);

            Assert.IsLessThan(0.0, high, "1e38 is not in the range");
            Assert.IsLessThan(-3.0, low);
        }

        [TestMethod]
        public void Eval_reports_the_loss_next_to_the_same_as_last_reading_baseline()
        {
            var csv = new StringBuilder("a\n");
            for (int k = 0; k < 3000; k++) csv.Append((2000 + 500 * Math.Sin(k / 7.0) + 300 * Math.Sin(k / 3.1)).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            File.WriteAllText(PathOf("wave.csv"), csv.ToString());
            Succeeds("train", "--csv", PathOf("wave.csv"), "--save", PathOf("wave.bin"));

            CliRun run = Succeeds("eval", PathOf("wave.bin"), "--csv", PathOf("wave.csv"));

            StringAssert.Contains(run.Output, "2992 windows");
            StringAssert.Contains(run.Output, "baseline: ");
            StringAssert.Contains(run.Output, "times below the baseline", run.Output);
            // eval's CSV options are checked as train's are.
            Assert.AreEqual(BpnanoApp.UsageError, CliRun.Start("eval", PathOf("wave.bin"), "--csv", PathOf("wave.csv"), "--delimiter", "x").ExitCode, "an unknown delimiter");
            Assert.AreEqual(BpnanoApp.UsageError, CliRun.Start("eval", PathOf("wave.bin"), "--csv", PathOf("wave.csv"), "--decimal-comma").ExitCode, "a decimal comma with ','");
        }

        [TestMethod]
        public void Eval_scores_the_detector_alerts_against_a_label_column()
        {
            // The synthetic sensor with a 300-count step on rows 4000 to 4099, labelled 1 there.
            var sensor = SyntheticSensor.CreateDefault();
            var reading = new float[1];
            var csv = new StringBuilder("a,fault\n");
            for (int k = 0; k < 6000; k++)
            {
                sensor.Read(reading);
                bool fault = k >= 4000 && k < 4100;
                csv.Append(reading[0] + (fault ? 300 : 0)).Append(fault ? ",1\n" : ",0\n");
            }
            File.WriteAllText(PathOf("faults.csv"), csv.ToString());
            Succeeds("train", "--csv", PathOf("faults.csv"), "--columns", "a", "--readings", "3500", "--save", PathOf("faults.bin"));

            CliRun run = Succeeds("eval", PathOf("faults.bin"), "--csv", PathOf("faults.csv"), "--columns", "a", "--label", "fault");

            // The step's onset and its end each raise an alert. A network that predicts the next reading from the last ones
            // is surprised by a step for a while only (the window soon holds the new level), so about half the labelled
            // readings are alerted, and half the alerted ones are the hold after the end of the step.
            StringAssert.Contains(run.Output, "2 raised, 102 readings alerted, 100 labelled in fault; precision 0.5, recall 0.51", run.Output);
            Assert.AreEqual(BpnanoApp.UsageError, CliRun.Start("eval", PathOf("faults.bin"), "--csv", PathOf("faults.csv"), "--label", "fault").ExitCode,
                "--label without --columns");
        }

        [TestMethod]
        public void Inspect_takes_both_slots_names_the_newest_and_prints_json()
        {
            string a = PathOf("bpnano-a.bin"), b = PathOf("bpnano-b.bin");
            Succeeds("train", "--readings", "500", "--save", a);
            File.Copy(a, b);
            Succeeds("train", "--readings", "500", "--resume", b, "--save", b);

            CliRun text = Succeeds("inspect", a, b);
            StringAssert.Contains(text.Output, "newest: " + b + " (sequence 2");

            using JsonDocument json = JsonDocument.Parse(Succeeds("inspect", a, b, "--json").Output);
            Assert.AreEqual(b, json.RootElement.GetProperty("newest").GetString());
            Assert.AreEqual("8-16-1 (inputs-hidden-outputs)", json.RootElement.GetProperty("files")[0].GetProperty("fields").GetProperty("shape").GetString());
            Assert.AreEqual(4, json.RootElement.GetProperty("files")[1].GetProperty("weights").GetArrayLength());

            File.WriteAllBytes(a, new byte[] { 1, 2, 3 });
            CliRun oneBroken = Succeeds("inspect", a, b);
            StringAssert.Contains(oneBroken.Error, "note: " + a + " is not a valid model", "a damaged slot is a note when the other holds a model");
        }

        [TestMethod]
        public void Footprint_prints_json()
        {
            using JsonDocument sized = JsonDocument.Parse(Succeeds("footprint", "--hidden", "32", "--json").Output);
            // The library's own figure for the trainer the CLI builds with --hidden 32 (7356 bytes; 7216 before the level
            // drift and the previous reading).
            int expected = MemoryFootprint.ForTrainer(new OnlineTrainerSettings { HiddenCount = 32 }).TotalBytes;
            Assert.AreEqual(expected, sized.RootElement.GetProperty("total_bytes").GetInt32());
            using JsonDocument budget = JsonDocument.Parse(Succeeds("footprint", "--budget", "49152", "--json").Output);
            int largest = budget.RootElement.GetProperty("largest_hidden").GetInt32();  // 358
            Assert.IsTrue(MemoryFootprint.ForTrainer(new OnlineTrainerSettings { HiddenCount = largest }).TotalBytes <= 49152, "fits");
            Assert.IsTrue(MemoryFootprint.ForTrainer(new OnlineTrainerSettings { HiddenCount = largest + 1 }).TotalBytes > 49152, "the largest that fits");
        }

        [TestMethod]
        public void The_history_of_a_long_run_stays_bounded_and_keeps_its_first_and_latest_report()
        {
            var history = new LossHistory();
            for (int k = 1; k <= 1_000_000; k++) history.Add(new TrainingReport { Step = k * 100L, Loss = 1f / k, AverageLoss = 1f / k });

            HistorySnapshot snapshot = history.Snapshot();

            Assert.AreEqual(1_000_000L, snapshot.Reports);
            Assert.IsLessThanOrEqualTo(LossHistory.Capacity + 1, snapshot.Points.Length);
            Assert.AreEqual(100.0, snapshot.Points[0].Step);
            Assert.AreEqual(100_000_000.0, snapshot.Points[^1].Step, "the latest report is always drawn");
            Assert.AreEqual(100L, snapshot.First.Step);
            Assert.AreEqual(1, snapshot.Sessions);
        }

        [TestMethod]
        public void The_live_view_fits_80_columns_and_shows_the_guards_counters_and_the_anomaly_score()
        {
            var history = new LossHistory();
            // Ranges as long as DecimalText makes them: "0.000265323 -> 0.000535193".
            for (int k = 1; k <= 500; k++) history.Add(new TrainingReport { Step = k * 100, Loss = 0.000265323f + k * 1e-9f, AverageLoss = 0.654321f / k, Recoveries = 3, Stuck = 2, Outliers = 1, Alerts = 4, Score = 27.5f, Prediction = 2048.5f, Actual = 3100f });
            var console = new TestConsole().Width(80);

            console.Write(LossView.Render(history.Snapshot(), "port /dev/ttyUSB0 @ 115200", 80, new[] { "# error: sensor read failed" }));

            string[] lines = console.Output.Split('\n');
            Assert.IsTrue(lines.All(line => line.TrimEnd().Length <= 80), console.Output);
            Assert.IsTrue(lines.Any(line => line.Contains("avg  ") && line.Contains("->")), "each sparkline with its range on one line:\n" + console.Output);
            Assert.IsTrue(lines.Any(line => line.Contains("loss  ") && System.Text.RegularExpressions.Regex.IsMatch(line, @"-> [0-9.e-]+ *│")), console.Output);
            StringAssert.Contains(console.Output, "recoveries 3");
            StringAssert.Contains(console.Output, "stuck 2");
            StringAssert.Contains(console.Output, "outliers 1");
            StringAssert.Contains(console.Output, "alerts 4 · score 27.5 · pred 2048.5 · actual 3100");
            StringAssert.Contains(console.Output, "# error: sensor read failed");
        }

        [TestMethod]
        public void Csv_options_set_the_delimiter_and_decimal_comma()
        {
            File.WriteAllText(PathOf("pipes.csv"), "x|y\n" + string.Concat(Enumerable.Range(0, 300).Select(k => (k % 9) + ",5|" + (k % 4) + "\n")));

            CliRun run = Succeeds("train", "--csv", PathOf("pipes.csv"), "--delimiter", "|", "--decimal-comma");

            StringAssert.Contains(run.Error, "(channels x, y)");
            Assert.AreEqual(BpnanoApp.UsageError, CliRun.Start("train", "--csv", PathOf("pipes.csv"), "--decimal-comma").ExitCode, "with ',' as delimiter");
        }
    }
}
