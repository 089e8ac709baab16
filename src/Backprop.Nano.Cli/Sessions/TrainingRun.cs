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

        private TrainingRun(SensorSource source, TrainingSession session, LossHistory history, int readings, int periodMs, string note)
        {
            Source = source;
            _session = session;
            History = history;
            Readings = readings;
            _periodMs = periodMs;
            _note = note;
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

        /// <summary>Builds the run <paramref name="settings"/> describe; each report goes to <see cref="History"/>, then to <paramref name="output"/>.</summary>
        /// <exception cref="CliException">the source cannot be opened or the trainer rejects the settings.</exception>
        public static TrainingRun Create(SessionSettings settings, IReportSink output)
        {
            SensorSource source = SensorSource.Open(settings);
            OnlineTrainerSettings trainerSettings = settings.BuildTrainerSettings(source.Sensor.ChannelCount, source.TargetChannel);
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
            int readings = ChooseReadings(settings.Readings, source.AvailableReadings, out string note);
            return new TrainingRun(source, new TrainingSession(source.Sensor, trainer), history, readings, settings.PeriodMs, note);
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
