using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// The anomaly detector's own state: the level-drift sums, what a checkpoint keeps of the detector so a reboot judges
    /// on, and settings that only report never changing what is learned.
    /// </summary>
    [TestClass]
    public class DetectorStateTests
    {
        private const float Slack = 2f, Limit = 30f;

        [TestMethod]
        public void A_level_held_beyond_the_slack_drifts_after_limit_over_excess_readings()
        {
            var drift = new LevelDrift(1, Slack, Limit);
            float[] z = { Slack + 1f };
            // S+ grows by z - k = 1 per reading: it reaches h on reading 30.
            for (int k = 1; k < 30; k++) Assert.IsFalse(drift.Add(z), "not yet at reading " + k);
            Assert.IsTrue(drift.Add(z), "reading 30");
            Assert.AreEqual(1f, drift.Score, "score is the largest sum over h");
        }

        [TestMethod]
        public void Readings_within_the_slack_never_drift_and_a_drift_lasts_until_its_sum_is_back_to_zero()
        {
            var drift = new LevelDrift(2, Slack, Limit);
            float[] z = new float[2];
            var random = new Random(3);
            for (int k = 0; k < 10000; k++)
            {
                z[0] = (float)(random.NextDouble() * 2.0 * Slack - Slack);
                z[1] = -z[0];
                Assert.IsFalse(drift.Add(z), "within the slack, reading " + k);
            }
            Assert.AreEqual(0f, drift.High[0] + drift.Low[0] + drift.High[1] + drift.Low[1], "no sum builds up within the slack");

            // Channel 1 sinks: S- reaches the cap 2h and then, with the level back, takes 2h / k readings to empty.
            z[0] = 0f;
            z[1] = -10f;
            for (int k = 0; k < 20; k++) drift.Add(z);
            Assert.AreEqual(2f * Limit, drift.Low[1], "capped at 2h");
            z[1] = 0f;
            int readings = 0;
            while (drift.Add(z)) readings++;
            Assert.AreEqual(29, readings, "still drifting while S- is above 0 (60, 58, ... 2)");
            Assert.AreEqual(0f, drift.Low[1], "ended at 0");
        }

        [TestMethod]
        public void Settings_are_checked()
        {
            Expect.ThrowsArgument("slack", () => new LevelDrift(1, 0f, Limit), "slack 0");
            Expect.ThrowsArgument("limit", () => new LevelDrift(1, Slack, float.PositiveInfinity), "infinite limit");
            Expect.ThrowsArgument("DriftLimit", () => new OnlineTrainer(new OnlineTrainerSettings { DriftLimit = -1f }, null), "negative DriftLimit");
        }

        [TestMethod]
        public void The_report_interval_changes_what_is_printed_never_what_is_learned()
        {
            // Spikes and a blown-up learning rate, so that alerts, pauses, recoveries and the rate's regrowth all take part.
            OnlineTrainer every = RunWithReportsEvery(1), hundred = RunWithReportsEvery(100), odd = RunWithReportsEvery(37);
            Expect.SameValues(every.Network.Parameters, hundred.Network.Parameters, "weights, reports every 1 and every 100");
            Expect.SameValues(every.Network.Parameters, odd.Network.Parameters, "weights, reports every 1 and every 37");
            Assert.AreEqual(every.Alerts, hundred.Alerts, "alerts");
            Assert.AreEqual(every.Recoveries, hundred.Recoveries, "recoveries");
            Assert.AreEqual(TrainingTests.Bits(every.Score), TrainingTests.Bits(hundred.Score), "score");
            Assert.IsTrue(every.Alerts > 0 && every.Recoveries > 0, "the run had alerts (" + every.Alerts + ") and recoveries (" + every.Recoveries + "), loss " + every.LastLoss + " avg " + every.AverageLoss + " lr " + every.Optimizer.LearningRate + " alert " + every.AlertActive);
        }

        [TestMethod]
        public void A_divergence_recovery_raises_an_alert()
        {
            // A threshold no score reaches: every alert here is a recovery's.
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { AlertThreshold = 1e30f }, null);
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            session.Run(2000, 0);
            Assert.AreEqual(0, trainer.Alerts, "no alert on clean readings");
            trainer.Optimizer.LearningRate = 100f;
            session.Run(2000, 0);
            Assert.IsTrue(trainer.Recoveries > 0, "recoveries: " + trainer.Recoveries);
            Assert.IsTrue(trainer.Alerts > 0, "a recovery is an alert, never a silent drop: " + trainer.Alerts + " alerts");
        }

        [TestMethod]
        public void A_reboot_keeps_the_detector_and_a_fault_right_after_it_is_caught()
        {
            var settings = new OnlineTrainerSettings();
            var storage = new MemoryCheckpointStorage();
            var sensor = new StepSensor();
            var before = new OnlineTrainer(settings, null);
            new TrainingSession(sensor, before).Run(3000, 0);
            var store = new CheckpointStore(storage, before.CheckpointSize);
            before.SaveCheckpoint(store);
            TrainerState saved = before.CaptureState();
            float level = saved.LossLevel, spread = saved.LossSpread;

            var after = new OnlineTrainer(settings, null);
            Assert.AreEqual(before.Step, after.ResumeFrom(new CheckpointStore(storage, after.CheckpointSize)).Step, "resumed");
            TrainerState loaded = after.CaptureState();
            Assert.AreEqual(saved.ScoredLosses, loaded.ScoredLosses, "losses scored");
            Assert.AreEqual(TrainingTests.Bits(level), TrainingTests.Bits(loaded.LossLevel), "typical loss");
            Assert.AreEqual(TrainingTests.Bits(spread), TrainingTests.Bits(loaded.LossSpread), "typical spread");

            // The step comes two readings after the window is full again.
            sensor.StepFrom = sensor.Index + settings.WindowLength + 2;
            var session = new TrainingSession(sensor, after);
            session.Run(settings.WindowLength + 4, 0);
            Assert.IsTrue(after.AlertActive, "alerted " + (settings.WindowLength + 4) + " readings after the reboot, score " + after.Score);

            // A file without the detector, as version 1 wrote them (readings predicted, not changes): it loads, the score
            // starts afresh, and the same step right after the reboot goes unjudged.
            var oldSettings = new OnlineTrainerSettings { PredictChange = false };
            var oldSensor = new StepSensor();
            var old = new OnlineTrainer(oldSettings, null);
            new TrainingSession(oldSensor, old).Run(3000, 0);
            var bare = new MemoryCheckpointStorage();
            new CheckpointStore(bare, ModelFormat.SizeFor(old.Network, old.Optimizer, old.Standardizer)).Save(old.Network, old.Optimizer, old.Standardizer, old.Step);
            var fresh = new OnlineTrainer(oldSettings, null);
            Assert.AreEqual(old.Step, fresh.ResumeFrom(new CheckpointStore(bare, fresh.CheckpointSize)).Step, "an old file loads");
            Assert.AreEqual(0, fresh.CaptureState().ScoredLosses, "its score starts afresh");
            oldSensor.StepFrom = oldSensor.Index + settings.WindowLength + 2;
            new TrainingSession(oldSensor, fresh).Run(settings.WindowLength + 4, 0);
            Assert.IsFalse(fresh.AlertActive, "without the detector's state the step is not judged yet");
        }

        [TestMethod]
        public void The_detector_state_round_trips_and_bad_values_are_rejected()
        {
            var network = new TwoLayerNetwork(4, 5, 1, Activation.Tanh, Activation.Identity);
            network.Initialize(2u);
            var standardizer = new OnlineStandardizer(2);
            standardizer.Update(new float[] { 1f, 2f });
            standardizer.Update(new float[] { 3f, 5f });
            var state = new TrainerState(2) { PredictsChange = true, ScoredLosses = 77, LossLevel = 0.25f, LossSpread = 0.125f, Downsample = 15, WindowStride = 21 };
            state.DriftHigh[0] = 3f;
            state.DriftLow[1] = 12.5f;
            int size = ModelFormat.SizeFor(network, null, standardizer, state);
            Assert.AreEqual(ModelFormat.SizeFor(network, null, standardizer) + 4 * (5 + 2 * 2), size, "count, level, spread, downsample, stride and two sums per channel");
            var bytes = new byte[size];
            ModelFormat.Save(bytes, 0, network, null, standardizer, state, 10, 1u);
            Assert.AreEqual((byte)1, bytes[23], "byte 23, bit 0: the outputs are the change since the last reading");

            var loaded = new TrainerState(2) { PredictsChange = true, Downsample = 15, WindowStride = 21 };
            ModelHeader header = ModelFormat.Load(bytes, 0, size, new TwoLayerNetwork(4, 5, 1, Activation.Tanh, Activation.Identity), null,
                new OnlineStandardizer(2), loaded);
            Assert.IsTrue(header.PredictsChange && header.HasDetectorState, "header");
            Assert.AreEqual(15, header.Downsample, "downsample in the header read");
            Assert.AreEqual(21, header.WindowStride, "window stride in the header read");
            Assert.IsTrue(loaded.HasDetector, "detector loaded");
            Assert.AreEqual(77, loaded.ScoredLosses, "count");
            Assert.AreEqual(0.25f, loaded.LossLevel, "level");
            Assert.AreEqual(0.125f, loaded.LossSpread, "spread");
            Expect.SameValues(state.DriftHigh, loaded.DriftHigh, "S+");
            Expect.SameValues(state.DriftLow, loaded.DriftLow, "S-");

            // A trainer that predicts the reading itself does not take a model of changes.
            var other = new TrainerState(2);
            Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Load(bytes, 0, size,
                new TwoLayerNetwork(4, 5, 1, Activation.Tanh, Activation.Identity), null, new OnlineStandardizer(2), other), "outputs mismatch");

            // Nor does a trainer whose windows are built otherwise.
            var otherWindows = new TrainerState(2) { PredictsChange = true, Downsample = 15, WindowStride = 1 };
            Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Load(bytes, 0, size,
                new TwoLayerNetwork(4, 5, 1, Activation.Tanh, Activation.Identity), null, new OnlineStandardizer(2), otherWindows), "window mismatch");

            // The geometry lies after the count, level and spread, at the start of the trainer state.
            int geometryOffset = size - 4 - 4 * 4 - 8;
            uint[] badGeometry = { 0u, 65536u, uint.MaxValue };
            for (int k = 0; k < badGeometry.Length; k++)
            {
                byte[] bad = new byte[size];
                Array.Copy(bytes, bad, size);
                LittleEndian.WriteUInt32(bad, geometryOffset + 4 * (k % 2), badGeometry[k]);
                LittleEndian.WriteUInt32(bad, size - 4, Crc32.Compute(bad, 0, size - 4));
                Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Validate(bad, 0, size), "downsample or stride " + badGeometry[k]);
            }

            float[] hostile = { -1f, float.NaN, 2e6f };
            int sumOffset = size - 4 - 4 * 4;
            for (int k = 0; k < hostile.Length; k++)
            {
                byte[] bad = new byte[size];
                Array.Copy(bytes, bad, size);
                LittleEndian.WriteSingle(bad, sumOffset, hostile[k]);
                LittleEndian.WriteUInt32(bad, size - 4, Crc32.Compute(bad, 0, size - 4));
                Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Validate(bad, 0, size), "drift sum " + hostile[k]);
            }
        }

        private static OnlineTrainer RunWithReportsEvery(int interval)
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { ReportInterval = interval }, null);
            var session = new TrainingSession(new StepSensor { SpikeEvery = 211 }, trainer);
            session.Run(1500, 0);
            trainer.Optimizer.LearningRate = 100f;
            session.Run(1500, 0);
            return trainer;
        }

        // The default synthetic sensor, 300 counts higher from reading StepFrom on, with a spike every SpikeEvery readings.
        private sealed class StepSensor : ISensor
        {
            private readonly SyntheticSensor _inner = SyntheticSensor.CreateDefault();
            public int Index, StepFrom = int.MaxValue, SpikeEvery;

            public int ChannelCount
            {
                get { return 1; }
            }

            public void Read(float[] reading)
            {
                _inner.Read(reading);
                int k = Index++;
                if (k >= StepFrom) reading[0] += 300f;
                if (SpikeEvery > 0 && k % SpikeEvery == SpikeEvery - 1) reading[0] += 1500f;
            }
        }
    }
}
