using System;
using System.ComponentModel;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The options of every command that runs the training loop (train, simulate): where the readings
    /// come from, how the trainer is shaped and trained (the shape's options come from
    /// <see cref="TrainerShapeSettings"/>), and the model files it resumes from and saves to. The defaults
    /// are <see cref="OnlineTrainerSettings"/>'s own (a test pins that), so a desktop run matches the
    /// firmware's unless told otherwise.
    /// </summary>
    public class SessionSettings : TrainerShapeSettings
    {
        /// <summary>Readings of the synthetic sensor when --readings is not given: a run of well under a second.</summary>
        public const int DefaultSyntheticReadings = 5000;

        // After the shape options of the base class (Spectre lists those first): the rest of the trainer, then the source.
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

        /// <summary>--save: where the trainer is saved at the end of the run.</summary>
        [CommandOption("--save <FILE>")]
        [Description("When the run ends (also on Ctrl+C or a closed pipe), save the trainer to this model file (ModelFormat; "
            + "replaced atomically, so a crash leaves the previous file intact).")]
        public string Save { get; set; }

        /// <summary>--checkpoint-every: also save during the run, as the firmware does.</summary>
        [CommandOption("--checkpoint-every <STEPS>")]
        [Description("Also save to --save every STEPS training steps during the run, as the firmware checkpoints.")]
        public int? CheckpointEvery { get; set; }

        /// <summary>--resume: a model file to continue training from.</summary>
        [CommandOption("--resume <FILE>")]
        [Description("Before training, load this model file and continue at its step. Its shape replaces --hidden, --window and "
            + "--activation; its outputs must fit the readings (channels, --target).")]
        public string Resume { get; set; }

        /// <inheritdoc />
        public override OnlineTrainerSettings BuildTrainerSettings(int channelCount, int targetChannel)
        {
            OnlineTrainerSettings settings = base.BuildTrainerSettings(channelCount, targetChannel);
            settings.HiddenActivation = Activation;
            settings.LearningRate = LearningRate;
            settings.ReportInterval = ReportEvery;
            settings.Seed = Seed;
            return settings;
        }

        /// <inheritdoc />
        protected override string FindProblem()
        {
            if (Readings < 0) return "--readings must be 0 (until stopped) or more.";
            if (PeriodMs < 0) return "--period-ms must be 0 or more.";
            string problem = base.FindProblem();
            if (problem != null) return problem;
            if (!Enum.IsDefined(typeof(Activation), Activation)) return "--activation must be Tanh, Relu, Sigmoid or Identity.";
            if (!(LearningRate > 0f) || float.IsInfinity(LearningRate)) return "--learning-rate must be a positive number.";
            if (ReportEvery < 1) return "--report-every must be at least 1.";
            if (Csv == null && (Columns != null || Target != null)) return "--columns and --target select columns of a --csv file.";
            if (Save != null && string.IsNullOrWhiteSpace(Save)) return "--save needs a file name.";
            if (Resume != null && string.IsNullOrWhiteSpace(Resume)) return "--resume needs a file name.";
            if (CheckpointEvery != null && Save == null) return "--checkpoint-every needs --save, the file to write the checkpoints to.";
            if (CheckpointEvery < 1) return "--checkpoint-every must be at least 1.";
            return null;
        }
    }
}
