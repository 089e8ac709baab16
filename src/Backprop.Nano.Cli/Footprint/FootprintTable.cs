using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// What bpnano footprint --table prints for the README: estimated bytes of a few shapes with and without the
    /// optimizer and the trainer, and the largest hidden count that fits two typical heaps.
    /// </summary>
    public static class FootprintTable
    {
        /// <summary>48 KB, the small budget compared (a heap without PSRAM, of the order a plain ESP32 leaves free).</summary>
        public const int SmallBudget = 49152;

        /// <summary>2 MB, the large budget compared (of the order of a board with PSRAM).</summary>
        public const int LargeBudget = 2097152;

        /// <summary>Momentum used where a column asks for "with momentum" (any non-zero value allocates the same).</summary>
        public const float Momentum = 0.9f;

        /// <summary>Shapes of the first table as inputs, hidden, outputs; 8-16-1 is the default trainer's network.</summary>
        public static readonly int[][] Shapes =
        {
            new[] { 2, 10, 1 },
            new[] { 8, 16, 1 },
            new[] { 8, 32, 4 },
            new[] { 16, 64, 8 },
            new[] { 32, 128, 8 },
        };

        /// <summary>The lines: <paramref name="note"/>, then the two Markdown tables with a sentence each.</summary>
        public static IEnumerable<string> Lines(string note)
        {
            yield return note;
            yield return "";
            yield return "Bytes per shape (inputs-hidden-outputs). (d) is an OnlineTrainer with its default settings (replay 64, "
                + "no momentum) whose readings give that shape: self-supervised, channels = outputs, window = inputs / outputs.";
            yield return "";
            foreach (string line in ShapeTable().MarkdownLines()) yield return line;
            yield return "";
            yield return "Largest hidden count whose estimated total fits the budget:";
            yield return "";
            foreach (string line in BudgetTable().MarkdownLines()) yield return line;
        }

        private static TextTable ShapeTable()
        {
            var table = new TextTable(
                new[] { "shape", "(a) network (TrainStep)", "(b) network + SGD", "(c) + momentum", "(d) OnlineTrainer", "(d) readings" },
                new[] { false, true, true, true, true, false });
            foreach (int[] shape in Shapes)
            {
                int inputs = shape[0], hidden = shape[1], outputs = shape[2];
                OnlineTrainerSettings trainer = TrainerFor(inputs, outputs);
                table.Add(inputs + "-" + hidden + "-" + outputs,
                    Bytes(FootprintConfiguration.Network(inputs, outputs, true, 0f), hidden),
                    Bytes(FootprintConfiguration.Network(inputs, outputs, false, 0f), hidden),
                    Bytes(FootprintConfiguration.Network(inputs, outputs, false, Momentum), hidden),
                    trainer == null ? "n/a" : Bytes(FootprintConfiguration.Trainer(trainer), hidden),
                    trainer == null ? "inputs not a multiple of outputs" : trainer.ChannelCount + " ch, window " + trainer.WindowLength);
            }
            return table;
        }

        private static TextTable BudgetTable()
        {
            var momentum = new OnlineTrainerSettings { Momentum = Momentum };
            var rows = new[]
            {
                new { Name = "OnlineTrainer defaults (1 channel, window 8, replay 64): 8-H-1", Configuration = FootprintConfiguration.Trainer(new OnlineTrainerSettings()) },
                new { Name = "the same with momentum " + DecimalText.Format(Momentum), Configuration = FootprintConfiguration.Trainer(momentum) },
                new { Name = "network 8-H-1 (TrainStep, no optimizer)", Configuration = FootprintConfiguration.Network(8, 1, true, 0f) },
                new { Name = "network + SGD 8-H-1", Configuration = FootprintConfiguration.Network(8, 1, false, 0f) },
            };
            var table = new TextTable(
                new[] { "configuration", "48 KB (" + SmallBudget + " B)", "2 MB (" + LargeBudget + " B)" },
                new[] { false, true, true });
            foreach (var row in rows) table.Add(row.Name, Largest(row.Configuration, SmallBudget), Largest(row.Configuration, LargeBudget));
            return table;
        }

        // The default trainer, its readings chosen so that the network has this many inputs and outputs; null when none does.
        private static OnlineTrainerSettings TrainerFor(int inputs, int outputs)
        {
            if (inputs % outputs != 0) return null;
            return new OnlineTrainerSettings { ChannelCount = outputs, WindowLength = inputs / outputs };
        }

        private static string Bytes(FootprintConfiguration configuration, int hidden)
        {
            return FootprintCommand.Number(configuration.For(hidden).TotalBytes);
        }

        private static string Largest(FootprintConfiguration configuration, int budget)
        {
            int hidden = configuration.LargestHiddenWithin(budget);
            if (hidden == 0) return "none";
            string bound = hidden == FootprintConfiguration.MaxHidden ? " or more" : "";
            return hidden + bound + " (" + FootprintCommand.Number(FootprintConfiguration.TotalBytes(configuration.For(hidden))) + " B)";
        }
    }
}
