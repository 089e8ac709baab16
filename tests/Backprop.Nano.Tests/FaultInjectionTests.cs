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
        public void Spikes_are_survived_and_the_learning_rate_grows_back()
        {
            var sensor = new FaultySensor { SpikeEvery = 97 };
            OnlineTrainer trainer = Run(sensor, null);
            Assert.IsTrue(trainer.Recoveries > 0, "spikes triggered recoveries: " + trainer.Recoveries);
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
            public int NonFiniteEvery, SpikeEvery, StuckFrom = -1, StuckTo = -1, FaultsUntil = 4000;
            public float StuckValue;
            public int NonFiniteInjected;

            public int ChannelCount
            {
                get { return 1; }
            }

            public void Read(float[] reading)
            {
                _inner.Read(reading);
                int k = _index++;
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
