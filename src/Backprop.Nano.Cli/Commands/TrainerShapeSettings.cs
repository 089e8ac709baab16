using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The trainer options that decide what an <see cref="OnlineTrainer"/> allocates: shared by the commands that
    /// run the training loop (<see cref="SessionSettings"/>) and by footprint, which only sizes it. The defaults
    /// are <see cref="OnlineTrainerSettings"/>' own (a test pins that).
    /// </summary>
    public class TrainerShapeSettings : CommandSettings
    {
        /// <summary>OnlineTrainerSettings.HiddenCount.</summary>
        [CommandOption("--hidden <N>")]
        [Description("Hidden units.")]
        [DefaultValue(16)]
        public int Hidden { get; set; }

        /// <summary>OnlineTrainerSettings.WindowLength.</summary>
        [CommandOption("--window <K>")]
        [Description("Readings per input window.")]
        [DefaultValue(8)]
        public int Window { get; set; }

        /// <summary>OnlineTrainerSettings.Momentum.</summary>
        [CommandOption("--momentum <MU>")]
        [Description("Momentum mu of SGD, in [[0, 1).")]
        [DefaultValue(0f)]
        public float Momentum { get; set; }

        /// <summary>OnlineTrainerSettings.BatchSize.</summary>
        [CommandOption("--batch <N>")]
        [Description("Samples per weight update.")]
        [DefaultValue(1)]
        public int Batch { get; set; }

        /// <summary>OnlineTrainerSettings.ReplayPerStep.</summary>
        [CommandOption("--replay <N>")]
        [Description("Recent samples replayed after each live one. 0: no replay.")]
        [DefaultValue(1)]
        public int Replay { get; set; }

        /// <summary>OnlineTrainerSettings.ReplayCapacity.</summary>
        [CommandOption("--replay-capacity <N>")]
        [Description("Recent samples kept for replay.")]
        [DefaultValue(64)]
        public int ReplayCapacity { get; set; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            string problem = FindProblem();
            return problem == null ? ValidationResult.Success() : ValidationResult.Error(problem);
        }

        /// <summary>
        /// The trainer settings these options describe, for a source of <paramref name="channelCount"/> channels
        /// and the given target channel (-1: self-supervised). The options left out keep the library's defaults.
        /// </summary>
        public virtual OnlineTrainerSettings BuildTrainerSettings(int channelCount, int targetChannel)
        {
            return new OnlineTrainerSettings
            {
                ChannelCount = channelCount,
                TargetChannel = targetChannel,
                WindowLength = Window,
                HiddenCount = Hidden,
                Momentum = Momentum,
                BatchSize = Batch,
                // The library rejects replay without capacity; --replay 0 alone must be enough to turn it off.
                ReplayCapacity = Replay == 0 ? 0 : ReplayCapacity,
                ReplayPerStep = Replay,
            };
        }

        /// <summary>The first option out of range, as a message naming it; null when all are fine.</summary>
        protected virtual string FindProblem()
        {
            // Checked here, with the option's name, rather than left to OnlineTrainerSettings.Validate,
            // whose messages name the library's properties.
            if (Hidden < 1) return "--hidden must be at least 1.";
            if (Window < 1) return "--window must be at least 1.";
            if (!(Momentum >= 0f && Momentum < 1f)) return "--momentum must be in [0, 1).";
            if (Batch < 1) return "--batch must be at least 1.";
            if (Replay < 0) return "--replay must be 0 or more.";
            if (ReplayCapacity < 0 || (Replay > 0 && ReplayCapacity < 1)) return "--replay-capacity must be at least 1 when --replay is above 0.";
            return null;
        }
    }
}
