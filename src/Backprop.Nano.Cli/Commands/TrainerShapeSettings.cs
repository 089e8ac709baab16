using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The trainer options that decide what an <see cref="OnlineTrainer"/> allocates: shared by the commands that
    /// run the training loop (<see cref="SessionSettings"/>) and by footprint, which only sizes it. Each option that is
    /// an <see cref="OnlineTrainerSettings"/> property has that property's name, so that it is copied there by name; the
    /// defaults are the library's own (a test pins that), and so are the ranges: the library checks them, and only the
    /// settings' names in its messages are replaced with the options' names here.
    /// </summary>
    internal class TrainerShapeSettings : CommandSettings
    {
        [CommandOption("--hidden <N>"), Description("Hidden units."), DefaultValue(16)]
        public int HiddenCount { get; set; }

        [CommandOption("--window <K>"), Description("Readings per input window."), DefaultValue(8)]
        public int WindowLength { get; set; }

        [CommandOption("--optimizer <NAME>"), Description("sgd (with --momentum) or adam (Kingma and Ba, with --beta1, --beta2, --epsilon)."), DefaultValue(OptimizerKind.Sgd)]
        public OptimizerKind Optimizer { get; set; }

        [CommandOption("--momentum <MU>"), Description("Momentum mu of SGD, in [[0, 1)."), DefaultValue(0f)]
        public float Momentum { get; set; }

        [CommandOption("--beta1 <B>"), Description("Adam's decay of the first moment, in [[0, 1)."), DefaultValue(AdamOptimizer.DefaultBeta1)]
        public float Beta1 { get; set; }

        [CommandOption("--beta2 <B>"), Description("Adam's decay of the second moment, in [[0, 1)."), DefaultValue(AdamOptimizer.DefaultBeta2)]
        public float Beta2 { get; set; }

        [CommandOption("--epsilon <E>"), Description("Adam's epsilon, added to the root of the second moment; positive."), DefaultValue(AdamOptimizer.DefaultEpsilon)]
        public float Epsilon { get; set; }

        [CommandOption("--batch <N>"), Description("Samples per weight update."), DefaultValue(1)]
        public int BatchSize { get; set; }

        [CommandOption("--replay <N>"), Description("Recent samples replayed after each live one. 0: no replay."), DefaultValue(1)]
        public int ReplayPerStep { get; set; }

        [CommandOption("--replay-capacity <N>"), Description("Recent samples kept for replay."), DefaultValue(64)]
        public int ReplayCapacity { get; set; }

        public override ValidationResult Validate() => FindProblem() is string problem ? ValidationResult.Error(problem) : ValidationResult.Success();

        /// <summary>
        /// The trainer settings these options describe, for a source of <paramref name="channelCount"/> channels
        /// and the given target channel (-1: self-supervised) or label channel (-1: regression; else a classifier).
        /// The options left out keep the library's defaults.
        /// </summary>
        public virtual OnlineTrainerSettings BuildTrainerSettings(int channelCount, int targetChannel, int labelChannel = -1)
        {
            var settings = new OnlineTrainerSettings();
            foreach (PropertyInfo option in OptionsNamedAsSettings())
            {
                object value = option.GetValue(this);
                if (value != null) typeof(OnlineTrainerSettings).GetProperty(option.Name).SetValue(settings, value);
            }
            settings.ChannelCount = channelCount;
            settings.TargetChannel = targetChannel;
            settings.LabelChannel = labelChannel;
            // The library rejects replay without capacity; --replay 0 alone must be enough to turn it off.
            if (settings.ReplayPerStep == 0) settings.ReplayCapacity = 0;
            return settings;
        }

        /// <summary>The trainer that validation checks: the channels are not known before a recording is read, so one.</summary>
        public virtual OnlineTrainerSettings TrainerSettings() => BuildTrainerSettings(1, -1);

        /// <summary>The first option out of range, as a message naming it; null when all are fine.</summary>
        protected virtual string FindProblem()
        {
            try
            {
                TrainerSettings().Validate();
                return null;
            }
            catch (ArgumentException e)
            {
                string message = e.Message.Replace(" (Parameter '" + e.ParamName + "')", "");
                foreach (PropertyInfo option in OptionsNamedAsSettings())
                {
                    message = message.Replace(option.Name, "--" + option.GetCustomAttribute<CommandOptionAttribute>().LongNames[0]);
                }
                return message;
            }
        }

        private IEnumerable<PropertyInfo> OptionsNamedAsSettings()
        {
            return GetType().GetProperties().Where(option => option.IsDefined(typeof(CommandOptionAttribute))
                && typeof(OnlineTrainerSettings).GetProperty(option.Name)?.CanWrite == true);
        }
    }
}
