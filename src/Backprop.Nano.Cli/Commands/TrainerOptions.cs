using System.ComponentModel;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// How an <see cref="OnlineTrainer"/> learns and alerts, beyond what it allocates (<see cref="TrainerShapeSettings"/>):
    /// the options of every command that runs a trainer over readings (train, simulate, nab). Named as the
    /// <see cref="OnlineTrainerSettings"/> properties they set, with the library's defaults.
    /// </summary>
    internal class TrainerOptions : TrainerShapeSettings
    {
        // After the shape options of the base class (Spectre lists those first).
        [CommandOption("--activation <F>"), Description("Hidden activation: Tanh, Relu, Sigmoid or Identity."), DefaultValue(Activation.Tanh)]
        public Activation HiddenActivation { get; set; }

        [CommandOption("--learning-rate <ETA>"), Description("Learning rate: eta of SGD, alpha of Adam (whose paper suggests 0.001)."), DefaultValue(0.01f)]
        public float LearningRate { get; set; }

        [CommandOption("--predict-reading")]
        [Description("Self-supervised: the network predicts the next reading itself, not its change since the last one (the default, which "
            + "starts from \"the same as the last reading\").")]
        public bool PredictReading { get; set; }

        [CommandOption("--alert-threshold <SCORE>"), Description("Anomaly score (an unusual loss, in typical deviations) above which a reading raises an alert. 0: no alerts at all."), DefaultValue(40f)]
        public float AlertThreshold { get; set; }

        [CommandOption("--spike-limit <SD>"), Description("A reading this many standard deviations from its channel's mean raises an alert. 0: off."), DefaultValue(4.5f)]
        public float SpikeLimit { get; set; }

        [CommandOption("--drift-slack <SD>"), Description("Level drift (CUSUM): standard deviations from the mean that count as normal."), DefaultValue(2f)]
        public float DriftSlack { get; set; }

        [CommandOption("--drift-limit <SD>"), Description("Level drift (CUSUM): standard deviations beyond the slack that add up to an alert. 0: off."), DefaultValue(30f)]
        public float DriftLimit { get; set; }

        [CommandOption("--alert-hold <N>"), Description("Readings an alert holds after the last reading that raised it."), DefaultValue(50)]
        public int AlertHoldReadings { get; set; }

        [CommandOption("--seed <SEED>"), Description("Seed of the initial weights and of the replay choices."), DefaultValue(typeof(uint), "1")]
        public uint Seed { get; set; }

        /// <inheritdoc/>
        public override OnlineTrainerSettings BuildTrainerSettings(int channelCount, int targetChannel, int labelChannel = -1)
        {
            OnlineTrainerSettings settings = base.BuildTrainerSettings(channelCount, targetChannel, labelChannel);
            settings.PredictChange = !PredictReading;
            return settings;
        }
    }
}
