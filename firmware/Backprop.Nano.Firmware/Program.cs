using System;
using System.Threading;

namespace Backprop.Nano.Firmware
{
    /// <summary>
    /// Trains the network on the device, forever: sensor readings in, one report line per
    /// ReportInterval steps out over the UART. All learning logic is in the Backprop.Nano library.
    /// </summary>
    public class Program
    {
        // Long enough to read the error line and for a transient cause (a flash still mounting)
        // to pass; short enough that a board left alone is soon training again.
        private const int RestartDelayMilliseconds = 10000;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            FirmwareSettings settings = new FirmwareSettings();
            // Nothing can be reported without the UART: if opening it fails, only the debugger sees why.
            SerialReportSink sink = new SerialReportSink(settings.PortName, settings.TxPin, settings.RxPin, settings.BaudRate);
            // Opened once: a pin cannot be opened again when training restarts.
            AlertOutput alert = settings.AlertPin >= 0 ? new AlertOutput(settings.AlertPin) : null;
            FleetLink fleet = settings.FleetEnabled ? JoinFleet(settings, sink) : null;
            bool benchmark = settings.RunBenchmarkAtStart;
            while (true)
            {
                try
                {
                    Train(settings, sink, alert, fleet, benchmark);
                }
                catch (Exception e)
                {
                    // TrainingSession survives sensor and checkpoint failures, so this is a start-up
                    // failure (bad settings, out of memory) or a bug. Without nanoFramework.Runtime.Native
                    // there is no reboot; building everything again is the same, and resumes from the
                    // last checkpoint. With no debugger attached the UART is the only place anyone looks.
                    sink.Comment("# error " + e.GetType().Name + " " + e.Message + ", restarting in "
                        + RestartDelayMilliseconds / 1000 + " s");
                    Thread.Sleep(RestartDelayMilliseconds);
                }
                benchmark = false;
            }
        }

        // Builds the sensor, trainer and session, resumes from flash, and trains (or, as a detector, scores) forever.
        // Returns only when the detector mode found no model to load, having switched it off.
        private static void Train(FirmwareSettings settings, SerialReportSink sink, AlertOutput alert, FleetLink fleet, bool benchmark)
        {
            ISensor sensor;
            if (settings.UseAdc)
            {
                sensor = new AdcSensor(settings.AdcChannels, settings.LabelChannel, settings.ClassCount);
                settings.Trainer.LabelChannel = settings.LabelChannel;
                settings.Trainer.ClassCount = settings.ClassCount;
            }
            else if (settings.SyntheticClasses)
            {
                sensor = SyntheticClassSensor.CreateDefault();
                settings.Trainer.LabelChannel = SyntheticClassSensor.LabelChannel;
                settings.Trainer.ClassCount = SyntheticClassSensor.ClassCount;
            }
            else
            {
                sensor = SyntheticSensor.CreateDefault();
            }
            settings.Trainer.ChannelCount = sensor.ChannelCount;
            settings.Trainer.FreezeLearning = settings.DetectorMode;
            OnlineTrainer trainer = new OnlineTrainer(settings.Trainer, fleet != null ? (IReportSink)new FleetReportSink(sink, fleet) : sink);
            TrainingSession session = new TrainingSession(sensor, trainer);

            sink.Comment(StartupLine(settings));
            if (benchmark)
            {
                for (int k = 0; k < BenchmarkShapes.Count; k++)
                {
                    sink.WriteLine(DeviceBenchmark.Run(BenchmarkShapes.InputCount(k), BenchmarkShapes.HiddenCount(k),
                        BenchmarkShapes.OutputCount(k), settings.BenchmarkSteps));
                }
                sink.WriteLine(DeviceBenchmark.RunReadings(settings.BenchmarkSteps));
            }
            bool modelLoaded = false;
            if (settings.CheckpointDrive.Length > 0)
            {
                var storage = new FlashCheckpointStorage(settings.CheckpointDrive);
                // Room for a checkpoint of any optimizer: a board switched from Adam to SGD still resumes its weights.
                session.Checkpoints = new CheckpointStore(storage, trainer.LoadableCheckpointSize);
                session.CheckpointInterval = settings.CheckpointInterval;
                sink.Comment("# checkpoints every " + settings.CheckpointInterval + " steps in " + storage.PathOf(0) + " and " + storage.PathOf(1));
                modelLoaded = session.Resume().Size > 0;
                if (settings.DetectorMode && modelLoaded)
                {
                    // The loaded model is the reference: a detector never overwrites it.
                    session.Checkpoints = null;
                    sink.Comment("# detector mode, learning frozen");
                }
            }
            if (settings.DetectorMode && !modelLoaded)
            {
                sink.Comment("# detector mode needs a trained model in the checkpoint files, none loaded, learning instead");
                settings.DetectorMode = false;
                return;
            }
            if (fleet != null) fleet.Attach(trainer, !settings.DetectorMode);
            int period = settings.SamplePeriodMilliseconds;
            while (true)
            {
                session.ReadOnce();
                if (fleet != null) fleet.Poll();
                if (alert != null) alert.Show(trainer.AlertActive);
                if (period > 0) Thread.Sleep(period);
            }
        }

        // Once per boot, since the link's thread and Wi-Fi outlive a rebuilt trainer. Bad fleet settings
        // leave the board training from its UART alone; the reason names the setting, never a password.
        private static FleetLink JoinFleet(FirmwareSettings settings, SerialReportSink sink)
        {
            try
            {
                return new FleetLink(settings, sink);
            }
            catch (ArgumentException e)
            {
                sink.Comment("# fleet off, " + e.Message);
            }
            catch (Exception e)
            {
                sink.Comment("# fleet off, " + e.GetType().Name);
            }
            return null;
        }

        // A comment line ('#' first, which the monitor ignores), without ':' so that the
        // Arduino Serial Plotter does not take it for a key:value pair.
        private static string StartupLine(FirmwareSettings settings)
        {
            OnlineTrainerSettings t = settings.Trainer;
            string source;
            if (settings.UseAdc)
            {
                source = settings.AdcChannels.Length == 1 ? "ADC channel" : "ADC channels";
                for (int c = 0; c < settings.AdcChannels.Length; c++)
                {
                    source += " " + settings.AdcChannels[c];
                }
            }
            else
            {
                source = settings.SyntheticClasses ? "synthetic three-class sensor" : "synthetic sensor";
            }
            if (t.LabelChannel >= 0) source += ", classifier of " + t.ClassCount + " classes (label channel " + t.LabelChannel + ")";
            return "# Backprop.Nano firmware " + t.InputCount + "-" + t.HiddenCount + "-" + t.OutputCount
                + ", " + source + ", every " + settings.SamplePeriodMilliseconds + " ms, report every "
                + t.ReportInterval + " steps" + (settings.DetectorMode ? ", detector mode" : "")
                + (settings.AlertPin >= 0 ? ", alert on GPIO " + settings.AlertPin : "");
        }
    }
}
