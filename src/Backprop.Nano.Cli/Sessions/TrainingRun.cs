using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The firmware's main loop on the desktop: the chosen sensor, an <see cref="OnlineTrainer"/> shaped by
    /// the options and the <see cref="TrainingSession"/> joining them. train and simulate differ only in
    /// where the reports go.
    /// </summary>
    public sealed class TrainingRun
    {
        private readonly TrainingSession _session;
        private readonly int _periodMs;
        private readonly string _note;
        private readonly ModelFile _saveFile;
        private readonly CheckpointStore _saveStore;
        private string _savedLine;

        private TrainingRun(SensorSource source, TrainingSession session, LossHistory history, int readings, int periodMs, string note,
            string resumedLine, ModelFile saveFile, CheckpointStore saveStore)
        {
            Source = source;
            _session = session;
            History = history;
            Readings = readings;
            _periodMs = periodMs;
            _note = note;
            ResumedLine = resumedLine;
            _saveFile = saveFile;
            _saveStore = saveStore;
        }

        /// <summary>Where the readings come from.</summary>
        public SensorSource Source { get; }

        /// <summary>The trainer.</summary>
        public OnlineTrainer Trainer
        {
            get { return _session.Trainer; }
        }

        /// <summary>Every report so far (the live views and the summary read it).</summary>
        public LossHistory History { get; }

        /// <summary>Readings this run takes; 0: until cancelled.</summary>
        public int Readings { get; }

        /// <summary>Readings taken so far.</summary>
        public int ReadingsTaken
        {
            get { return _session.Readings; }
        }

        /// <summary>What --resume loaded, as a '#' line for stderr; null without --resume.</summary>
        public string ResumedLine { get; }

        /// <summary>
        /// Builds the run <paramref name="settings"/> describe; each report goes to <see cref="History"/>, then to
        /// <paramref name="output"/>. With --resume the trainer already holds the model file's state.
        /// </summary>
        /// <exception cref="CliException">the source or a model file cannot be used, or the trainer rejects the settings.</exception>
        public static TrainingRun Create(SessionSettings settings, IReportSink output)
        {
            SensorSource source = SensorSource.Open(settings);
            OnlineTrainerSettings trainerSettings = settings.BuildTrainerSettings(source.Sensor.ChannelCount, source.TargetChannel);
            var resumed = new ModelHeader();
            if (settings.Resume != null)
            {
                resumed = ModelFile.ReadHeader(settings.Resume, "--resume");
                TakeShapeFrom(resumed, settings.Resume, trainerSettings);
            }
            // Refused before training rather than after: a typo must not cost the run, nor replace a file that is no model.
            if (settings.Save != null) ModelFile.CheckReplaceable(settings.Save, "--save");

            var history = new LossHistory();
            IReportSink sink = new ActionReportSink(report =>
            {
                history.Report(report);
                if (output != null) output.Report(report);
            });
            OnlineTrainer trainer;
            try
            {
                trainer = new OnlineTrainer(trainerSettings, sink);
            }
            catch (ArgumentException e)
            {
                throw new CliException("the trainer rejects these settings: " + e.Message, e);
            }
            string resumedLine = settings.Resume != null ? ResumeFrom(trainer, resumed, settings.Resume, trainerSettings.WindowLength) : null;

            var session = new TrainingSession(source.Sensor, trainer);
            ModelFile saveFile = null;
            CheckpointStore saveStore = null;
            if (settings.Save != null)
            {
                saveFile = new ModelFile(settings.Save);
                // Room for the resumed model too: when --save names the same file, the store reads it whole and
                // numbers the saves on from its sequence instead of starting again at 1.
                saveStore = new CheckpointStore(saveFile, Math.Max(trainer.CheckpointSize, resumed.Size));
                if (settings.CheckpointEvery != null)
                {
                    session.Checkpoints = saveStore;
                    session.CheckpointInterval = settings.CheckpointEvery.Value;
                }
            }
            int readings = ChooseReadings(settings.Readings, source.AvailableReadings, out string note);
            return new TrainingRun(source, session, history, readings, settings.PeriodMs, note, resumedLine, saveFile, saveStore);
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
                _session.ReadOnce();
                if (onReading != null) onReading(_session.Readings);
                if (_periodMs > 0 && cancel.WaitHandle.WaitOne(_periodMs)) return false;
            }
            return true;
        }

        /// <summary>The closing lines for stderr, each starting with '#' like the device's comment lines.</summary>
        public IEnumerable<string> SummaryLines()
        {
            TrainingReport[] reports = History.Snapshot();
            string line = "# " + ReadingsTaken + " readings from " + Source.Description + ": " + Trainer.Step + " steps, "
                + reports.Length + " reports";
            if (reports.Length > 0)
            {
                line += ", avg loss " + DecimalText.Format(reports[0].AverageLoss) + " -> " + DecimalText.Format(reports[reports.Length - 1].AverageLoss);
            }
            yield return line;
            if (Trainer.SkippedReadings > 0) yield return "# " + Trainer.SkippedReadings + " readings skipped by the trainer (not finite)";
            if (Source.SkippedRows > 0) yield return "# " + Source.SkippedRows + " CSV rows skipped (a selected field missing or not a number)";
            if (_note != null) yield return "# " + _note;
            if (_savedLine != null) yield return _savedLine;
        }

        /// <summary>
        /// Saves the trainer to --save (nothing without it), to be called however the run ended; the summary then
        /// says so. The file is read back and validated, so the line reports what is really on disk.
        /// </summary>
        /// <exception cref="CliException">the file cannot be written.</exception>
        public void SaveModel()
        {
            if (_saveStore == null) return;
            Trainer.SaveCheckpoint(_saveStore);
            ModelHeader saved = ModelFile.ReadHeader(_saveFile.Path, "--save");
            _savedLine = "# saved step " + saved.Step + " to " + _saveFile.Path + " (" + saved.Size + " bytes, sequence " + saved.Sequence
                + (_saveFile.Writes > 1 ? "; " + (_saveFile.Writes - 1) + " checkpoints during the run" : "") + ")";
        }

        // The network must have the model's shape before it can be loaded into it, so the file decides
        // --hidden, --window and --activation; what the readings decide (channels, --target) must agree with it.
        private static void TakeShapeFrom(ModelHeader model, string path, OnlineTrainerSettings settings)
        {
            string mode = settings.TargetChannel < 0
                ? "self-supervised on " + settings.ChannelCount + (settings.ChannelCount == 1 ? " channel" : " channels")
                : "supervised, one target";
            if (model.OutputCount != settings.OutputCount)
            {
                throw new CliException("--resume: " + path + " has " + model.OutputCount + " outputs; these readings (" + mode + ") need "
                    + settings.OutputCount + ".");
            }
            if (model.OutputActivation != Activation.Identity)
            {
                throw new CliException("--resume: " + path + " has a " + model.OutputActivation + " output layer; the trainer's is Identity.");
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
            settings.WindowLength = model.InputCount / valuesPerReading;
            settings.HiddenCount = model.HiddenCount;
            settings.HiddenActivation = model.HiddenActivation;
        }

        private static string ResumeFrom(OnlineTrainer trainer, ModelHeader model, string path, int windowLength)
        {
            // Room for the whole file even when it holds velocities that this trainer (without momentum) does not keep.
            var store = new CheckpointStore(new ModelFile(path), Math.Max(trainer.CheckpointSize, model.Size));
            ModelHeader loaded = trainer.ResumeFrom(store);
            if (loaded.Size == 0) throw new CliException("--resume: cannot load " + path + " (" + store.LastError + ").");
            bool keepsVelocities = trainer.Optimizer.Velocities != null;
            string velocities = loaded.HasVelocities == keepsVelocities ? ""
                : keepsVelocities ? "; no velocities stored, momentum starts from 0"
                : "; its velocities are not used (--momentum 0)";
            return "# resumed " + path + " at step " + loaded.Step + " (sequence " + loaded.Sequence + "): network " + loaded.InputCount
                + "-" + loaded.HiddenCount + "-" + loaded.OutputCount + ", " + loaded.HiddenActivation + ", window " + windowLength + velocities;
        }

        private static int ChooseReadings(int? requested, int available, out string note)
        {
            note = null;
            if (available == 0) return requested ?? SessionSettings.DefaultSyntheticReadings;
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
