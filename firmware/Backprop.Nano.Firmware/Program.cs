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
        /// <summary>Entry point.</summary>
        public static void Main()
        {
            FirmwareSettings settings = new FirmwareSettings();
            SerialReportSink sink = new SerialReportSink(settings.PortName, settings.TxPin, settings.RxPin, settings.BaudRate);
            try
            {
                ISensor sensor = settings.UseAdc
                    ? (ISensor)new AdcSensor(settings.AdcChannels)
                    : SyntheticSensor.CreateDefault();
                settings.Trainer.ChannelCount = sensor.ChannelCount;
                OnlineTrainer trainer = new OnlineTrainer(settings.Trainer, sink);
                TrainingSession session = new TrainingSession(sensor, trainer);

                sink.WriteLine(StartupLine(settings));
                if (settings.RunBenchmarkAtStart)
                {
                    for (int k = 0; k < DeviceBenchmark.Shapes.Length; k += 3)
                    {
                        int[] shape = DeviceBenchmark.Shapes;
                        sink.WriteLine(DeviceBenchmark.Run(shape[k], shape[k + 1], shape[k + 2], settings.BenchmarkSteps));
                    }
                }
                if (settings.CheckpointDrive.Length > 0)
                {
                    var storage = new FlashCheckpointStorage(settings.CheckpointDrive);
                    session.Checkpoints = new CheckpointStore(storage, trainer.CheckpointSize);
                    session.CheckpointInterval = settings.CheckpointInterval;
                    ModelHeader resumed = trainer.ResumeFrom(session.Checkpoints);
                    sink.WriteLine(resumed.Size > 0
                        ? "# resumed from " + storage.PathOf(session.Checkpoints.LoadedSlot) + " at step " + resumed.Step
                        : "# starting fresh (" + session.Checkpoints.LastError + ")");
                }
                session.Run(0, settings.SamplePeriodMilliseconds);
            }
            catch (Exception e)
            {
                // With no debugger attached the UART is the only place anyone looks.
                sink.WriteLine("# error " + e.GetType().Name + " " + e.Message);
                Thread.Sleep(Timeout.Infinite);
            }
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
                source = "synthetic sensor";
            }
            return "# Backprop.Nano firmware " + t.InputCount + "-" + t.HiddenCount + "-" + t.OutputCount
                + ", " + source + ", every " + settings.SamplePeriodMilliseconds + " ms, report every "
                + t.ReportInterval + " steps";
        }
    }
}
