using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console.Testing;
using Backprop.Nano.Cli;
using Backprop.Nano.Tests.Cli;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>The fleet commands' options, the averaging without a broker, and the commands end to end through a broker (<see cref="TestBroker"/>).</summary>
    [TestClass]
    public class FleetCommandTests
    {
        [TestMethod]
        public void Options_out_of_range_or_mixing_serial_and_mqtt_are_usage_errors_naming_the_option()
        {
            (string[] Args, string Message)[] cases =
            {
                (new[] { "fleet", "serve" }, "--broker is required"),
                (new[] { "fleet", "serve", "--broker", "host:0" }, "--broker must be"),
                (new[] { "fleet", "serve", "--broker", "host", "--fleet", "a/b" }, "--fleet must be"),
                (new[] { "fleet", "serve", "--broker", "host", "--password", "x" }, "--password needs --username"),
                (new[] { "fleet", "serve", "--broker", "host", "--round-models", "0" }, "--round-models must be"),
                (new[] { "fleet", "serve", "--broker", "host", "--round-seconds", "0" }, "--round-seconds must be"),
                (new[] { "simulate", "--mqtt", "--broker", "host", "--port", "/dev/null" }, "--port and --mqtt exclude each other"),
                (new[] { "simulate", "--mqtt", "--broker", "host", "--devices", "0" }, "--devices must be"),
                (new[] { "simulate", "--mqtt", "--broker", "host", "--blend", "1.5" }, "--blend must be"),
                (new[] { "simulate", "--mqtt", "--broker", "host", "--device-prefix", "a b" }, "--device-prefix must"),
                (new[] { "simulate", "--mqtt", "--broker", "host", "--save", "x.bin" }, "without --csv, --save or --resume"),
                (new[] { "monitor", "--mqtt", "--broker", "host", "--csv", "x.csv" }, "--csv-dir keeps a CSV per board"),
                (new[] { "monitor", "--port", "/dev/null", "--csv-dir", "d" }, "--csv-dir keeps the boards of --mqtt"),
                (new[] { "fleet", "bench", "--boards", "0" }, "--boards must be"),
            };
            foreach ((string[] args, string message) in cases)
            {
                CliRun run = CliRun.Start(args);
                Assert.AreEqual(BpnanoApp.UsageError, run.ExitCode, string.Join(" ", args) + ": " + run);
                StringAssert.Contains(run.Error, message, string.Join(" ", args));
            }
        }

        [TestMethod]
        public void Device_names_become_file_names_that_stay_in_the_csv_directory()
        {
            Assert.AreEqual("sim-1.csv", FleetMonitor.CsvFileName("sim-1"));
            Assert.AreEqual("%2E..csv", FleetMonitor.CsvFileName(".."), "no parent directory (a leading dot is escaped)");
            Assert.AreEqual("a%5Cb.csv", FleetMonitor.CsvFileName("a\\b"), "no Windows separator");
            Assert.AreEqual("%C3%A9t%C3%A9.csv", FleetMonitor.CsvFileName("été"), "UTF-8 bytes escaped");
        }

        [TestMethod]
        public void One_hostile_board_among_four_moves_the_global_model_no_further_than_the_honest_boards_spread()
        {
            // Issue 20's attacks: every weight at 1e6 with n_k = 4294967295, and the subtle one, a weight pushed 0.3 off with a large n_k.
            float[] poisons = { 1e6f, 1.3f, -1e6f };
            foreach (float poison in poisons)
            {
                var average = new FederatedAverage(new ParameterBuffers(1, 1, 1).TotalLength);
                float[] honest = { 1f, 1.02f, 0.98f };
                for (int b = 0; b < honest.Length; b++)
                {
                    var model = new ParameterBuffers(1, 1, 1);
                    Fill(model, honest[b]);
                    average.Put("honest-" + b, model, 100);
                }
                var hostile = new ParameterBuffers(1, 1, 1);
                Fill(hostile, poison);
                average.Put("hostile", hostile, uint.MaxValue);
                var global = new ParameterBuffers(1, 1, 1);

                Assert.AreEqual(3 * 100L + FederatedAverage.CapFactor * 100L, average.Close(global), "the hostile n_k capped at 4 times the median");
                CollectionAssert.AreEqual(new[] { "hostile" }, average.LastCapped.ToArray(), "the capped board named");
                for (int k = 0; k < ParameterBuffers.Count; k++)
                {
                    float value = global.Get(k)[0];
                    Assert.IsTrue(0.98f <= value && value <= 1.02f, ParameterBuffers.NameOf(k) + " with a poison of " + poison + ": " + value);
                }
            }
            Assert.AreEqual(0, FederatedAverage.Trim(2), "two boards: nothing to trim");
            Assert.AreEqual(1, FederatedAverage.Trim(3), "three: one from each end");
            Assert.AreEqual(2, FederatedAverage.Trim(10), "ten: a fifth");
        }

        [TestMethod]
        public void The_aggregator_counts_each_boards_capped_rounds()
        {
            var aggregator = new FleetAggregator("f", 4, TimeSpan.FromHours(1), null);
            var network = new TwoLayerNetwork(2, 3, 1, Activation.Tanh, Activation.Identity);
            network.Initialize(1u);
            for (int round = 0; round < 2; round++)
            {
                for (int b = 0; b < 4; b++)
                {
                    var payload = new byte[ModelPayload.SizeFor(network, null)];
                    ModelPayload.Write(payload, 0, network, null, round + 1, b == 3 ? uint.MaxValue : 100L);
                    Assert.AreEqual(ModelOutcome.Accepted, aggregator.Offer(FleetTopics.Model("f", "board-" + b), payload, DateTime.UtcNow), "board " + b);
                }
                Assert.IsNotNull(aggregator.CloseRoundIfDue(DateTime.UtcNow), "a round of four");
            }
            Assert.AreEqual(2, aggregator.Capped, "capped twice");
            Assert.AreEqual(2, aggregator.CappedRounds["board-3"], "both times board-3");
            Assert.AreEqual(3 * 100L + FederatedAverage.CapFactor * 100L, aggregator.GlobalSamples, "the round's samples after the cap");
        }

        [TestMethod]
        public void The_average_weighs_each_board_by_its_samples_keeps_its_latest_model_and_counts_all_alike_without_samples()
        {
            var a = new ParameterBuffers(1, 1, 1);
            var b = new ParameterBuffers(1, 1, 1);
            var global = new ParameterBuffers(1, 1, 1);
            var average = new FederatedAverage(a.TotalLength);
            Fill(a, 1f);
            Fill(b, 4f);
            Assert.IsFalse(average.Put("a", a, 10), "new");
            Fill(a, 2f);
            Assert.IsTrue(average.Put("a", a, 30), "the same board again replaces");
            Assert.IsFalse(average.Put("b", b, 10), "new");
            Assert.AreEqual(40L, average.Close(global), "samples");
            for (int k = 0; k < ParameterBuffers.Count; k++) Assert.AreEqual((30 * 2f + 10 * 4f) / 40f, global.Get(k)[0], 1e-6f, ParameterBuffers.NameOf(k));
            Assert.AreEqual(0, average.Count, "the next round starts empty");

            average.Put("a", a, 0);
            average.Put("b", b, 0);
            Assert.AreEqual(0L, average.Close(global), "no samples");
            Assert.AreEqual(3f, global.W1[0], 1e-6f, "equal weights when no board counted a sample");
            Expect.Throws(typeof(InvalidOperationException), () => average.Close(global), "an empty round");
        }

        [TestMethod]
        public void Simulate_serve_and_monitor_run_a_fleet_end_to_end_and_monitor_keeps_a_csv_per_board()
        {
            using TestBroker broker = TestBroker.Start();
            string csvDirectory = Directory.CreateTempSubdirectory("bpnano-fleet-csv-").FullName;
            try
            {
                using BackgroundRun serve = BackgroundRun.Start(new[] { "fleet", "serve" }.Concat(broker.Options("e2e")).Concat(new[] { "--round-models", "3", "--round-seconds", "1" }).ToArray());
                using BackgroundRun monitor = BackgroundRun.Start(new[] { "monitor", "--mqtt", "--csv-dir", csvDirectory }.Concat(broker.Options("e2e")).ToArray());
                BackgroundRun.WaitUntil(() => serve.Error.Contains("fleet serve: fleet") && monitor.Error.Contains("monitoring fleet"), 10, () => serve + "\n" + monitor);
                CliRun simulate = CliRun.Start(new[] { "simulate", "--mqtt", "--devices", "3", "--readings", "1500", "--model-every", "250", "--blend", "0.5" }
                    .Concat(broker.Options("e2e")).ToArray());
                Assert.AreEqual(0, simulate.ExitCode, simulate.ToString());
                BackgroundRun.WaitUntil(() => Enumerable.Range(1, 3).All(k => monitor.Output.Contains("device:sim-" + k + " step:1400 ")), 10, () => monitor.ToString());
                BackgroundRun.WaitUntil(() => serve.Output.Contains("round:6 "), 10, () => serve.ToString());
                Assert.AreEqual(BpnanoApp.Interrupted, monitor.Stop(), monitor.ToString());
                serve.Stop();

                MatchCollection summaries = Regex.Matches(simulate.Error, @"# (sim-\d): \d+ steps, avg loss [^,]+, \d+ recoveries, (\d+) global models taken \(0 rejected, 0 refused as worse on its own data\), \d+ models and 14 reports published, 0 publishes failed");
                Assert.AreEqual(3, summaries.Count, simulate.ToString());
                foreach (Match board in summaries)
                {
                    Assert.IsTrue(int.Parse(board.Groups[2].Value, CultureInfo.InvariantCulture) >= 1, board.Value + ": took a global model");
                }
                StringAssert.Contains(serve.Output, "invalid:0 wrong_shape:0", serve.ToString());
                for (int k = 1; k <= 3; k++)
                {
                    string[] rows = File.ReadAllLines(Path.Combine(csvDirectory, "sim-" + k + ".csv"));
                    Assert.AreEqual(1 + 14, rows.Length, "a header and the 14 reports of sim-" + k);
                    StringAssert.StartsWith(rows[0], string.Join(",", BoardCsvWriter.FixedColumns), "a monitor CSV");
                }
                StringAssert.Contains(monitor.Error, "3 boards, 42 reports, 0 payloads that were not report lines", monitor.ToString());
                Assert.IsFalse((simulate.Error + serve.Error + monitor.Error).Contains(TestBroker.Password), "the password is never printed");
            }
            finally
            {
                Directory.Delete(csvDirectory, true);
            }
        }

        [TestMethod]
        public void Monitor_on_a_terminal_shows_a_row_per_board_and_counts_what_is_not_a_report()
        {
            using TestBroker broker = TestBroker.Start();
            var screen = new TestConsole().Width(120);
            var output = new StringWriter();
            var error = new StringWriter();
            var console = new CliConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error), true, screen, false);
            var monitor = Task.Run(() => BpnanoApp.Create(console).Run(new[] { "monitor", "--mqtt", "--duration", "3" }.Concat(broker.Options("view")).ToArray()));
            BackgroundRun.WaitUntil(() => { lock (error) return error.ToString().Contains("monitoring fleet"); }, 10, () => error.ToString());
            using var board = new FleetClient(broker.For("view"), "test-reports", null, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
            board.Connect(CancellationToken.None);
            var report = new TrainingReport { Step = 300, Loss = 0.25f, AverageLoss = 0.125f, Alerts = 2 };
            foreach (string device in new[] { "pump-2", "fan-1" })
            {
                byte[] line = Encoding.ASCII.GetBytes(ReportLine.Format(report));
                Assert.IsTrue(board.Publish(FleetTopics.Report("view", device), line, line.Length, false, CancellationToken.None), "published");
            }
            byte[] garbage = Encoding.ASCII.GetBytes("not a report");
            board.Publish(FleetTopics.Report("view", "fan-1"), garbage, garbage.Length, false, CancellationToken.None);

            Assert.IsTrue(monitor.Wait(TimeSpan.FromSeconds(20)), "monitor stops after --duration");
            Assert.AreEqual(0, monitor.Result, error.ToString());
            Assert.AreEqual("", output.ToString(), "a terminal gets the live table, not lines");
            StringAssert.Matches(screen.Output, new Regex(@"fan-1\W+300\W+0\.25\W+0\.125\W+2"), "fan-1's row: " + screen.Output);
            StringAssert.Contains(screen.Output, "pump-2");
            StringAssert.Contains(error.ToString(), "2 boards, 2 reports, 1 payloads that were not report lines", error.ToString());
            StringAssert.Matches(error.ToString(), new Regex(@"fan-1\s+300\s+0\.25\s+0\.125\s+2\s+1 \(\+1 bad\)"), "the summary table");
        }

        [TestMethod]
        public void The_bench_prints_the_aggregators_rounds_per_second_in_process_and_through_the_broker()
        {
            using TestBroker broker = TestBroker.Start();
            CliRun run = CliRun.Start(new[] { "fleet", "bench", "--boards", "50", "--rounds", "3" }.Concat(broker.Options("bench")).ToArray());
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            StringAssert.Matches(run.Output, new Regex(@"mode:in-process boards:50 rounds:3 rounds_per_s:[0-9.]+ models_per_s:[0-9.]+"));
            StringAssert.Matches(run.Output, new Regex(@"mode:broker boards:50 rounds:3 rounds_per_s:[0-9.]+ models_per_s:[0-9.]+ publishers:1"));
        }

        private static void Fill(ParameterBuffers buffers, float value)
        {
            for (int k = 0; k < ParameterBuffers.Count; k++) Array.Fill(buffers.Get(k), value);
        }
    }
}
