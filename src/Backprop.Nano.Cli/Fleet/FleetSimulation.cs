using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano simulate --mqtt: a fleet of <see cref="SimulatedBoard"/>s, each with its own sensor seed and phase, taking one
    /// reading each in turn (so N boards at --period-ms each take a reading per period), until --readings or Ctrl+C.
    /// </summary>
    internal sealed class FleetSimulation
    {
        /// <summary>The most boards one simulate runs (each is a broker connection).</summary>
        public const int MaximumDevices = 1000;

        private readonly SimulateCommand.Settings _settings;

        public FleetSimulation(SimulateCommand.Settings settings)
        {
            _settings = settings;
        }

        /// <summary>Board k's device name (k from 1).</summary>
        public static string DeviceName(string prefix, int k) => prefix + "-" + k.ToString(CultureInfo.InvariantCulture);

        /// <summary>Readings board k of n skips at start: the boards spread evenly over the sensor's main period (200 readings).</summary>
        public static int PhaseReadings(int k, int n) => (k - 1) * 200 / n;

        /// <summary>Runs the fleet; true when every board took --readings (false when stopped first).</summary>
        public bool Run(CliConsole console, CancellationToken cancel)
        {
            Broker broker = Broker.From(_settings);
            OnlineTrainerSettings trainerSettings = _settings.BuildTrainerSettings(1, -1);
            var boards = new List<SimulatedBoard>();
            try
            {
                for (int k = 1; k <= _settings.Devices; k++)
                {
                    // One initial network for all (--seed), as boards flashed with one firmware: FedAvg averages models that
                    // grew from a shared start (McMahan et al.); averaging independently initialised networks gives a poor first
                    // global model, which the boards' divergence guard then undoes. Each sensor has its own seed and phase.
                    var board = new SimulatedBoard(broker, DeviceName(_settings.DevicePrefix, k), trainerSettings, unchecked(_settings.Seed + (uint)k), PhaseReadings(k, _settings.Devices),
                        _settings.Blend, _settings.ModelEvery, TimeSpan.FromSeconds(10), cancel);
                    string device = board.Device;
                    board.Client.Status = message => console.Error.WriteLine("# " + device + ": " + message);
                    boards.Add(board);
                    board.Connect();
                }
                console.Error.WriteLine("# simulating " + boards.Count + " boards of fleet " + broker.Fleet + " on " + broker + " (blend "
                    + _settings.Blend.ToString(CultureInfo.InvariantCulture) + ", a model every " + _settings.ModelEvery + " steps)");
                int readings = _settings.Readings ?? 5000;
                bool completed = true;
                for (int reading = 0; readings == 0 || reading < readings; reading++)
                {
                    if (cancel.IsCancellationRequested)
                    {
                        completed = false;
                        break;
                    }
                    foreach (SimulatedBoard board in boards) board.ReadOnce();
                    if (_settings.PeriodMs > 0 && cancel.WaitHandle.WaitOne(_settings.PeriodMs))
                    {
                        completed = false;
                        break;
                    }
                }
                // The last steps' models too, so that an aggregator sees where every board ended.
                foreach (SimulatedBoard board in boards) board.PublishModel();
                foreach (SimulatedBoard board in boards) console.Error.WriteLine(Summary(board));
                return completed;
            }
            finally
            {
                foreach (SimulatedBoard board in boards) board.Dispose();
            }
        }

        private static string Summary(SimulatedBoard board) =>
            "# " + board.Device + ": " + board.Trainer.Step + " steps, avg loss " + DecimalText.Format(board.Trainer.AverageLoss) + ", "
            + board.Trainer.Recoveries + " recoveries, "
            + board.Member.Taken + " global models taken (" + board.Receiver.Rejected + " rejected, "
            + board.Member.Refused + " refused as worse on its own data), " + board.ModelsPublished + " models and "
            + board.ReportsPublished + " reports published, " + board.Client.FailedPublishes + " publishes failed, " + board.Client.Reconnects + " reconnects";
    }
}
