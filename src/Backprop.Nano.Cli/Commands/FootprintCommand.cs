using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano footprint: the buffers a trainer or a bare network allocates, from <see cref="MemoryFootprint"/>, so that
    /// a shape can be checked against a board's heap before flashing; the largest hidden count within a budget; and
    /// (--table) the README's comparison. All numbers are estimates (payload plus an estimated array header), and the
    /// first line of the output says so.
    /// </summary>
    internal sealed class FootprintCommand(CliConsole console) : Command<FootprintCommand.Settings>
    {
        private static readonly string EstimateNote = "Estimates from MemoryFootprint: 4 bytes per float plus an estimated "
            + MemoryFootprint.ArrayOverheadBytes + " bytes of nanoCLR array header per array; not measured on a device, "
            + "and the objects themselves (network, optimizer, trainer) add a few hundred bytes.";

        // Far beyond any board, and small enough that no buffer reaches 2 GB, which MemoryFootprint counts in int.
        internal const int MaxWidth = 4096;
        private const int MaxHidden = 100000;

        /// <summary>The trainer's shape options plus the bare network's and the budget.</summary>
        public sealed class Settings : TrainerShapeSettings
        {
            [CommandOption("--channels <N>"), Description("Values per reading (ADC channels) of the trainer."), DefaultValue(1)]
            public int ChannelCount { get; set; }

            [CommandOption("--target <CHANNEL>")]
            [Description("Supervised trainer: predict this 0-based channel from the others (needs --channels 2 or more). Default: self-supervised.")]
            public int? TargetChannel { get; set; }

            [CommandOption("--label <CHANNEL>")]
            [Description("A classifier: this 0-based channel carries the class (needs --channels 2 or more), with --classes, --downsample and --stride.")]
            public int? LabelChannel { get; set; }

            [CommandOption("--classes <N>"), Description("Classes of --label."), DefaultValue(2)]
            public int ClassCount { get; set; }

            [CommandOption("--downsample <N>"), Description("A classifier's readings per window point (as train's)."), DefaultValue(1)]
            public int Downsample { get; set; }

            [CommandOption("--stride <N>"), Description("A classifier's window points between samples (as train's)."), DefaultValue(1)]
            public int WindowStride { get; set; }

            [CommandOption("--no-optimizer"), Description("A bare network trained with its own TrainStep: no optimizer, hence no gradient buffers.")]
            public bool NoOptimizer { get; set; }

            [CommandOption("--inputs <N>")]
            [Description("Size a bare network (+ SGD, velocities with --momentum; or --no-optimizer) with N inputs instead of a trainer. "
                + "Default: the trainer's (--window x values per reading).")]
            public int? Inputs { get; set; }

            [CommandOption("--outputs <N>"), Description("Outputs of the bare network. Default: the trainer's.")]
            public int? Outputs { get; set; }

            [CommandOption("--budget <BYTES>"), Description("Print the largest hidden count whose estimated total fits BYTES (e.g. 49152 or 2097152); --hidden is ignored.")]
            public int? Budget { get; set; }

            [CommandOption("--table"), Description("Print the Markdown tables of the README (fixed shapes and budgets; the other options are ignored).")]
            public bool Table { get; set; }

            [CommandOption("--json"), Description("Print JSON (for scripts) instead of text.")]
            public bool Json { get; set; }

            public override OnlineTrainerSettings TrainerSettings()
            {
                OnlineTrainerSettings settings = BuildTrainerSettings(ChannelCount, TargetChannel ?? -1, LabelChannel ?? -1);
                settings.ClassCount = ClassCount;
                return settings;
            }

            protected override string FindProblem()
            {
                string problem = base.FindProblem();
                if (problem != null) return problem;
                if (HiddenCount > MaxHidden) return "--hidden must be at most " + MaxHidden + ".";
                if ((long)WindowLength * ChannelCount > MaxWidth) return "--window x --channels must be at most " + MaxWidth + " inputs.";
                if (ReplayCapacity > MaxWidth) return "--replay-capacity must be at most " + MaxWidth + ".";
                if (Inputs < 1 || Inputs > MaxWidth) return "--inputs must be between 1 and " + MaxWidth + ".";
                if (Outputs < 1 || Outputs > MaxWidth) return "--outputs must be between 1 and " + MaxWidth + ".";
                if (NoOptimizer && Momentum != 0f) return "--no-optimizer has no optimizer, so --momentum does not apply.";
                if (NoOptimizer && Optimizer != OptimizerKind.Sgd) return "--no-optimizer has no optimizer, so --optimizer does not apply.";
                if (Budget < 1) return "--budget must be a positive number of bytes.";
                if (Table && Budget != null) return "--table prints its own budgets; leave out --budget.";
                if (Table && Json) return "--table prints Markdown; leave out --json.";
                return null;
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            if (settings.Table)
            {
                console.WriteLines(ReadmeTables());
                return 0;
            }
            OnlineTrainerSettings trainer = settings.TrainerSettings();
            Func<int, MemoryFootprint> footprint;
            Func<string, string> describe;
            if (settings.NoOptimizer || settings.Inputs != null || settings.Outputs != null)
            {
                int inputs = settings.Inputs ?? trainer.InputCount, outputs = settings.Outputs ?? trainer.OutputCount;
                footprint = Network(inputs, outputs, settings.NoOptimizer, settings.Optimizer, settings.Momentum);
                describe = hidden => "network " + inputs + "-" + hidden + "-" + outputs + (settings.NoOptimizer ? ", TrainStep (no optimizer, no gradients)"
                    : settings.Optimizer == OptimizerKind.Adam ? " + Adam (gradients, moments m and v)"
                    : settings.Momentum == 0f ? " + SGD" : " + SGD with momentum " + DecimalText.Format(settings.Momentum) + " (velocities)");
            }
            else
            {
                footprint = Trainer(trainer);
                describe = hidden => "OnlineTrainer: " + trainer.ChannelCount + (trainer.ChannelCount == 1 ? " channel" : " channels")
                    + (trainer.IsClassifier ? ", a classifier of " + trainer.ClassCount + " classes (label channel " + trainer.LabelChannel + ")"
                        + (trainer.Downsample > 1 ? ", points of " + trainer.Downsample + " readings" : "")
                        : trainer.TargetChannel < 0 ? ", self-supervised" : ", supervised (target channel " + trainer.TargetChannel + ")")
                    + ", window " + trainer.WindowLength + " -> network " + trainer.InputCount + "-" + hidden + "-" + trainer.OutputCount
                    + (trainer.Optimizer == OptimizerKind.Adam ? ", Adam" : ", momentum " + DecimalText.Format(trainer.Momentum)) + ", "
                    + (trainer.ReplayCapacity == 0 ? "no replay" : "replay " + trainer.ReplayPerStep + " per step from " + trainer.ReplayCapacity);
            }
            var lines = new List<string> { "# " + EstimateNote, "# " + describe(settings.Budget != null ? "H" : settings.HiddenCount.ToString()) };
            if (settings.Budget != null)
            {
                int budget = settings.Budget.Value, largest = LargestHiddenWithin(footprint, budget);
                lines.Add("largest hidden within " + budget + " bytes: " + (largest == 0 ? "none (hidden 1 needs " + TotalBytes(footprint, 1) + " bytes)"
                    : largest + " (estimated total " + TotalBytes(footprint, largest) + " bytes; hidden " + (largest + 1) + " needs " + TotalBytes(footprint, largest + 1) + ")"));
                if (settings.Json)
                {
                    console.WriteJson(new
                    {
                        note = EstimateNote,
                        configuration = describe("H"),
                        budget_bytes = budget,
                        largest_hidden = largest,
                        total_bytes = largest == 0 ? (long?)null : TotalBytes(footprint, largest),
                    });
                }
                else
                {
                    console.WriteLines(lines);
                }
                return largest == 0 ? BpnanoApp.RuntimeError : 0;
            }
            int hidden = settings.HiddenCount;
            if (TotalBytes(footprint, hidden) > int.MaxValue) throw new CliException("--hidden " + hidden + ": the estimate is above 2 GB, more than MemoryFootprint counts.");
            MemoryFootprint buffers = footprint(hidden);
            var table = new TextTable(new[] { "buffer", "floats", "bytes" }, new[] { false, true, true });
            for (int k = 0; k < buffers.Count; k++) table.Add(buffers.Name(k), buffers.Floats(k).ToString(), buffers.Bytes(k).ToString());
            lines.AddRange(table.PlainLines());
            lines.Add("payload: " + buffers.PayloadBytes + " bytes in " + buffers.Count + " arrays");
            lines.Add("estimated total: " + buffers.TotalBytes + " bytes (payload + " + MemoryFootprint.ArrayOverheadBytes + " bytes per array)");
            if (!settings.Json)
            {
                console.WriteLines(lines);
                return 0;
            }
            console.WriteJson(new
            {
                note = EstimateNote,
                configuration = describe(hidden.ToString()),
                buffers = Enumerable.Range(0, buffers.Count).Select(k => new { name = buffers.Name(k), floats = buffers.Floats(k), bytes = buffers.Bytes(k) }),
                payload_bytes = buffers.PayloadBytes,
                array_overhead_bytes = MemoryFootprint.ArrayOverheadBytes,
                total_bytes = buffers.TotalBytes,
            });
            return 0;
        }

        // The README's comparison: a few shapes with and without the optimizer and the trainer, and the largest hidden
        // count that fits a heap without PSRAM (48 KB, of the order a plain ESP32 leaves free) and one with (2 MB).
        private static IEnumerable<string> ReadmeTables()
        {
            // Any non-zero momentum allocates the same velocities.
            const float momentum = 0.9f;
            var shapes = new TextTable(
                new[] { "shape", "(a) network (TrainStep)", "(b) network + SGD", "(c) + momentum", "(e) network + Adam", "(d) OnlineTrainer", "(d) readings" },
                new[] { false, true, true, true, true, true, false });
            // The benchmarks' shapes and, in its place by size, the default trainer's network (8-16-1).
            var defaults = new OnlineTrainerSettings();
            var sizes = Enumerable.Range(0, BenchmarkShapes.Count)
                .Select(k => (Inputs: BenchmarkShapes.InputCount(k), Hidden: BenchmarkShapes.HiddenCount(k), Outputs: BenchmarkShapes.OutputCount(k)))
                .Append((Inputs: defaults.InputCount, Hidden: defaults.HiddenCount, Outputs: defaults.OutputCount))
                .OrderBy(shape => shape.Inputs).ThenBy(shape => shape.Hidden);
            foreach ((int inputs, int hidden, int outputs) in sizes)
            {
                var trainer = new OnlineTrainerSettings { ChannelCount = outputs, WindowLength = inputs / outputs };
                shapes.Add(inputs + "-" + hidden + "-" + outputs, Network(inputs, outputs, true, OptimizerKind.Sgd, 0f)(hidden).TotalBytes.ToString(),
                    Network(inputs, outputs, false, OptimizerKind.Sgd, 0f)(hidden).TotalBytes.ToString(),
                    Network(inputs, outputs, false, OptimizerKind.Sgd, momentum)(hidden).TotalBytes.ToString(),
                    Network(inputs, outputs, false, OptimizerKind.Adam, 0f)(hidden).TotalBytes.ToString(),
                    Trainer(trainer)(hidden).TotalBytes.ToString(), trainer.ChannelCount + " ch, window " + trainer.WindowLength);
            }
            var budgets = new TextTable(new[] { "configuration", "48 KB (49152 B)", "2 MB (2097152 B)" }, new[] { false, true, true });
            var rows = new (string Name, Func<int, MemoryFootprint> Footprint)[]
            {
                ("OnlineTrainer defaults (1 channel, window 8, replay 64): 8-H-1", Trainer(new OnlineTrainerSettings())),
                ("the same with momentum " + DecimalText.Format(momentum), Trainer(new OnlineTrainerSettings { Momentum = momentum })),
                ("the same with Adam", Trainer(new OnlineTrainerSettings { Optimizer = OptimizerKind.Adam })),
                ("network 8-H-1 (TrainStep, no optimizer)", Network(8, 1, true, OptimizerKind.Sgd, 0f)),
                ("network + SGD 8-H-1", Network(8, 1, false, OptimizerKind.Sgd, 0f)),
                ("network + Adam 8-H-1", Network(8, 1, false, OptimizerKind.Adam, 0f)),
            };
            foreach (var row in rows) budgets.Add(row.Name, Largest(row.Footprint, 49152), Largest(row.Footprint, 2097152));

            var lines = new List<string> { EstimateNote, "", "Bytes per shape (inputs-hidden-outputs). (d) is an OnlineTrainer with its default settings "
                + "(replay 64, no momentum) whose readings give that shape: self-supervised, channels = outputs, window = inputs / outputs.", "" };
            lines.AddRange(shapes.MarkdownLines());
            lines.AddRange(new[] { "", "Largest hidden count whose estimated total fits the budget:", "" });
            lines.AddRange(budgets.MarkdownLines());
            return lines;
        }

        private static string Largest(Func<int, MemoryFootprint> footprint, int budget)
        {
            int hidden = LargestHiddenWithin(footprint, budget);
            return hidden == 0 ? "none" : hidden + " (" + TotalBytes(footprint, hidden) + " B)";
        }

        internal static Func<int, MemoryFootprint> Trainer(OnlineTrainerSettings settings)
        {
            return hidden =>
            {
                OnlineTrainerSettings sized = settings.Clone();
                sized.HiddenCount = hidden;
                return MemoryFootprint.ForTrainer(sized);
            };
        }

        // Alone (trained by its TrainStep), with an SgdOptimizer, which owns the gradients (and velocities with momentum), or with
        // an AdamOptimizer (gradients, m, v and its two powers).
        private static Func<int, MemoryFootprint> Network(int inputs, int outputs, bool withoutOptimizer, OptimizerKind kind, float momentum) =>
            hidden => withoutOptimizer ? MemoryFootprint.ForNetwork(inputs, hidden, outputs)
                : kind == OptimizerKind.Adam ? MemoryFootprint.ForAdam(inputs, hidden, outputs)
                : MemoryFootprint.ForOptimizer(inputs, hidden, outputs, momentum);

        // Each buffer holds a fixed number of floats or a fixed number per hidden unit, so the total is affine in the hidden
        // count: the totals at 1 and 2 hidden units give every other one, and the largest count within a budget is a division.
        // Summed in 64 bits, as MemoryFootprint.TotalBytes (int) would wrap above 2 GB.
        internal static long TotalBytes(Func<int, MemoryFootprint> footprint, int hidden)
        {
            long atOne = Sum(footprint(1));
            return atOne + (Sum(footprint(2)) - atOne) * (hidden - 1);
        }

        private static int LargestHiddenWithin(Func<int, MemoryFootprint> footprint, int budget)
        {
            long atOne = Sum(footprint(1));
            return budget < atOne ? 0 : (int)(1 + (budget - atOne) / (Sum(footprint(2)) - atOne));
        }

        private static long Sum(MemoryFootprint footprint) => Enumerable.Range(0, footprint.Count).Sum(k => (long)footprint.Bytes(k));
    }
}
