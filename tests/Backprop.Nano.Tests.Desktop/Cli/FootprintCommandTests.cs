using System;
using System.Collections.Generic;
using System.Globalization;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>bpnano footprint: the buffers and totals of MemoryFootprint, the --budget search and the README's --table.</summary>
    [TestClass]
    public class FootprintCommandTests
    {
        private static CliRun Succeeds(params string[] arguments)
        {
            CliRun run = CliRun.Start(arguments);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            return run;
        }

        /// <summary>The buffer rows, the totals and the honesty note must all be MemoryFootprint's.</summary>
        private static void AssertListing(MemoryFootprint expected, CliRun run)
        {
            string[] lines = run.OutputLines;
            StringAssert.Contains(lines[0], "not measured on a device", "the first line says these are estimates");
            StringAssert.StartsWith(lines[0], "# Estimates from MemoryFootprint");
            int header = Array.FindIndex(lines, line => line.StartsWith("buffer", StringComparison.Ordinal));
            Assert.IsGreaterThan(0, header, run.ToString());
            for (int k = 0; k < expected.Count; k++)
            {
                string line = lines[header + 1 + k];
                string[] numbers = line.Substring(expected.Name(k).Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                StringAssert.StartsWith(line, expected.Name(k) + " ");
                CollectionAssert.AreEqual(new[] { Text(expected.Floats(k)), Text(expected.Bytes(k)) }, numbers, line);
            }
            Assert.AreEqual("payload: " + expected.PayloadBytes + " bytes in " + expected.Count + " arrays", lines[header + 1 + expected.Count]);
            Assert.AreEqual("estimated total: " + expected.TotalBytes + " bytes (payload + 24 bytes per array)", lines[header + 2 + expected.Count]);
            Assert.HasCount(header + 3 + expected.Count, lines, "nothing else");
        }

        private static string Text(int value)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        [TestMethod]
        public void Default_footprint_is_the_default_trainers()
        {
            CliRun run = Succeeds("footprint");

            AssertListing(MemoryFootprint.ForTrainer(new OnlineTrainerSettings()), run);
            StringAssert.Contains(run.Output, "# OnlineTrainer: 1 channel, self-supervised, window 8 -> network 8-16-1");
        }

        [TestMethod]
        public void Trainer_options_reach_the_footprint()
        {
            CliRun run = Succeeds("footprint", "--hidden", "32", "--window", "5", "--channels", "3", "--target", "2", "--momentum", "0.9",
                "--replay", "2", "--replay-capacity", "10", "--batch", "4");

            var settings = new OnlineTrainerSettings
            {
                HiddenCount = 32, WindowLength = 5, ChannelCount = 3, TargetChannel = 2, Momentum = 0.9f, ReplayPerStep = 2, ReplayCapacity = 10, BatchSize = 4,
            };
            AssertListing(MemoryFootprint.ForTrainer(settings), run);
            StringAssert.Contains(run.Output, "network 10-32-1");
        }

        [TestMethod]
        public void Bare_networks_alone_or_with_SGD()
        {
            AssertListing(MemoryFootprint.ForNetwork(5, 9, 3), Succeeds("footprint", "--no-optimizer", "--inputs", "5", "--outputs", "3", "--hidden", "9"));
            AssertListing(MemoryFootprint.ForOptimizer(4, 6, 2, 0f), Succeeds("footprint", "--inputs", "4", "--outputs", "2", "--hidden", "6"));
            AssertListing(MemoryFootprint.ForOptimizer(4, 6, 2, 0.9f), Succeeds("footprint", "--inputs", "4", "--outputs", "2", "--hidden", "6", "--momentum", "0.9"));
            CliRun adam = Succeeds("footprint", "--inputs", "4", "--outputs", "2", "--hidden", "6", "--optimizer", "adam");
            AssertListing(MemoryFootprint.ForAdam(4, 6, 2), adam);
            StringAssert.Contains(adam.Output, "network 4-6-2 + Adam (gradients, moments m and v)");
            CliRun trainer = Succeeds("footprint", "--optimizer", "Adam", "--batch", "4");
            AssertListing(MemoryFootprint.ForTrainer(new OnlineTrainerSettings { Optimizer = OptimizerKind.Adam, BatchSize = 4 }), trainer);
            StringAssert.Contains(trainer.Output, "network 8-16-1, Adam, replay");
            // --no-optimizer alone takes the trainer's inputs and outputs: window 8 of one channel.
            AssertListing(MemoryFootprint.ForNetwork(8, 16, 1), Succeeds("footprint", "--no-optimizer"));
        }

        private static int LargestHidden(CliRun run, int budget)
        {
            string prefix = "largest hidden within " + budget + " bytes: ";
            string line = Array.Find(run.OutputLines, candidate => candidate.StartsWith(prefix, StringComparison.Ordinal));
            Assert.IsNotNull(line, run.ToString());
            string rest = line.Substring(prefix.Length);
            return int.Parse(rest.Substring(0, rest.IndexOf(' ')), CultureInfo.InvariantCulture);
        }

        [TestMethod]
        [DataRow(49152)]
        [DataRow(2097152)]
        [DataRow(5000)]
        public void Budget_answer_fits_and_one_more_hidden_unit_does_not(int budget)
        {
            var configurations = new List<KeyValuePair<string[], Func<int, MemoryFootprint>>>
            {
                new(new string[0], hidden => MemoryFootprint.ForTrainer(new OnlineTrainerSettings { HiddenCount = hidden })),
                new(new[] { "--momentum", "0.9" }, hidden => MemoryFootprint.ForTrainer(new OnlineTrainerSettings { HiddenCount = hidden, Momentum = 0.9f })),
                new(new[] { "--no-optimizer", "--inputs", "8", "--outputs", "1" }, hidden => MemoryFootprint.ForNetwork(8, hidden, 1)),
                new(new[] { "--inputs", "8", "--outputs", "1" }, hidden => MemoryFootprint.ForOptimizer(8, hidden, 1, 0f)),
            };
            foreach (KeyValuePair<string[], Func<int, MemoryFootprint>> configuration in configurations)
            {
                var arguments = new List<string> { "footprint", "--budget", Text(budget) };
                arguments.AddRange(configuration.Key);
                CliRun run = Succeeds(arguments.ToArray());

                int hidden = LargestHidden(run, budget);
                string name = string.Join(" ", configuration.Key);
                Assert.IsGreaterThan(0, hidden, name);
                Assert.IsLessThanOrEqualTo(budget, configuration.Value(hidden).TotalBytes, name + ": the answer fits");
                Assert.IsGreaterThan(budget, configuration.Value(hidden + 1).TotalBytes, name + ": one more hidden unit does not");
                StringAssert.Contains(run.Output, "(estimated total " + configuration.Value(hidden).TotalBytes + " bytes; hidden " + (hidden + 1)
                    + " needs " + configuration.Value(hidden + 1).TotalBytes + ")");
            }
        }

        [TestMethod]
        public void A_budget_too_small_for_one_hidden_unit_is_an_error()
        {
            CliRun run = CliRun.Start("footprint", "--budget", "100");

            Assert.AreEqual(BpnanoApp.RuntimeError, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Output, "largest hidden within 100 bytes: none (hidden 1 needs "
                + MemoryFootprint.ForTrainer(new OnlineTrainerSettings { HiddenCount = 1 }).TotalBytes + " bytes)");
        }

        [TestMethod]
        public void Table_cells_are_MemoryFootprint_totals_and_budget_answers()
        {
            CliRun run = Succeeds("footprint", "--table");
            string[] lines = run.OutputLines;

            StringAssert.Contains(lines[0], "not measured on a device");
            string row = Array.Find(lines, line => line.StartsWith("| 32-128-8 ", StringComparison.Ordinal));
            Assert.IsNotNull(row, run.ToString());
            string[] cells = Cells(row);
            Assert.AreEqual(Text(MemoryFootprint.ForNetwork(32, 128, 8).TotalBytes), cells[1], "(a) network");
            Assert.AreEqual(Text(MemoryFootprint.ForOptimizer(32, 128, 8, 0f).TotalBytes), cells[2], "(b) SGD");
            Assert.AreEqual(Text(MemoryFootprint.ForOptimizer(32, 128, 8, 0.9f).TotalBytes), cells[3], "(c) momentum");
            Assert.AreEqual(Text(MemoryFootprint.ForAdam(32, 128, 8).TotalBytes), cells[4], "(e) Adam");
            Assert.AreEqual(Text(MemoryFootprint.ForTrainer(new OnlineTrainerSettings { ChannelCount = 8, WindowLength = 4, HiddenCount = 128 }).TotalBytes),
                cells[5], "(d) trainer");
            Assert.AreEqual("8 ch, window 4", cells[6]);

            string adam = Array.Find(lines, line => line.StartsWith("| the same with Adam ", StringComparison.Ordinal));
            Assert.IsNotNull(adam, run.ToString());
            int hidden = int.Parse(Cells(adam)[1].Split(' ')[0], CultureInfo.InvariantCulture);
            Assert.IsLessThanOrEqualTo(49152, MemoryFootprint.ForTrainer(new OnlineTrainerSettings { Optimizer = OptimizerKind.Adam, HiddenCount = hidden }).TotalBytes);
            Assert.IsGreaterThan(49152, MemoryFootprint.ForTrainer(new OnlineTrainerSettings { Optimizer = OptimizerKind.Adam, HiddenCount = hidden + 1 }).TotalBytes);

            string alone = Array.Find(lines, line => line.StartsWith("| network 8-H-1 (TrainStep, no optimizer) ", StringComparison.Ordinal));
            Assert.IsNotNull(alone, run.ToString());
            int small = int.Parse(Cells(alone)[1].Split(' ')[0], CultureInfo.InvariantCulture);
            Assert.IsLessThanOrEqualTo(49152, MemoryFootprint.ForNetwork(8, small, 1).TotalBytes);
            Assert.IsGreaterThan(49152, MemoryFootprint.ForNetwork(8, small + 1, 1).TotalBytes);
        }

        private static string[] Cells(string markdownRow)
        {
            string[] cells = markdownRow.Trim('|').Split('|');
            for (int k = 0; k < cells.Length; k++) cells[k] = cells[k].Trim();
            return cells;
        }

        [TestMethod]
        [DataRow("--no-optimizer --momentum 0.5", "--no-optimizer")]
        [DataRow("--target 0", "--target")]
        [DataRow("--channels 0", "--channels")]
        [DataRow("--budget 0", "--budget")]
        [DataRow("--inputs 0", "--inputs")]
        [DataRow("--hidden 100001", "--hidden")]
        [DataRow("--table --budget 100", "--table")]
        [DataRow("--no-optimizer --optimizer adam", "--no-optimizer")]
        [DataRow("--optimizer adam --momentum 0.5", "--momentum")]
        [DataRow("--beta1 1", "--beta1")]
        [DataRow("--beta2 -0.5", "--beta2")]
        [DataRow("--epsilon 0", "--epsilon")]
        public void Invalid_options_fail_with_a_message_naming_them(string options, string expectedInMessage)
        {
            var arguments = new List<string> { "footprint" };
            arguments.AddRange(options.Split(' '));

            CliRun run = CliRun.Start(arguments.ToArray());

            Assert.AreEqual(BpnanoApp.UsageError, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, expectedInMessage);
        }
    }
}
