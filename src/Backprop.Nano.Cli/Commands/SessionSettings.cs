using System.ComponentModel;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The options of every command that runs the training loop (train, simulate): where the readings
    /// come from, how the trainer is shaped and trained, and the model files it resumes from and saves to.
    /// The defaults are <see cref="OnlineTrainerSettings"/>'s own, so a desktop run matches the firmware's
    /// unless told otherwise.
    /// </summary>
    internal class SessionSettings : TrainerOptions
    {
        [CommandOption("--detector"), Description("The firmware's detector mode: never learn, only predict and score (with --resume, a trained model).")]
        public bool FreezeLearning { get; set; }

        [CommandOption("--sensor <NAME>")]
        [Description("Without --csv, the synthetic source: 'synthetic' (default; the firmware's stand-in ADC) or 'classes' (a sine whose period is one of "
            + "3 classes, with the class as a second channel: trains a classifier, see --label).")]
        public string Sensor { get; set; }

        [CommandOption("--csv <FILE>"), Description("Train on recorded readings from this CSV file instead of the synthetic sensor.")]
        public string Csv { get; set; }

        [CommandOption("--columns <LIST>"), Description("CSV columns to use as channels: comma-separated header names or 0-based indexes. Default: all.")]
        public string Columns { get; set; }

        [CommandOption("--target <COLUMN>")]
        [Description("Supervised mode: predict this CSV column (name or index) from the other channels. Default: self-supervised, predict the next reading.")]
        public string Target { get; set; }

        [CommandOption("--label <COLUMN>")]
        [Description("Classification: this CSV column (name or index) holds each row's class, 0 to --classes - 1; the network learns it from the other "
            + "channels and the summary shows the accuracy and a confusion matrix. Rows with another value are skipped and counted (bad_labels).")]
        public string Label { get; set; }

        [CommandOption("--classes <N>"), Description("Classes of --label (at least 2). Default: the largest whole label in the file + 1 (3 for --sensor classes).")]
        public int? ClassCount { get; set; }

        [CommandOption("--downsample <N>")]
        [Description("A classifier's window points are the mean of N readings each (--window counts points): a whole gesture in a few dozen inputs. "
            + "Stored in the model."), DefaultValue(1)]
        public int Downsample { get; set; }

        [CommandOption("--stride <N>")]
        [Description("A classifier predicts and learns every N window points (set it to --window for windows that do not overlap: one event each). "
            + "A classifier's window always starts where the label changes. Stored in the model."), DefaultValue(1)]
        public int WindowStride { get; set; }

        [CommandOption("--epochs <N>"), Description("Passes over the --csv recording (pretraining on the desktop; a board sees each reading once)."), DefaultValue(1)]
        public int Epochs { get; set; }

        [CommandOption("--accuracy-window <N>"), Description("A classifier's latest predictions that acc in the report lines counts."), DefaultValue(100)]
        public int AccuracyWindow { get; set; }

        [CommandOption("--delimiter <C>"), Description("The CSV's field separator: ',', ';', tab or '|'. Default: ';' when the first line has one, else a tab, else ','.")]
        public string Delimiter { get; set; }

        [CommandOption("--decimal-comma"), Description("The CSV writes 21,5 for 21.5 (needs another --delimiter than ','). Default: detected in files separated by ';' or tabs.")]
        public bool? DecimalComma { get; set; }

        [CommandOption("--readings <N>"), Description("Readings to take. Default: 5000 from the synthetic sensor, every row of --csv. 0: until Ctrl+C (synthetic sensor).")]
        public int? Readings { get; set; }

        [CommandOption("--period-ms <MS>"), Description("Pause after each reading, like the device's sample period. 0: as fast as possible."), DefaultValue(0)]
        public int PeriodMs { get; set; }

        [CommandOption("--report-every <STEPS>"), Description("Training steps between report lines."), DefaultValue(100)]
        public int ReportInterval { get; set; }

        [CommandOption("--save <FILE>")]
        [Description("When the run ends (also on Ctrl+C or a closed pipe), save the trainer to this model file (ModelFormat; "
            + "replaced atomically, so a crash leaves the previous file intact).")]
        public string Save { get; set; }

        [CommandOption("--force"), Description("Let --save replace an existing file (a model is replaced without it only by its own --resume).")]
        public bool Force { get; set; }

        [CommandOption("--checkpoint-every <STEPS>"), Description("Also save to --save every STEPS training steps during the run, as the firmware checkpoints.")]
        public int? CheckpointEvery { get; set; }

        [CommandOption("--resume <FILE>")]
        [Description("Before training, load this model file and continue at its step. Its shape replaces --hidden, --window and "
            + "--activation; its outputs must fit the readings (channels, --target).")]
        public string Resume { get; set; }

        protected override string FindProblem()
        {
            if (Readings < 0) return "--readings must be 0 (until stopped) or more.";
            if (PeriodMs < 0) return "--period-ms must be 0 or more.";
            if (Epochs < 1) return "--epochs must be at least 1.";
            if (Epochs > 1 && Csv == null) return "--epochs repeats a --csv recording.";
            if (Epochs > 1 && Readings != null) return "--epochs takes every row of the recording each time; leave out --readings.";
            string problem = base.FindProblem();
            if (problem != null) return problem;
            if (Csv == null && (Columns != null || Target != null || Label != null)) return "--columns, --target and --label select columns of a --csv file.";
            if (Sensor != null && SensorName() == null) return "--sensor must be 'synthetic' or 'classes'.";
            if (Sensor != null && Csv != null) return "--sensor chooses the synthetic source; --csv replaces it.";
            if (Target != null && Label != null) return "--target (regression) and --label (classification) cannot both be set.";
            if (ClassCount > MaxClasses) return "--classes must be at most " + MaxClasses + ".";
            if (ClassCount != null && Label == null && !IsClassSensor) return "--classes needs --label (or --sensor classes).";
            if (IsClassSensor && ClassCount != null && ClassCount != SyntheticClassSensor.ClassCount)
            {
                return "--sensor classes has " + SyntheticClassSensor.ClassCount + " classes; leave out --classes.";
            }
            if (Csv == null && (Delimiter != null || DecimalComma != null)) return "--delimiter and --decimal-comma describe a --csv file.";
            if (Delimiter != null && ParseDelimiter(Delimiter) == null) return "--delimiter must be one of ',', ';', tab or '|'.";
            if (DecimalComma == true && (Delimiter == null || ParseDelimiter(Delimiter) == ',')) return "--decimal-comma needs --delimiter ';' (or tab): with ',' a decimal comma would split every number.";
            if (Save != null && string.IsNullOrWhiteSpace(Save)) return "--save needs a file name.";
            if (Resume != null && string.IsNullOrWhiteSpace(Resume)) return "--resume needs a file name.";
            if (CheckpointEvery != null && Save == null) return "--checkpoint-every needs --save, the file to write the checkpoints to.";
            if (CheckpointEvery < 1) return "--checkpoint-every must be at least 1.";
            // Each reading trains 1 + --replay samples and cannot be interrupted in between, so Ctrl+C must not wait for millions.
            if (ReplayPerStep > MaxReplayPerStep) return "--replay must be at most " + MaxReplayPerStep + " samples per reading.";
            return MemoryProblem(TrainerSettings());
        }

        /// <summary>For validation: a classifier's options are checked on a classifier (two channels, the label one of them).</summary>
        public override OnlineTrainerSettings TrainerSettings()
        {
            if (Label == null && !IsClassSensor) return base.TrainerSettings();
            OnlineTrainerSettings settings = BuildTrainerSettings(2, -1, 1);
            settings.ClassCount = ClassCount ?? SyntheticClassSensor.ClassCount;
            return settings;
        }

        /// <summary>The options as Spectre leaves them when none is given (each [DefaultValue]), for commands that build a session in code.</summary>
        public static SessionSettings WithDefaults()
        {
            var settings = new SessionSettings();
            foreach (System.Reflection.PropertyInfo property in typeof(SessionSettings).GetProperties())
            {
                if (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<DefaultValueAttribute>(property) is DefaultValueAttribute value) property.SetValue(settings, value.Value);
            }
            return settings;
        }

        /// <summary>True for --sensor classes (the synthetic three-class signal).</summary>
        public bool IsClassSensor => Csv == null && SensorName() == "classes";

        private string SensorName() => Sensor == null ? "synthetic" : Sensor.Trim().ToLowerInvariant() switch
        {
            "synthetic" => "synthetic",
            "classes" => "classes",
            _ => null,
        };

        /// <summary>How --csv is written, as far as the options say.</summary>
        public CsvFormat CsvFormat() => new CsvFormat(Delimiter != null ? ParseDelimiter(Delimiter) : null, DecimalComma);

        private static char? ParseDelimiter(string text) => text switch
        {
            "," or ";" or "|" => text[0],
            "tab" or "\\t" or "\t" => '\t',
            _ => null,
        };

        /// <summary>The most classes of a classifier: its confusion matrix must fit a terminal, and more is a typo or not a class column.</summary>
        public const int MaxClasses = 64;

        /// <summary>The most samples replayed after each live one.</summary>
        public const int MaxReplayPerStep = 1000;

        /// <summary>The most memory a trainer may need here (MemoryFootprint's estimate): a board has a few MB, so more is a typo.</summary>
        public const long MemoryBudgetBytes = 1L << 30;

        /// <summary>
        /// Why a trainer of <paramref name="settings"/> is too big to allocate (--hidden 50000000 would take 5.9 GB, 2147483647 would
        /// overflow), as a message naming the options; null when it fits <see cref="MemoryBudgetBytes"/>.
        /// </summary>
        public static string MemoryProblem(OnlineTrainerSettings settings)
        {
            // Bounded first so that MemoryFootprint, which counts in int, cannot overflow for the sizes below.
            if (settings.InputCount > FootprintCommand.MaxWidth) return "--window x channels must be at most " + FootprintCommand.MaxWidth + " inputs, was " + settings.InputCount + ".";
            if (settings.ReplayCapacity > 65536) return "--replay-capacity must be at most 65536.";
            long bytes = FootprintCommand.TotalBytes(FootprintCommand.Trainer(settings), settings.HiddenCount);
            if (bytes <= MemoryBudgetBytes) return null;
            return "--hidden " + settings.HiddenCount + " needs about " + (bytes / 1e9).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
                + " GB (MemoryFootprint's estimate); bpnano allows " + (MemoryBudgetBytes >> 20) + " MB. See `bpnano footprint --budget BYTES` for the largest hidden count within a budget.";
        }
    }
}
