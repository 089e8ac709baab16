using System;
using System.Globalization;
using System.IO;
using System.Threading;
using Spectre.Console;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The firmware's main loop on the desktop: the chosen sensor, an <see cref="OnlineTrainer"/> shaped by the options
    /// and the <see cref="TrainingSession"/> joining them, resumed from and saved to model files. train and simulate
    /// differ only in where the reports go.
    /// </summary>
    internal sealed class TrainingRun
    {
        private readonly SessionSettings _settings;
        private readonly CsvSensor _csv;
        private readonly TrainingSession _session;
        private readonly string _note;
        private readonly ModelFile _modelFile;
        private readonly ConfusionMatrix _confusion;   // a classifier's predictions of the run; null for regression
        private string _savedLine;

        /// <summary>
        /// The run <paramref name="settings"/> describe; each report goes to <see cref="History"/>, then to
        /// <paramref name="output"/>. With --resume the trainer already holds the model file's state.
        /// </summary>
        /// <exception cref="CliException">the source or a model file cannot be used.</exception>
        public TrainingRun(SessionSettings settings, IReportSink output)
        {
            _settings = settings;
            bool classifier = settings.Label != null || settings.IsClassSensor;
            _csv = settings.Csv != null
                ? CsvSensor.Load(settings.Csv, settings.Columns, settings.Label ?? settings.Target, settings.CsvFormat(), settings.Label != null ? "--label" : "--target")
                : null;
            ISensor sensor = _csv ?? (settings.IsClassSensor ? SyntheticClassSensor.CreateDefault() : (ISensor)SyntheticSensor.CreateDefault());
            int learned = _csv?.TargetChannel ?? (settings.IsClassSensor ? SyntheticClassSensor.LabelChannel : -1);
            SourceDescription = _csv == null
                ? (settings.IsClassSensor ? "the synthetic three-class sensor" : "the synthetic sensor")
                : settings.Csv + " (channels " + string.Join(", ", _csv.ChannelNames)
                    + (learned >= 0 ? (classifier ? "; label " : "; target ") + _csv.ChannelNames[learned] : "") + ")";
            OnlineTrainerSettings trainerSettings = classifier
                ? settings.BuildTrainerSettings(sensor.ChannelCount, -1, learned)
                : settings.BuildTrainerSettings(sensor.ChannelCount, learned);
            if (classifier && settings.ClassCount == null) trainerSettings.ClassCount = ChooseClassCount(_csv, learned, settings.Label);
            byte[] resumed = null;
            var model = new ModelHeader();
            if (settings.Resume != null)
            {
                resumed = ModelFile.ReadValid(settings.Resume, "--resume", out model);
                TakeShapeFrom(model, settings.Resume, trainerSettings);
            }
            // With the recording's real channel count, which validation could not know.
            if (SessionSettings.MemoryProblem(trainerSettings) is string tooBig) throw new CliException(tooBig);
            // Refused before training rather than after: a typo must not cost the run, nor replace a file that is no model.
            if (settings.Save != null)
            {
                // A run owns the file it resumed: --resume X --save X trains X on.
                bool resumesIt = settings.Resume != null && Path.GetFullPath(settings.Resume) == Path.GetFullPath(settings.Save);
                _modelFile = new ModelFile(settings.Save, ModelFile.CheckReplaceable(settings.Save, "--save", settings.Force || resumesIt, settings.Force));
            }

            History = new LossHistory();
            var trainer = new OnlineTrainer(trainerSettings, new ActionReportSink(report =>
            {
                History.Report(report);
                if (output != null) output.Report(report);
            }, line => output?.Comment(line)));
            if (resumed != null) ResumedLine = ResumeFrom(trainer, resumed, model, settings.Resume, trainerSettings.WindowLength);
            TrainerSettings = trainerSettings;
            if (classifier) _confusion = new ConfusionMatrix(trainerSettings.ClassCount);
            _session = new TrainingSession(sensor, trainer);
            if (settings.CheckpointEvery != null)
            {
                // A save that fails is counted in save_errors and retried at the next interval, as on a board.
                _session.Checkpoints = _modelFile;
                _session.CheckpointInterval = settings.CheckpointEvery.Value;
            }
            Readings = ChooseReadings(settings.Readings, _csv?.RowCount ?? 0, out _note) * settings.Epochs;
        }

        public string SourceDescription { get; }

        /// <summary>The trainer's settings, with the shape of a --resume model.</summary>
        public OnlineTrainerSettings TrainerSettings { get; }

        /// <summary>The --csv recording; null for the synthetic sensor.</summary>
        public CsvSensor Recording => _csv;

        public OnlineTrainer Trainer => _session.Trainer;

        /// <summary>Every report so far (the live views and the summary read it).</summary>
        public LossHistory History { get; }

        /// <summary>Readings this run takes; 0: until cancelled.</summary>
        public int Readings { get; }

        /// <summary>What --resume loaded, as a '#' line for stderr; null without --resume.</summary>
        public string ResumedLine { get; }

        /// <summary>
        /// What train and simulate do: runs (with a progress bar and the live loss view on a terminal), then saves and
        /// prints the summary however the run ended, Ctrl+C, a closed pipe or a failing report sink included, so that the
        /// training done is kept. <paramref name="beforeRun"/> (may be null) runs first, within that guarantee.
        /// True when all readings were taken.
        /// </summary>
        public bool Execute(CliConsole console, string description, CancellationToken cancel, Action beforeRun)
        {
            if (ResumedLine != null) console.Error.WriteLine(ResumedLine);
            try
            {
                if (beforeRun != null) beforeRun();
                return console.IsInteractive ? RunWithProgress(console.Ansi, description, cancel) : Run(cancel, null);
            }
            finally
            {
                SaveModel();
                WriteSummary(console.Error);
            }
        }

        /// <summary>
        /// Takes the readings, pausing the sample period after each, until done or <paramref name="cancel"/>
        /// fires. <paramref name="onReading"/> (may be null) gets the count after each reading. True when all
        /// readings were taken.
        /// </summary>
        public bool Run(CancellationToken cancel, Action<int> onReading)
        {
            // TrainingSession.ReadOnce rather than Run, which cannot be cancelled: the same loop body as the firmware's.
            for (int k = 0; Readings == 0 || k < Readings; k++)
            {
                if (cancel.IsCancellationRequested) return false;
                if (_csv != null && k > 0 && k % _csv.RowCount == 0)
                {
                    // The next --epochs pass: the recording again, its first row no continuation of its last.
                    _csv.Rewind();
                    Trainer.StartNewWindow();
                }
                // A step that trained (or, frozen, scored) is a prediction; its class, label and loss are the trainer's.
                if (_session.ReadOnce() && _confusion != null) _confusion.Add((int)Trainer.Actual, (int)Trainer.Prediction, Trainer.LastLoss);
                if (onReading != null) onReading(_session.Readings);
                if (_settings.PeriodMs > 0 && cancel.WaitHandle.WaitOne(_settings.PeriodMs)) return false;
            }
            return true;
        }

        // The closing lines for stderr, each starting with '#' like the device's comment lines.
        private void WriteSummary(TextWriter error)
        {
            HistorySnapshot history = History.Snapshot();
            error.WriteLine("# " + _session.Readings + " readings from " + SourceDescription + ": " + Trainer.Step + " steps, " + history.Reports + " reports"
                + (history.Reports == 0 ? "" : ", avg loss " + DecimalText.Format(history.First.AverageLoss) + " -> " + DecimalText.Format(history.Latest[^1].AverageLoss))
                + ", " + Trainer.Alerts + (Trainer.Alerts == 1 ? " alert" : " alerts") + (_confusion != null ? "" : " (last score " + DecimalText.Format(Trainer.Score) + ")"));
            if (_confusion != null) WriteConfusion(error);
            if (Trainer.BadLabels > 0) error.WriteLine("# " + Trainer.BadLabels + " readings skipped for a bad label (not a whole number from 0 to " + (TrainerSettings.ClassCount - 1) + ")");
            if (Trainer.Recoveries > 0) error.WriteLine("# " + Trainer.Recoveries + " recoveries: a divergent loss restored the last good parameters (and the average with them)");
            if (Trainer.StuckReadings > 0) error.WriteLine("# " + Trainer.StuckReadings + " readings skipped as stuck (a channel repeating one value)");
            if (Trainer.SkippedReadings > 0) error.WriteLine("# " + Trainer.SkippedReadings + " readings skipped by the trainer (not finite)");
            if (Trainer.Outliers > 0) error.WriteLine("# " + Trainer.Outliers + " readings skipped as outliers (far outside the learned range)");
            if (Trainer.Restarts > 0) error.WriteLine("# the network restarted from its seed " + Trainer.Restarts + " times (its last good parameters kept diverging)");
            if (_session.SensorErrors > 0) error.WriteLine("# " + _session.SensorErrors + " sensor reads failed");
            if (_session.SaveErrors > 0) error.WriteLine("# " + _session.SaveErrors + " checkpoint saves failed");
            if (_csv?.Notes != null) error.WriteLine("# " + _settings.Csv + ": " + _csv.Notes);
            if (_csv?.SkippedRows > 0) error.WriteLine("# " + _csv.SkippedRows + " CSV rows skipped (a selected field missing or not a number): " + _csv.SkippedLinesText);
            if (_note != null) error.WriteLine("# " + _note);
            if (_savedLine != null) error.WriteLine(_savedLine);
        }

        /// <summary>A classifier's predictions in this run: row = label, column = predicted class; null for regression.</summary>
        public long[,] Confusion => _confusion?.ToArray();

        /// <summary>A classifier's predictions in this run and their losses; null for regression.</summary>
        public ConfusionMatrix Classification => _confusion;

        // The accuracy twice (the report's, over the latest predictions, and the whole run's), then the confusion matrix
        // of the whole run: a class the network never predicts, or two it confuses, show there and not in one number.
        private void WriteConfusion(TextWriter error)
        {
            long total = _confusion.Total;
            error.WriteLine("# accuracy " + DecimalText.Format(Trainer.Accuracy) + " over the latest " + Math.Min(TrainerSettings.AccuracyWindow, total)
                + " predictions (acc), " + (total == 0 ? "n/a" : DecimalText.Format((float)_confusion.Accuracy)) + " over all " + total + " of the run");
            if (total == 0) return;
            error.WriteLine("# confusion matrix of the run (rows: label, columns: predicted class)");
            foreach (string line in _confusion.TableLines()) error.WriteLine("#   " + line);
        }

        // Without --classes: the largest label in the recording + 1, at least 2 (a file may hold one class only so far).
        private static int ChooseClassCount(CsvSensor csv, int labelChannel, string label)
        {
            if (csv == null) return SyntheticClassSensor.ClassCount;
            int largest = csv.LargestWholeValue(labelChannel);
            if (largest < 0) throw new CliException("--label " + label + ": no row holds a class index (a whole number from 0); set --classes or check the column.");
            if (largest >= SessionSettings.MaxClasses) throw new CliException("--label " + label + ": the largest label is " + largest + "; more than "
                + SessionSettings.MaxClasses + " classes is a typo or not a class column (set --classes to train anyway).");
            return Math.Max(2, largest + 1);
        }

        /// <summary>
        /// Saves the trainer to --save (nothing without it), numbering the saves on from the model it replaces; the summary
        /// then says what was read back from the disk.
        /// </summary>
        /// <exception cref="CliException">the file cannot be written.</exception>
        public void SaveModel()
        {
            if (_modelFile == null) return;
            OnlineTrainer trainer = Trainer;
            _modelFile.Save(trainer.Network, trainer.Optimizer, trainer.Standardizer, trainer.CaptureState(), trainer.Step);
            ModelHeader saved = _modelFile.LastSaved;
            _savedLine = "# saved step " + saved.Step + " to " + _settings.Save + " (" + saved.Size + " bytes, sequence " + saved.Sequence
                + (_modelFile.Saves > 1 ? "; " + (_modelFile.Saves - 1) + " checkpoints during the run" : "") + ")";
        }

        private bool RunWithProgress(IAnsiConsole ansi, string description, CancellationToken cancel)
        {
            return ansi.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                // The hook runs on Spectre's refresh thread; LossHistory.Snapshot is safe against the training thread.
                .UseRenderHook((progress, _) => new Rows(progress, LossView.Render(History.Snapshot(), null, ansi.Profile.Width)))
                .Start(context =>
                {
                    ProgressTask task = context.AddTask(description, true, Readings > 0 ? Readings : 1);
                    task.IsIndeterminate = Readings == 0;
                    bool completed = Run(cancel, readings => task.Value = readings);
                    if (completed) task.Value = task.MaxValue;
                    task.StopTask();
                    context.Refresh();
                    return completed;
                });
        }

        // The network must have the model's shape before it can be loaded into it, so the file decides
        // --hidden, --window and --activation; what the readings decide (channels, --target) must agree with it.
        private static void TakeShapeFrom(ModelHeader model, string path, OnlineTrainerSettings settings)
        {
            string mode = settings.IsClassifier ? "a classifier of " + settings.ClassCount + " classes"
                : settings.TargetChannel < 0 ? "self-supervised on " + settings.ChannelCount + (settings.ChannelCount == 1 ? " channel" : " channels")
                : "supervised, one target";
            // A classifier's softmax outputs are no predictions of readings, nor the reverse, however the counts agree.
            bool modelClassifies = model.OutputActivation == Activation.Softmax;
            if (modelClassifies != settings.IsClassifier)
            {
                throw new CliException("--resume: " + path + (modelClassifies
                    ? " is a classifier (" + model.OutputCount + " softmax outputs); train it on with --label or --sensor classes."
                    : " predicts readings (regression); --label and --sensor classes train a classifier."));
            }
            if (model.OutputCount != settings.OutputCount)
            {
                throw new CliException("--resume: " + path + " has " + model.OutputCount + " outputs; these readings (" + mode + ") need "
                    + settings.OutputCount + ".");
            }
            int valuesPerReading = settings.InputCount / settings.WindowLength;
            if (model.InputCount % valuesPerReading != 0)
            {
                throw new CliException("--resume: " + path + " has " + model.InputCount + " inputs, not a whole window of readings of "
                    + valuesPerReading + " values each (" + mode + ").");
            }
            if (model.StandardizerChannels != 0 && model.StandardizerChannels != settings.ChannelCount)
            {
                throw new CliException("--resume: " + path + " standardizes " + model.StandardizerChannels + " channels; these readings have "
                    + settings.ChannelCount + ".");
            }
            // What its outputs mean is the model's too: one written before version 2 predicts the reading itself.
            if (!settings.IsClassifier && settings.TargetChannel < 0) settings.PredictChange = model.PredictsChange;
            settings.WindowLength = model.InputCount / valuesPerReading;
            // A classifier's window geometry is the model's (files without a trainer state took every reading).
            if (settings.IsClassifier)
            {
                settings.Downsample = model.HasDetectorState ? model.Downsample : 1;
                settings.WindowStride = model.HasDetectorState ? model.WindowStride : 1;
            }
            settings.HiddenCount = model.HiddenCount;
            settings.HiddenActivation = model.HiddenActivation;
        }

        private static string ResumeFrom(OnlineTrainer trainer, byte[] bytes, ModelHeader model, string path, int windowLength)
        {
            // Room for the whole file even when it holds velocities that this trainer (without momentum) does not keep.
            var store = new CheckpointStore(new ModelBytes(bytes), Math.Max(trainer.CheckpointSize, model.Size));
            ModelHeader loaded = trainer.ResumeFrom(store);
            if (loaded.Size == 0) throw new CliException("--resume: cannot load " + path + " (" + store.LastError + ").");
            // ModelFormat.Load keeps the stored optimizer state only when it is of this optimizer's kind, and starts afresh otherwise.
            string stored = loaded.HasAdamMoments ? "Adam moments" : loaded.HasVelocities ? "velocities" : null;
            string kept = trainer.Optimizer.Kind == OptimizerKind.Adam ? "Adam moments" : trainer.Optimizer.State.Length > 0 ? "velocities" : null;
            string velocities = stored == kept ? ""
                : stored == null ? (kept == "velocities" ? "; no velocities stored, momentum starts from 0" : "; no Adam moments stored, Adam starts from t = 0")
                : kept == null ? "; its " + stored + " are not used (--momentum 0)"
                : "; its " + stored + " are not used, " + (kept == "velocities" ? "momentum starts from 0" : "Adam starts from t = 0");
            return "# resumed " + path + " at step " + loaded.Step + " (sequence " + loaded.Sequence + "): network " + loaded.InputCount
                + "-" + loaded.HiddenCount + "-" + loaded.OutputCount + ", " + loaded.HiddenActivation + ", window " + windowLength
                + (loaded.Downsample > 1 ? " points of " + loaded.Downsample + " readings" : "") + (loaded.WindowStride > 1 ? ", stride " + loaded.WindowStride : "")
                + (loaded.PredictsChange ? ", predicts the change" : "") + velocities;
        }

        private static int ChooseReadings(int? requested, int available, out string note)
        {
            note = null;
            // The synthetic sensor never runs out: 5000 readings, well under a second, unless told otherwise.
            if (available == 0) return requested ?? 5000;
            if (requested == null || requested == 0) return available;
            if (requested > available)
            {
                note = "--readings " + requested.Value.ToString(CultureInfo.InvariantCulture) + " is more than the recording's "
                    + available + " rows; took " + available + ".";
                return available;
            }
            return requested.Value;
        }
    }
}
