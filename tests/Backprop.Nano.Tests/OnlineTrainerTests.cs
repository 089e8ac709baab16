#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class OnlineTrainerTests
    {
        private const int Steps = 5000;

        /// <summary>
        /// With the default settings the trainer learns to predict the default synthetic sensor's
        /// next reading: the mean loss of the last 500 steps is at least 4 times below that of the
        /// first 500, and half the loss of predicting "same as the last reading" or less.
        /// </summary>
        [TestMethod]
        public void Default_settings_learn_the_synthetic_sensor()
        {
            var sink = new CountingSink();
            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), sink);
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            float first = 0f, last = 0f, persistence = 0f, previous = 0f;
            while (trainer.Step < Steps)
            {
                bool trained = session.ReadOnce();
                float current = trainer.Standardized[0];
                if (trained && trainer.Step <= 500) first += trainer.LastLoss;
                if (trained && trainer.Step > Steps - 500)
                {
                    last += trainer.LastLoss;
                    persistence += 0.5f * (current - previous) * (current - previous);
                }
                previous = current;
            }

            // The untrained network predicts "no change", so the first 500 start at the persistence loss. Measured: 4.6x.
            Assert.IsTrue(last * 4f <= first, "last 500: " + last / 500 + ", first 500: " + first / 500);
            Assert.IsTrue(last * 2f < persistence, "network " + last / 500 + " vs persistence " + persistence / 500);
            Assert.AreEqual(Steps / 100, sink.Reports, "one report per 100 steps");
            Assert.AreEqual(Steps, sink.LastStep, "step of the last report");
            Assert.IsTrue(0f < sink.LastAverage && sink.LastAverage < first / 500, "moving average " + sink.LastAverage);
            Assert.AreEqual(Steps + 8, session.Readings, "the first 8 readings only fill the window");
        }

        [TestMethod]
        public void Supervised_mode_learns_one_channel_from_the_others()
        {
            // Channel 1 is a fixed mix of channel 0's last readings: learnable from the window of channel 0.
            var settings = new OnlineTrainerSettings { ChannelCount = 2, TargetChannel = 1, WindowLength = 4, ReportInterval = 1000 };
            var trainer = new OnlineTrainer(settings, null);
            Assert.AreEqual(4, trainer.Network.InputCount, "inputs: 4 readings of 1 channel");
            Assert.AreEqual(1, trainer.Network.OutputCount, "one target");
            var sensor = new SyntheticSensor(1, 4, 20f);
            var raw = new float[1];
            var reading = new float[2];
            float before = 0f;
            float first = 0f, last = 0f;
            for (int k = 0; trainer.Step < 3000; k++)
            {
                sensor.Read(raw);
                reading[0] = raw[0];
                reading[1] = 0.5f * raw[0] + 0.5f * before;
                before = raw[0];
                if (trainer.AddReading(reading))
                {
                    if (trainer.Step <= 300) first += trainer.LastLoss;
                    if (trainer.Step > 2700) last += trainer.LastLoss;
                }
            }
            Assert.IsTrue(last * 10f <= first, "last 300: " + last / 300 + ", first 300: " + first / 300);
        }

        [TestMethod]
        public void A_divergent_loss_restores_the_parameters_of_the_last_snapshot()
        {
            // Without replay the parameters after step 700 are those of its snapshot.
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { Momentum = 0.5f, ReplayCapacity = 0, ReplayPerStep = 0 }, null);
            TrainingSession session = TrainUntilStep(trainer, 700);
            float[][] taken = Parameters(trainer);

            trainer.Network.W1[3] = float.NaN;
            trainer.Optimizer.State[0].W2[0] = 5f;
            Assert.IsFalse(session.ReadOnce(), "the divergent sample is skipped");
            Assert.AreEqual(1, trainer.Recoveries, "recoveries");
            AssertParameters(taken, trainer, "restored from the snapshot of step 700");
        }

        [TestMethod]
        public void Parameters_adopted_from_outside_are_what_a_recovery_returns_to()
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { Momentum = 0.5f, ReplayCapacity = 0, ReplayPerStep = 0 }, null);
            TrainingSession session = TrainUntilStep(trainer, 750);
            // A global model taken between snapshots (step 700 and 800), as a fleet board does.
            trainer.Network.Initialize(42);
            trainer.AdoptCurrentParameters();
            float[][] adopted = Parameters(trainer);

            trainer.Network.W1[3] = float.NaN;
            Assert.IsFalse(session.ReadOnce(), "the divergent sample is skipped");
            Assert.AreEqual(1, trainer.Recoveries, "recoveries");
            AssertParameters(adopted, trainer, "restored to the adopted parameters, not to the snapshot of step 700");
        }

        [TestMethod]
        public void A_snapshot_is_not_taken_of_parameters_that_are_not_finite()
        {
            // Only the non-finite check: the damage below changes the loss, and that alone must not restore anything.
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { DivergenceFactor = 0f, ReplayCapacity = 0, ReplayPerStep = 0 }, null);
            TrainingSession session = TrainUntilStep(trainer, 700);
            float[][] taken = Parameters(trainer);

            // An infinite weight saturates its tanh unit (z1 = +-1, so its gradient is 0 and it stays infinite) and
            // leaves the loss finite, so training goes on with it up to the next snapshot at step 800.
            trainer.Network.W1[0] = float.PositiveInfinity;
            while (trainer.Step < 800) session.ReadOnce();
            Assert.AreEqual(0, trainer.Recoveries, "no recovery yet");
            Assert.IsTrue(float.IsPositiveInfinity(trainer.Network.W1[0]), "still infinite at the snapshot");

            trainer.Network.B2[0] = float.NaN;
            session.ReadOnce();
            Assert.AreEqual(1, trainer.Recoveries, "recoveries");
            AssertParameters(taken, trainer, "restored from step 700, not from the infinite state of step 800");
        }

        [TestMethod]
        public void The_standardizer_freezes_after_the_set_number_of_readings()
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { FreezeStandardizerAfter = 300 }, null);
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            session.Run(300, 0);
            Assert.IsTrue(trainer.Standardizer.IsFrozen, "frozen at 300");
            float mean = trainer.Standardizer.Mean[0], variance = trainer.Standardizer.Variance(0);
            session.Run(700, 0);
            Assert.AreEqual(300, trainer.Standardizer.SampleCount, "no sample taken after freezing");
            Assert.AreEqual(mean, trainer.Standardizer.Mean[0], "mean");
            Assert.AreEqual(variance, trainer.Standardizer.Variance(0), "variance");
        }

        [TestMethod]
        public void Resuming_empties_the_replay_ring()
        {
            var storage = new MemoryCheckpointStorage();
            var saved = new OnlineTrainer(new OnlineTrainerSettings(), null);
            TrainUntilStep(saved, 100);
            saved.SaveCheckpoint(new CheckpointStore(storage, saved.CheckpointSize));

            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), null);
            TrainUntilStep(trainer, 50);
            Assert.AreEqual(50, trainer.Replay.Count, "the ring holds samples");
            Assert.AreEqual(100L, trainer.ResumeFrom(new CheckpointStore(storage, trainer.CheckpointSize)).Step);
            Assert.AreEqual(0, trainer.Replay.Count, "samples standardized before the resume are gone");
        }

        [TestMethod]
        public void Non_finite_readings_are_skipped_counted_and_never_reach_the_weights()
        {
            var sink = new CountingSink();
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { ReportInterval = 10 }, sink);
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            session.Run(50, 0);
            float[] weights = Expect.Copy(trainer.Network.W1);
            long step = trainer.Step;

            float[] bad = { float.NaN, float.PositiveInfinity, float.NegativeInfinity };
            for (int k = 0; k < bad.Length; k++)
            {
                Assert.IsFalse(trainer.AddReading(new float[] { bad[k] }), "skipped " + bad[k]);
            }
            Assert.AreEqual(3, trainer.SkippedReadings, "SkippedReadings");
            Assert.AreEqual(step, trainer.Step, "no step taken");
            Expect.SameValues(weights, trainer.Network.W1, "W1 untouched");
            session.Run(10, 0);
            Assert.AreEqual(3, sink.LastSkipped, "the report carries the count");
        }

        [TestMethod]
        public void Same_settings_and_sensor_give_bit_identical_networks()
        {
            var a = new OnlineTrainer(new OnlineTrainerSettings(), null);
            var b = new OnlineTrainer(new OnlineTrainerSettings(), null);
            new TrainingSession(SyntheticSensor.CreateDefault(), a).Run(700, 0);
            new TrainingSession(SyntheticSensor.CreateDefault(), b).Run(700, 0);
            Expect.SameValues(a.Network.W1, b.Network.W1, "W1");
            Expect.SameValues(a.Network.W2, b.Network.W2, "W2");
            Assert.AreEqual(a.AverageLoss, b.AverageLoss, "AverageLoss");
        }

        [TestMethod]
        public void The_prediction_is_in_sensor_units_and_reported_with_the_reading()
        {
            var sink = new CountingSink();
            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), sink);
            var sensor = SyntheticSensor.CreateDefault();
            var reading = new float[1];
            float error = 0f;
            for (int k = 0; k < Steps + 8; k++)
            {
                sensor.Read(reading);
                if (!trainer.AddReading(reading)) continue;
                Assert.AreEqual(reading[0], trainer.Actual, "actual is the raw reading");
                float difference = trainer.Prediction - trainer.Actual;
                if (trainer.Step > Steps - 500) error += difference < 0f ? -difference : difference;
            }
            // The signal spans about 2000 counts with ±20 of noise: a trained network is within a few noise widths.
            Assert.IsTrue(error / 500 < 40f, "mean |pred - actual| over the last 500 steps: " + error / 500);
            Assert.AreEqual(trainer.Prediction, sink.LastPrediction, "the report carries pred");
            Assert.AreEqual(trainer.Actual, sink.LastActual, "the report carries actual");
        }

        [TestMethod]
        public void Detector_mode_predicts_and_scores_but_never_learns()
        {
            var settings = new OnlineTrainerSettings { ScoreWarmup = 100 };
            var trained = new OnlineTrainer(settings, null);
            TrainUntilStep(trained, 2000);
            var storage = new MemoryCheckpointStorage();
            var store = new CheckpointStore(storage, trained.CheckpointSize);
            trained.SaveCheckpoint(store);

            settings.FreezeLearning = true;
            var detector = new OnlineTrainer(settings, null);
            Assert.AreEqual(2000L, detector.ResumeFrom(store).Step, "loaded");
            var before = new ParameterBuffers(trained.Network.InputCount, trained.Network.HiddenCount, trained.Network.OutputCount);
            before.CopyFrom(detector.Network.Parameters);
            float mean = detector.Standardizer.Mean[0];
            TrainUntilStep(detector, 3000);
            Expect.SameValues(before, detector.Network.Parameters, "parameters unchanged");
            Assert.AreEqual(mean, detector.Standardizer.Mean[0], "standardizer frozen");
            Assert.IsTrue(detector.Score != 0f, "scored");
            Assert.AreEqual(0, detector.Alerts, "a clean signal raises no alert");
        }

        [TestMethod]
        public void Threshold_zero_turns_alerts_off()
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { AlertThreshold = 0f, StuckLimit = 5 }, null);
            var reading = new float[] { float.NaN };
            trainer.AddReading(reading);
            reading[0] = 7f;
            for (int k = 0; k < 10; k++) trainer.AddReading(reading);
            Assert.AreEqual(1, trainer.SkippedReadings, "skipped");
            Assert.IsTrue(trainer.StuckReadings > 0, "stuck");
            Assert.AreEqual(0, trainer.Alerts, "no alert");
            Assert.IsFalse(trainer.AlertActive, "none holds");
        }

        [TestMethod]
        public void Skipped_readings_raise_an_alert_that_holds()
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { AlertHoldReadings = 3 }, null);
            var reading = new float[] { float.NaN };
            trainer.AddReading(reading);
            Assert.IsTrue(trainer.AlertRaised && trainer.AlertActive, "raised by a NaN");
            trainer.AddReading(reading);
            Assert.IsFalse(trainer.AlertRaised, "held, not raised again");
            Assert.AreEqual(1, trainer.Alerts, "one alert");
            for (int k = 1; k <= 4; k++)
            {
                reading[0] = k;
                trainer.AddReading(reading);
                Assert.AreEqual(k <= 3, trainer.AlertActive, "held for 3 readings after the NaN, reading " + k);
            }
        }

        [TestMethod]
        public void Bad_settings_and_readings_are_rejected_with_the_setting_named()
        {
            Expect.ThrowsArgument("settings", () => new OnlineTrainer(null, null), "null settings");
            Expect.ThrowsArgument("TargetChannel", () => new OnlineTrainer(new OnlineTrainerSettings { TargetChannel = 0 }, null), "supervised with one channel");
            Expect.ThrowsArgument("WindowLength", () => new OnlineTrainer(new OnlineTrainerSettings { WindowLength = 0 }, null), "window 0");
            Expect.ThrowsArgument("LearningRate", () => new OnlineTrainer(new OnlineTrainerSettings { LearningRate = float.NaN }, null), "NaN rate");
            Expect.ThrowsArgument("ReplayPerStep", () => new OnlineTrainer(new OnlineTrainerSettings { ReplayCapacity = 0, ReplayPerStep = 2 }, null), "replay without capacity");
            Expect.ThrowsArgument("AverageSmoothing", () => new OnlineTrainer(new OnlineTrainerSettings { AverageSmoothing = 0f }, null), "smoothing 0");
            Expect.ThrowsArgument("AlertThreshold", () => new OnlineTrainer(new OnlineTrainerSettings { AlertThreshold = float.NaN }, null), "NaN threshold");
            Expect.ThrowsArgument("AlertHoldReadings", () => new OnlineTrainer(new OnlineTrainerSettings { AlertHoldReadings = -1 }, null), "hold -1");
            Expect.ThrowsArgument("ScoreSmoothing", () => new OnlineTrainer(new OnlineTrainerSettings { ScoreSmoothing = 1.5f }, null), "score smoothing 1.5");
            Expect.ThrowsArgument("ScoreWarmup", () => new OnlineTrainer(new OnlineTrainerSettings { ScoreWarmup = 0 }, null), "score warm-up 0");
            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), null);
            Expect.ThrowsArgument("reading", () => trainer.AddReading(new float[2]), "reading of 2 channels");
            Expect.ThrowsArgument("sensor", () => new TrainingSession(new SyntheticSensor(2, 1, 0f), trainer), "sensor with 2 channels");
        }

        [TestMethod]
        public void Synthetic_sensor_is_deterministic_and_stays_within_the_adc_range()
        {
            var a = new SyntheticSensor(3, 9, 50f);
            var b = new SyntheticSensor(3, 9, 50f);
            var ra = new float[3];
            var rb = new float[3];
            float low = 4095f, high = 0f;
            for (int k = 0; k < 5000; k++)
            {
                a.Read(ra);
                b.Read(rb);
                Expect.SameValues(ra, rb, "reading " + k);
                for (int c = 0; c < 3; c++)
                {
                    Assert.IsTrue(0f <= ra[c] && ra[c] <= 4095f && ra[c] == (int)ra[c], "whole counts in range: " + ra[c]);
                    if (ra[c] < low) low = ra[c];
                    if (high < ra[c]) high = ra[c];
                }
            }
            Assert.IsTrue(1500f < high - low, "the signal swings: " + low + ".." + high);
        }

        [TestMethod]
        public void Synthetic_sensor_clamps_noise_far_beyond_the_adc_range()
        {
            // (int) of 1e30 is not the same on nanoCLR as on .NET, so the clamp must come first.
            var sensor = new SyntheticSensor(1, 2, 1e30f);
            var reading = new float[1];
            bool sawLow = false, sawHigh = false;
            for (int k = 0; k < 50; k++)
            {
                sensor.Read(reading);
                Assert.IsTrue(reading[0] == 0f || reading[0] == 4095f, "pinned to an end of the range: " + reading[0]);
                sawLow |= reading[0] == 0f;
                sawHigh |= reading[0] == 4095f;
            }
            Assert.IsTrue(sawLow && sawHigh, "both ends seen");
        }

        private static TrainingSession TrainUntilStep(OnlineTrainer trainer, long step)
        {
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            while (trainer.Step < step) session.ReadOnce();
            return session;
        }

        // What a recovery restores: the network's parameters and the optimizer's state (velocities, or Adam's m, v and powers).
        private static float[][] Parameters(OnlineTrainer trainer)
        {
            ParameterBuffers[] state = trainer.Optimizer.State;
            var copies = new float[ParameterBuffers.Count * (1 + state.Length) + 1][];
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                copies[k] = Expect.Copy(trainer.Network.Parameters.Get(k));
                for (int s = 0; s < state.Length; s++) copies[(s + 1) * ParameterBuffers.Count + k] = Expect.Copy(state[s].Get(k));
            }
            copies[copies.Length - 1] = Expect.Copy(trainer.Optimizer.StateScalars);
            return copies;
        }

        private static void AssertParameters(float[][] expected, OnlineTrainer trainer, string what)
        {
            float[][] actual = Parameters(trainer);
            Assert.AreEqual(expected.Length, actual.Length, what + ": buffers");
            for (int k = 0; k < expected.Length; k++) Expect.SameValues(expected[k], actual[k], what + ": buffer " + k);
        }

        private sealed class CountingSink : IReportSink
        {
            public int Reports;
            public long LastStep;
            public int LastSkipped;
            public float LastAverage;
            public float LastPrediction, LastActual;

            public void Report(TrainingReport report)
            {
                Reports++;
                LastStep = report.Step;
                LastSkipped = report.Skipped;
                LastAverage = report.AverageLoss;
                LastPrediction = report.Prediction;
                LastActual = report.Actual;
                Assert.IsTrue(0f <= report.MicrosecondsPerStep, "time per step");
            }

            // The trainer itself writes no comments; TrainingSessionTests covers those of the session.
            public void Comment(string line)
            {
            }
        }
    }
}
