using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
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
    public sealed class FootprintCommand : Command<FootprintCommand.Settings>
    {
        /// <summary>The first line of every output: what the numbers are, and what they are not.</summary>
        public static readonly string EstimateNote = "Estimates from MemoryFootprint: 4 bytes per float plus an estimated "
            + MemoryFootprint.ArrayOverheadBytes + " bytes of nanoCLR array header per array; not measured on a device, "
            + "and the objects themselves (network, optimizer, trainer) add a few hundred bytes.";

        /// <summary>Largest value of --inputs, --outputs, --channels, --replay-capacity and of the trainer's input count.</summary>
        public const int MaxWidth = 4096;

        private readonly CliConsole _console;

        /// <summary>A command writing to <paramref name="console"/>.</summary>
        public FootprintCommand(CliConsole console)
        {
            _console = console;
        }

        /// <summary>footprint's options: the trainer's shape options plus the bare network's and the budget.</summary>
        public sealed class Settings : TrainerShapeSettings
        {
            /// <summary>OnlineTrainerSettings.ChannelCount.</summary>
            [CommandOption("--channels <N>")]
            [Description("Values per reading (ADC channels) of the trainer.")]
            [DefaultValue(1)]
            public int Channels { get; set; }

            /// <summary>OnlineTrainerSettings.TargetChannel.</summary>
            [CommandOption("--target <CHANNEL>")]
            [Description("Supervised trainer: predict this 0-based channel from the others (needs --channels 2 or more). Default: self-supervised.")]
            public int? Target { get; set; }

            /// <summary>A bare network trained with TrainStep, without an optimizer.</summary>
            [CommandOption("--no-optimizer")]
            [Description("A bare network trained with its own TrainStep: no optimizer, hence no gradient buffers.")]
            public bool NoOptimizer { get; set; }

            /// <summary>Inputs of a bare network.</summary>
            [CommandOption("--inputs <N>")]
            [Description("Size a bare network (+ SGD, velocities with --momentum; or --no-optimizer) with N inputs instead of a trainer. "
                + "Default: the trainer's (--window x values per reading).")]
            public int? Inputs { get; set; }

            /// <summary>Outputs of a bare network.</summary>
            [CommandOption("--outputs <N>")]
            [Description("Outputs of the bare network. Default: the trainer's.")]
            public int? Outputs { get; set; }

            /// <summary>--budget: search the hidden count instead of listing buffers.</summary>
            [CommandOption("--budget <BYTES>")]
            [Description("Print the largest hidden count whose estimated total fits BYTES (e.g. 49152 or 2097152), searching upwards from 1 "
                + "to 100000; --hidden is ignored.")]
            public int? Budget { get; set; }

            /// <summary>--table: the README's comparison.</summary>
            [CommandOption("--table")]
            [Description("Print the Markdown tables of the README (fixed shapes and budgets; the other options are ignored).")]
            public bool Table { get; set; }

            /// <summary>True when a bare network is sized rather than a trainer.</summary>
            public bool IsBareNetwork
            {
                get { return NoOptimizer || Inputs != null || Outputs != null; }
            }

            /// <summary>The trainer these options describe.</summary>
            public OnlineTrainerSettings TrainerSettings()
            {
                return BuildTrainerSettings(Channels, Target ?? -1);
            }

            /// <inheritdoc />
            protected override string FindProblem()
            {
                string problem = base.FindProblem();
                if (problem != null) return problem;
                if (Hidden > FootprintConfiguration.MaxHidden) return "--hidden must be at most " + FootprintConfiguration.MaxHidden + ".";
                if (Channels < 1 || Channels > MaxWidth) return "--channels must be between 1 and " + MaxWidth + ".";
                if (Target != null && (Target < 0 || Target >= Channels || Channels < 2)) return "--target must be another channel's 0-based index, with --channels 2 or more.";
                if ((long)Window * Channels > MaxWidth) return "--window x --channels must be at most " + MaxWidth + " inputs.";
                if (ReplayCapacity > MaxWidth) return "--replay-capacity must be at most " + MaxWidth + ".";
                if (Inputs < 1 || Inputs > MaxWidth) return "--inputs must be between 1 and " + MaxWidth + ".";
                if (Outputs < 1 || Outputs > MaxWidth) return "--outputs must be between 1 and " + MaxWidth + ".";
                if (NoOptimizer && Momentum != 0f) return "--no-optimizer has no optimizer, so --momentum does not apply.";
                if (Budget < 1) return "--budget must be a positive number of bytes.";
                if (Table && Budget != null) return "--table prints its own budgets; leave out --budget.";
                return null;
            }
        }

        /// <inheritdoc />
        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            if (settings.Table)
            {
                _console.WriteLines(FootprintTable.Lines(EstimateNote));
                return 0;
            }
            FootprintConfiguration configuration = ConfigurationOf(settings);
            var lines = new List<string> { "# " + EstimateNote };
            bool found = true;
            if (settings.Budget != null) found = AddLargestHidden(lines, configuration, settings.Budget.Value);
            else AddBuffers(lines, configuration, settings.Hidden);
            _console.WriteLines(lines);
            return found ? 0 : BpnanoApp.RuntimeError;
        }

        /// <summary>The trainer or bare network <paramref name="settings"/> describe.</summary>
        public static FootprintConfiguration ConfigurationOf(Settings settings)
        {
            OnlineTrainerSettings trainer = settings.TrainerSettings();
            if (!settings.IsBareNetwork) return FootprintConfiguration.Trainer(trainer);
            return FootprintConfiguration.Network(settings.Inputs ?? trainer.InputCount, settings.Outputs ?? trainer.OutputCount, settings.NoOptimizer, settings.Momentum);
        }

        private static void AddBuffers(List<string> lines, FootprintConfiguration configuration, int hidden)
        {
            MemoryFootprint footprint = configuration.For(hidden);
            if (FootprintConfiguration.TotalBytes(footprint) > int.MaxValue)
            {
                throw new CliException("--hidden " + hidden + ": the estimate is above 2 GB, more than MemoryFootprint counts.");
            }
            lines.Add("# " + configuration.Describe(hidden));
            var table = new TextTable(new[] { "buffer", "floats", "bytes" }, new[] { false, true, true });
            for (int k = 0; k < footprint.Count; k++) table.Add(footprint.Name(k), Number(footprint.Floats(k)), Number(footprint.Bytes(k)));
            lines.AddRange(table.PlainLines());
            lines.Add("payload: " + Number(footprint.PayloadBytes) + " bytes in " + footprint.Count + " arrays");
            lines.Add("estimated total: " + Number(footprint.TotalBytes) + " bytes (payload + " + MemoryFootprint.ArrayOverheadBytes + " bytes per array)");
        }

        // False when not even one hidden unit fits.
        private static bool AddLargestHidden(List<string> lines, FootprintConfiguration configuration, int budget)
        {
            lines.Add("# " + configuration.DescribeAnyHidden());
            int hidden = configuration.LargestHiddenWithin(budget);
            if (hidden == 0)
            {
                lines.Add("largest hidden within " + Number(budget) + " bytes: none (hidden 1 needs " + Number(FootprintConfiguration.TotalBytes(configuration.For(1))) + " bytes)");
                return false;
            }
            string next = hidden == FootprintConfiguration.MaxHidden ? "the search stops at " + FootprintConfiguration.MaxHidden
                : "hidden " + (hidden + 1) + " needs " + Number(FootprintConfiguration.TotalBytes(configuration.For(hidden + 1)));
            lines.Add("largest hidden within " + Number(budget) + " bytes: " + hidden + " (estimated total "
                + Number(FootprintConfiguration.TotalBytes(configuration.For(hidden))) + " bytes; " + next + ")");
            return true;
        }

        /// <summary>A byte or float count as printed: digits only, so that scripts and tests can read it back.</summary>
        public static string Number(long value)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
    }
}
