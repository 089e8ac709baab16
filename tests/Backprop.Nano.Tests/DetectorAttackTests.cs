#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Finite readings that try to blind the detector (issue 20): each attack runs on a trainer that learned the default
    /// synthetic sensor, then 20 faults of +10 of its original standard deviations, 300 readings each, 700 clean readings apart.
    /// At least 19 of the 20 must raise an alert.
    /// </summary>
    [TestClass]
    public class DetectorAttackTests
    {
        private const int Faults = 20, FaultReadings = 300, CleanReadings = 700, FaultSizeSd = 10;

        // A trainer with the defaults after 3000 clean readings, and the sensor's standard deviation then.
        private static OnlineTrainer Learned(SyntheticSensor sensor, out float mean, out float sd)
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), null);
            new TrainingSession(sensor, trainer).Run(3000, 0);
            mean = trainer.Standardizer.Mean[0];
            sd = FloatMath.Sqrt(trainer.Standardizer.Variance(0));
            return trainer;
        }

        // Faults found among 20 after the attack: a fault is found when an alert is raised during its readings.
        private static int FaultsFound(OnlineTrainer trainer, SyntheticSensor sensor, float sd)
        {
            var reading = new float[1];
            int found = 0;
            for (int fault = 0; fault < Faults; fault++)
            {
                for (int k = 0; k < CleanReadings; k++)
                {
                    sensor.Read(reading);
                    trainer.AddReading(reading);
                }
                bool alerted = false;
                for (int k = 0; k < FaultReadings; k++)
                {
                    sensor.Read(reading);
                    reading[0] += FaultSizeSd * sd;
                    trainer.AddReading(reading);
                    alerted |= trainer.AlertRaised;
                }
                if (alerted) found++;
            }
            return found;
        }

        [TestMethod]
        public void Readings_alternating_just_inside_the_outlier_limit_do_not_blind_it()
        {
            var sensor = SyntheticSensor.CreateDefault();
            OnlineTrainer trainer = Learned(sensor, out float mean, out float sd);
            var reading = new float[1];
            for (int k = 0; k < 20000; k++)
            {
                reading[0] = mean + (k % 2 == 0 ? 49.99f : -49.99f) * sd;
                trainer.AddReading(reading);
            }
            float after = FloatMath.Sqrt(trainer.Standardizer.Variance(0));
            Assert.IsTrue(after < 10f * sd, "the scale was walked from " + sd + " to " + after);
            int found = FaultsFound(trainer, sensor, sd);
            Assert.IsTrue(found >= 19, "faults found after the attack: " + found + " of 20");
        }

        [TestMethod]
        public void A_hundred_huge_readings_are_no_new_level_that_blinds_it()
        {
            var sensor = SyntheticSensor.CreateDefault();
            OnlineTrainer trainer = Learned(sensor, out float mean, out float sd);
            var reading = new float[1];
            for (int k = 0; k < 100; k++)
            {
                reading[0] = 1e15f;
                trainer.AddReading(reading);
            }
            int found = FaultsFound(trainer, sensor, sd);
            Assert.IsTrue(found >= 19, "faults found after the attack: " + found + " of 20");
        }

        [TestMethod]
        public void A_ramp_far_away_and_back_does_not_blind_it()
        {
            var sensor = SyntheticSensor.CreateDefault();
            OnlineTrainer trainer = Learned(sensor, out float mean, out float sd);
            var reading = new float[1];
            // Up by 5 sd a reading to 1e5 sd, and down again (the slope: 1e6 sd over 200,000 readings).
            for (int k = 0; k < 40000; k++)
            {
                int distance = k < 20000 ? k : 40000 - k;
                reading[0] = mean + 5f * distance * sd;
                trainer.AddReading(reading);
            }
            int found = FaultsFound(trainer, sensor, sd);
            Assert.IsTrue(found >= 19, "faults found after the attack: " + found + " of 20");
        }

        [TestMethod]
        public void A_slow_drift_of_the_scale_does_not_blind_it()
        {
            var sensor = SyntheticSensor.CreateDefault();
            OnlineTrainer trainer = Learned(sensor, out float mean, out float sd);
            var reading = new float[1];
            var clean = new float[1];
            // The readings' own deviations grown slowly, up to 1000 times, over 40,000 readings, then back to normal.
            for (int k = 0; k < 40000; k++)
            {
                sensor.Read(clean);
                float gain = 1f + 999f * (k < 20000 ? k : 40000 - k) / 20000f;
                reading[0] = mean + gain * (clean[0] - mean);
                trainer.AddReading(reading);
            }
            int found = FaultsFound(trainer, sensor, sd);
            Assert.IsTrue(found >= 19, "faults found after the attack: " + found + " of 20");
        }

        [TestMethod]
        public void After_a_reboot_the_first_readings_are_judged_with_the_checkpoints_statistics()
        {
            var sensor = SyntheticSensor.CreateDefault();
            OnlineTrainer trainer = Learned(sensor, out float mean, out float sd);
            var storage = new MemoryCheckpointStorage();
            trainer.SaveCheckpoint(new CheckpointStore(storage, trainer.CheckpointSize));
            var rebooted = new OnlineTrainer(new OnlineTrainerSettings(), null);
            Assert.IsTrue(rebooted.ResumeFrom(new CheckpointStore(storage, rebooted.CheckpointSize)).Size > 0, "resumed");
            // A fault from the first reading after the reboot.
            var reading = new float[1];
            bool alerted = false;
            for (int k = 0; k < 20; k++)
            {
                sensor.Read(reading);
                reading[0] += FaultSizeSd * sd;
                rebooted.AddReading(reading);
                alerted |= rebooted.AlertRaised;
            }
            Assert.IsTrue(alerted, "a fault in the first 20 readings after a reboot is found");
            Assert.IsTrue(FaultsFound(rebooted, sensor, sd) >= 19, "and the faults after");
        }
    }
}
