using System;
using System.Threading;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// A board of a fleet, simulated: the synthetic sensor (its own seed and phase), the firmware's trainer, and the fleet glue
    /// a board runs: each report line published to .../report, its model to .../model every <c>modelEvery</c> steps with the
    /// samples trained since the last global model, and the global model taken when it arrives (replace or blend): the
    /// firmware's <see cref="FleetMember"/>. Without the broker it trains on; publishing fails and is counted.
    /// </summary>
    internal sealed class SimulatedBoard : IDisposable
    {
        private readonly ISensor _sensor;
        private readonly float[] _reading;
        private readonly float _blend;
        private readonly int _modelEvery;
        private readonly string _reportTopic, _modelTopic;
        private readonly FleetClient _client;
        private readonly CancellationToken _cancel;
        // Written on MQTTnet's thread, taken on the training thread between two readings.
        private byte[] _pendingGlobal;
        private long _stepAtModel;

        /// <summary>
        /// Board <paramref name="device"/> of <paramref name="broker"/>'s fleet, its sensor started <paramref name="phaseReadings"/>
        /// readings into its cycle; <paramref name="broker"/> null for a board that is never connected.
        /// </summary>
        public SimulatedBoard(Broker broker, string device, OnlineTrainerSettings settings, uint sensorSeed, int phaseReadings,
            float blend, int modelEvery, TimeSpan maximumBackoff, CancellationToken cancel)
        {
            Device = device;
            _blend = blend;
            _modelEvery = modelEvery;
            _cancel = cancel;
            _sensor = new SyntheticSensor(settings.ChannelCount, sensorSeed, 20f);
            _reading = new float[settings.ChannelCount];
            for (int k = 0; k < phaseReadings; k++) _sensor.Read(_reading);
            Trainer = new OnlineTrainer(settings, new ActionReportSink(PublishReport, null));
            Member = new FleetMember(Trainer, false);
            if (broker == null) return;
            _reportTopic = FleetTopics.Report(broker.Fleet, device);
            _modelTopic = FleetTopics.Model(broker.Fleet, device);
            _client = new FleetClient(broker, "bpnano-" + broker.Fleet + "-" + device, new[] { FleetTopics.Global(broker.Fleet) },
                (topic, payload) => Volatile.Write(ref _pendingGlobal, payload), TimeSpan.FromMilliseconds(100), maximumBackoff);
        }

        public string Device { get; }

        public OnlineTrainer Trainer { get; }

        public FleetMember Member { get; }

        public GlobalModelReceiver Receiver => Member.Receiver;

        public FleetClient Client => _client;

        public int ReportsPublished { get; private set; }

        public int ModelsPublished { get; private set; }

        /// <summary>Connects (or keeps trying in the background); see <see cref="FleetClient.Connect"/>.</summary>
        public void Connect() => _client?.Connect(_cancel);

        /// <summary>One reading: takes a global model that arrived since the last one, trains, publishes what is due.</summary>
        public void ReadOnce()
        {
            byte[] global = Interlocked.Exchange(ref _pendingGlobal, null);
            if (global != null) Member.TakeGlobal(global, 0, global.Length, _blend);
            _sensor.Read(_reading);
            Trainer.AddReading(_reading);
            if (_client != null && Trainer.Step - _stepAtModel >= _modelEvery) PublishModel();
        }

        /// <summary>Publishes the model now (with the samples since the last global model); false when the broker did not take it.</summary>
        public bool PublishModel()
        {
            _stepAtModel = Trainer.Step;
            int size = Member.WriteModel();
            if (!_client.Publish(_modelTopic, Member.ModelBuffer, size, false, _cancel)) return false;
            ModelsPublished++;
            return true;
        }

        public void Dispose() => _client?.Dispose();

        private void PublishReport(TrainingReport report)
        {
            if (_client == null) return;
            byte[] line = System.Text.Encoding.ASCII.GetBytes(ReportLine.Format(report));
            if (_client.Publish(_reportTopic, line, line.Length, false, _cancel)) ReportsPublished++;
        }
    }
}
