#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// The online trainer on the default synthetic sensor with faults injected: non-finite
    /// readings, a channel pinned at full scale, spikes, and a learning rate that blows up.
    /// Faults stop after reading 4000 of 6000: the weights must stay finite throughout and the loss
    /// must come back to that of a clean run.
    /// </summary>
    [TestClass]
    public class FaultInjectionTests
    {
        private const int Readings = 6000;

        [TestMethod]
        public void Non_finite_readings_are_skipped_and_counted()
        {
            var sensor = new FaultySensor { NonFiniteEvery = 50 };
            OnlineTrainer trainer = Run(sensor, null);
            Assert.AreEqual(sensor.NonFiniteInjected, trainer.SkippedReadings, "skipped = injected");
            Assert.IsTrue(trainer.SkippedReadings >= 4000 / 50, "faults were injected: " + trainer.SkippedReadings);
            AssertHealthy(trainer, "non-finite");
        }

        [TestMethod]
        public void A_channel_pinned_at_full_scale_is_skipped_after_the_stuck_limit()
        {
            var sensor = new FaultySensor { StuckFrom = 2000, StuckTo = 2600, StuckValue = 4095f };
            OnlineTrainer trainer = Run(sensor, null);
            // The first 49 repeats still count as readings; the 50th and later are skipped.
            Assert.AreEqual(600 - 49, trainer.StuckReadings, "stuck readings");
            AssertHealthy(trainer, "stuck");
        }

        [TestMethod]
        public void Spikes_are_alerts_and_are_not_learned()
        {
            var sensor = new FaultySensor { SpikeEvery = 97 };
            OnlineTrainer trainer = Run(sensor, null);
            int spikes = sensor.FaultsUntil / sensor.SpikeEvery;
            // A window holding a spike is scored but not learned (SpikeLimit), so nothing diverges and nothing needs a recovery.
            Assert.AreEqual(0, trainer.Recoveries, "recoveries");
            Assert.IsTrue(trainer.Alerts >= spikes / 2, "alerts " + trainer.Alerts + " for " + spikes + " spikes");
            Assert.AreEqual(new OnlineTrainerSettings().LearningRate, trainer.Optimizer.LearningRate, "the learning rate is untouched");
            AssertHealthy(trainer, "spikes");
        }

        [TestMethod]
        public void A_blown_up_learning_rate_is_recovered_from()
        {
            var sensor = new FaultySensor();
            OnlineTrainer trainer = Run(sensor, 2000);
            Assert.IsTrue(trainer.Recoveries > 0, "recoveries: " + trainer.Recoveries);
            Assert.IsTrue(trainer.Optimizer.LearningRate <= 0.01f, "learning rate back down: " + trainer.Optimizer.LearningRate);
            AssertHealthy(trainer, "blow-up");
        }

        [TestMethod]
        public void One_reading_of_any_finite_size_costs_at_most_a_skipped_sample()
        {
            float[] glitches = { 1e6f, -1e6f, 1e13f, 1e19f, 1e30f, -1e30f, float.MaxValue, -float.MaxValue };
            OnlineTrainer clean = Run(new FaultySensor(), null);
            for (int k = 0; k < glitches.Length; k++)
            {
                var storage = new MemoryCheckpointStorage();
                var sensor = new FaultySensor { GlitchAt = 1000, GlitchValue = glitches[k] };
                var trainer = new OnlineTrainer(new OnlineTrainerSettings(), null);
                var session = new TrainingSession(sensor, trainer);
                session.Checkpoints = new CheckpointStore(storage, trainer.CheckpointSize);
                session.CheckpointInterval = 500;
                session.Run(Readings, 0);

                string what = "one reading of " + glitches[k];
                Assert.AreEqual(1, trainer.Outliers, what + ": counted as an outlier");
                Assert.AreEqual(clean.Step - 1, trainer.Step, what + ": costs one step");
                Assert.IsTrue(FloatMath.IsFinite(trainer.Standardizer.Variance(0)), what + ": the statistics stay finite");
                // The readings while its alert holds (AlertHoldReadings, 50) stay out of the statistics too: 1e-3 of the mean before, 1e-2 now.
                Expect.Near(clean.Standardizer.Mean[0], trainer.Standardizer.Mean[0], 0, 1e-2, what + ": mean as without it");
                AssertHealthy(trainer, what);
                var resumed = new OnlineTrainer(new OnlineTrainerSettings(), null);
                Assert.AreEqual(5500L, resumed.ResumeFrom(new CheckpointStore(storage, resumed.CheckpointSize)).Step, what + ": the last checkpoint loads");
            }
        }

        [TestMethod]
        public void A_lasting_shift_of_the_level_is_learnt_after_a_run_of_outliers()
        {
            var sensor = new FaultySensor { ShiftFrom = 2000, Shift = 100000f };
            OnlineTrainer trainer = Run(sensor, null);
            Assert.AreEqual(OnlineTrainer.OutliersForNewLevel, trainer.Outliers, "outliers until the new level is accepted");
            Assert.IsTrue(100000f < trainer.Standardizer.Mean[0], "the statistics moved to the new level: " + trainer.Standardizer.Mean[0]);
            AssertHealthy(trainer, "level shift");
        }

        [TestMethod]
        public void A_resumed_model_that_keeps_diverging_restarts_from_the_seed_visibly()
        {
            // Parameters at ModelFormat's bound load; through linear hidden units every step from them overflows.
            var settings = new OnlineTrainerSettings { HiddenActivation = Activation.Identity };
            var poisoned = new OnlineTrainer(settings, null);
            float[][] parameters = { poisoned.Network.W1, poisoned.Network.B1, poisoned.Network.W2, poisoned.Network.B2 };
            for (int p = 0; p < parameters.Length; p++)
            {
                for (int k = 0; k < parameters[p].Length; k++) parameters[p][k] = ModelFormat.ParameterLimit;
            }
            var storage = new MemoryCheckpointStorage();
            new CheckpointStore(storage, poisoned.CheckpointSize).Save(poisoned.Network, null, poisoned.Standardizer, poisoned.CaptureState(), 700);

            var trainer = new OnlineTrainer(settings, null);
            Assert.AreEqual(700L, trainer.ResumeFrom(new CheckpointStore(storage, trainer.CheckpointSize)).Step, "the file loads");
            var session = new TrainingSession(new FaultySensor(), trainer);
            session.Run(Readings, 0);
            Assert.IsTrue(trainer.Restarts >= 1, "restarts: " + trainer.Restarts + ", recoveries " + trainer.Recoveries + ", steps " + trainer.Step);
            Assert.IsTrue(trainer.Step > 700 + Readings / 2, "training went on: step " + trainer.Step);
            AssertHealthy(trainer, "poisoned resume");
        }

        // Runs the default trainer; at reading blowUpAt (if given) sets a learning rate of 100.
        private static OnlineTrainer Run(FaultySensor sensor, object blowUpAt)
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), null);
            var session = new TrainingSession(sensor, trainer);
            for (int k = 0; k < Readings; k++)
            {
                if (blowUpAt != null && k == (int)blowUpAt) trainer.Optimizer.LearningRate = 100f;
                session.ReadOnce();
            }
            return trainer;
        }

        private static void AssertHealthy(OnlineTrainer trainer, string what)
        {
            Assert.IsTrue(trainer.Network.Parameters.AllFinite(), what + ": every parameter is finite");
            // A clean run of the same length ends near 0.001 (OnlineTrainerTests); allow four times that.
            float clean = CleanAverageLoss();
            Assert.IsTrue(trainer.AverageLoss <= 4f * clean, what + ": average loss " + trainer.AverageLoss + " vs clean " + clean);
        }

        private static float CleanAverageLoss()
        {
            OnlineTrainer trainer = Run(new FaultySensor(), null);
            return trainer.AverageLoss;
        }

        /// <summary>The default synthetic sensor with faults injected at chosen readings.</summary>
        private sealed class FaultySensor : ISensor
        {
            private readonly SyntheticSensor _inner = SyntheticSensor.CreateDefault();
            private int _index;
            public int NonFiniteEvery, SpikeEvery, StuckFrom = -1, StuckTo = -1, FaultsUntil = 4000, GlitchAt = -1, ShiftFrom = -1;
            public float StuckValue, GlitchValue, Shift;
            public int NonFiniteInjected;

            public int ChannelCount
            {
                get { return 1; }
            }

            public void Read(float[] reading)
            {
                _inner.Read(reading);
                int k = _index++;
                if (k == GlitchAt) reading[0] = GlitchValue;
                if (ShiftFrom >= 0 && k >= ShiftFrom) reading[0] += Shift;
                if (k >= FaultsUntil) return;
                if (NonFiniteEvery > 0 && k % NonFiniteEvery == NonFiniteEvery - 1)
                {
                    reading[0] = NonFiniteInjected % 2 == 0 ? float.NaN : float.PositiveInfinity;
                    NonFiniteInjected++;
                }
                if (SpikeEvery > 0 && k % SpikeEvery == SpikeEvery - 1) reading[0] = (k / SpikeEvery) % 2 == 0 ? 0f : 4095f;
                if (k >= StuckFrom && k < StuckTo) reading[0] = StuckValue;
            }
        }
    }
}
