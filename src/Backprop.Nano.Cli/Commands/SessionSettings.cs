using System;
using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The options of every command that runs the training loop (train, simulate): where the readings
    /// come from and how the trainer is shaped. The defaults are <see cref="OnlineTrainerSettings"/>'s own
    /// (a test pins that), so a desktop run matches the firmware's unless told otherwise.
    /// </summary>
    public class SessionSettings : CommandSettings
    {
        /// <summary>Readings of the synthetic sensor when --readings is not given: a run of well under a second.</summary>
        public const int DefaultSyntheticReadings = 5000;

        /// <summary>--csv: a recording to train on instead of the synthetic sensor.</summary>
        [CommandOption("--csv <FILE>")]
        [Description("Train on recorded readings from this CSV file instead of the synthetic sensor.")]
        public string Csv { get; set; }

        /// <summary>--columns: the CSV columns used as channels.</summary>
        [CommandOption("--columns <LIST>")]
        [Description("CSV columns to use as channels: comma-separated header names or 0-based indexes. Default: all.")]
        public string Columns { get; set; }

        /// <summary>--target: the CSV column predicted in supervised mode.</summary>
        [CommandOption("--target <COLUMN>")]
        [Description("Supervised mode: predict this CSV column (name or index) from the other channels. Default: self-supervised, predict the next reading.")]
        public string Target { get; set; }

        /// <summary>--readings: how many readings to take; null for the source's default.</summary>
        [CommandOption("--readings <N>")]
        [Description("Readings to take. Default: 5000 from the synthetic sensor, every row of --csv. 0: until Ctrl+C (synthetic sensor).")]
        public int? Readings { get; set; }

        /// <summary>--period-ms: the pause after each reading.</summary>
        [CommandOption("--period-ms <MS>")]
        [Description("Pause after each reading, like the device's sample period. 0: as fast as possible.")]
        [DefaultValue(0)]
        public int PeriodMs { get; set; }

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

        /// <summary>OnlineTrainerSettings.HiddenActivation.</summary>
        [CommandOption("--activation <F>")]
        [Description("Hidden activation: Tanh, Relu, Sigmoid or Identity.")]
        [DefaultValue(Activation.Tanh)]
        public Activation Activation { get; set; }

        /// <summary>OnlineTrainerSettings.LearningRate.</summary>
        [CommandOption("--learning-rate <ETA>")]
        [Description("Learning rate eta of SGD.")]
        [DefaultValue(0.01f)]
        public float LearningRate { get; set; }

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

        /// <summary>OnlineTrainerSettings.ReportInterval.</summary>
        [CommandOption("--report-every <STEPS>")]
        [Description("Training steps between report lines.")]
        [DefaultValue(100)]
        public int ReportEvery { get; set; }

        /// <summary>OnlineTrainerSettings.Seed.</summary>
        [CommandOption("--seed <SEED>")]
        [Description("Seed of the initial weights and of the replay choices.")]
        [DefaultValue(typeof(uint), "1")]
        public uint Seed { get; set; }

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
        public OnlineTrainerSettings BuildTrainerSettings(int channelCount, int targetChannel)
        {
            return new OnlineTrainerSettings
            {
                ChannelCount = channelCount,
                TargetChannel = targetChannel,
                WindowLength = Window,
                HiddenCount = Hidden,
                HiddenActivation = Activation,
                LearningRate = LearningRate,
                Momentum = Momentum,
                BatchSize = Batch,
                // The library rejects replay without capacity; --replay 0 alone must be enough to turn it off.
                ReplayCapacity = Replay == 0 ? 0 : ReplayCapacity,
                ReplayPerStep = Replay,
                ReportInterval = ReportEvery,
                Seed = Seed,
            };
        }

        /// <summary>The first option out of range, as a message naming it; null when all are fine.</summary>
        protected virtual string FindProblem()
        {
            // Checked here, with the option's name, rather than left to OnlineTrainerSettings.Validate,
            // whose messages name the library's properties.
            if (Readings < 0) return "--readings must be 0 (until stopped) or more.";
            if (PeriodMs < 0) return "--period-ms must be 0 or more.";
            if (Hidden < 1) return "--hidden must be at least 1.";
            if (Window < 1) return "--window must be at least 1.";
            if (!Enum.IsDefined(typeof(Activation), Activation)) return "--activation must be Tanh, Relu, Sigmoid or Identity.";
            if (!(LearningRate > 0f) || float.IsInfinity(LearningRate)) return "--learning-rate must be a positive number.";
            if (!(Momentum >= 0f && Momentum < 1f)) return "--momentum must be in [0, 1).";
            if (Batch < 1) return "--batch must be at least 1.";
            if (Replay < 0) return "--replay must be 0 or more.";
            if (ReplayCapacity < 0 || (Replay > 0 && ReplayCapacity < 1)) return "--replay-capacity must be at least 1 when --replay is above 0.";
            if (ReportEvery < 1) return "--report-every must be at least 1.";
            if (Csv == null && (Columns != null || Target != null)) return "--columns and --target select columns of a --csv file.";
            return null;
        }
    }
}
