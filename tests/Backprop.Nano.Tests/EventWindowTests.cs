#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// A classifier's windows over whole events (Downsample, WindowStride, a window that starts where the label changes),
    /// its class-balanced replay (ClassReservoir), the acc_last baseline and the stuck rule of a sensor at rest.
    /// </summary>
    [TestClass]
    public class EventWindowTests
    {
        // One measured channel and the label: the window is WindowLength points of Downsample readings each.
        private static OnlineTrainerSettings Settings(int window, int downsample, int stride)
        {
            return new OnlineTrainerSettings
            {
                ChannelCount = 2, LabelChannel = 1, ClassCount = 2, WindowLength = window, Downsample = downsample, WindowStride = stride,
                ReplayCapacity = 0, ReplayPerStep = 0, OutlierLimit = 0f,
            };
        }

        [TestMethod]
        public void A_window_point_is_the_mean_of_Downsample_readings_and_a_sample_comes_every_WindowStride_points()
        {
            OnlineTrainerSettings settings = Settings(3, 4, 2);
            // Fixed after the first 16 readings, so that the test standardizes the last readings as the trainer did.
            settings.FreezeStandardizerAfter = 16;
            var trainer = new OnlineTrainer(settings, null);
            var reading = new float[2];
            int samples = 0;
            for (int k = 0; k < 40; k++)
            {
                reading[0] = k;
                reading[1] = 1f;
                if (!trainer.AddReading(reading)) continue;
                samples++;
                // The first sample once 3 points of 4 readings are in (reading 11), then every 2 points (8 readings).
                Assert.AreEqual(11 + 8 * (samples - 1), k, "sample " + samples + " at reading " + k);
            }
            Assert.AreEqual(4, samples, "readings 11, 19, 27 and 35");
            // The latest point, completed by reading 39 (no sample: the stride), is the mean of the standardized readings 36 to 39.
            OnlineStandardizer standardizer = trainer.Standardizer;
            float expected = 0f;
            for (int k = 36; k < 40; k++) expected += standardizer.Standardize(0, k);
            Expect.Near(expected / 4f, trainer.Standardized[0], 1e-6, 1e-5, "the point is the mean of its readings");
        }

        [TestMethod]
        public void A_window_starts_again_where_the_label_changes_and_never_mixes_two_events()
        {
            var trainer = new OnlineTrainer(Settings(4, 1, 4), null);
            var reading = new float[2];
            // Events of 4, 6 and 3 readings, then 8 of one class: samples only where 4 readings of one event are in.
            float[] labels = { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 };
            bool[] samples = { false, false, false, true, false, false, false, true, false, false, false, false, false, false, false, false, true, false, false, false, true };
            for (int k = 0; k < labels.Length; k++)
            {
                reading[0] = 10f * k;
                reading[1] = labels[k];
                Assert.AreEqual(samples[k], trainer.AddReading(reading), "reading " + k);
            }
            Assert.AreEqual(4L, trainer.Step, "four whole windows");

            // A break (another recording, another pass) starts the window again even within one class.
            trainer.StartNewWindow();
            for (int k = 0; k < 3; k++) Assert.IsFalse(trainer.AddReading(reading), "the window fills again, reading " + k);
            Assert.IsTrue(trainer.AddReading(reading), "four readings after the break");
        }

        [TestMethod]
        public void Downsample_and_stride_are_for_classifiers_and_validated()
        {
            OnlineTrainerSettings regression = new OnlineTrainerSettings { Downsample = 4 };
            Expect.ThrowsArgument("Downsample", () => regression.Validate(), "a regression trainer takes every reading");
            OnlineTrainerSettings zero = Settings(3, 0, 1);
            Expect.ThrowsArgument("Downsample", () => zero.Validate(), "downsample 0");
            OnlineTrainerSettings stride = Settings(3, 1, 0);
            Expect.ThrowsArgument("WindowStride", () => stride.Validate(), "stride 0");
            OnlineTrainerSettings large = Settings(3, 65536, 1);
            Expect.ThrowsArgument("Downsample", () => large.Validate(), "beyond what a model file keeps");
            OnlineTrainerSettings replay = Settings(3, 1, 1);
            replay.ClassCount = 8;
            replay.ReplayCapacity = 7;
            replay.ReplayPerStep = 1;
            Expect.ThrowsArgument("ReplayCapacity", () => replay.Validate(), "a share for every class");
        }

        [TestMethod]
        public void The_class_reservoir_keeps_every_class_and_replays_them_alike()
        {
            var reservoir = new ClassReservoir(3, 4, 1);
            var random = new DeterministicRandom(5);
            var x = new float[1];
            // 1000 samples of class 0, then 10 of class 1, then 2 of class 2: a ring of 12 would hold only the last two classes.
            for (int k = 0; k < 1012; k++)
            {
                int label = k < 1000 ? 0 : k < 1010 ? 1 : 2;
                x[0] = k;
                reservoir.Add(x, label, random);
            }
            Assert.AreEqual(4, reservoir.HeldOf(0), "class 0 is full");
            Assert.AreEqual(4, reservoir.HeldOf(1), "class 1 is full");
            Assert.AreEqual(2, reservoir.HeldOf(2), "class 2 holds both");
            Assert.AreEqual(10, reservoir.Count, "all held");

            var drawn = new int[3];
            bool lateClassZero = false;
            for (int k = 0; k < 3000; k++)
            {
                int label = reservoir.CopyRandom(random, x);
                drawn[label]++;
                // Each replayed input is of the class returned with it.
                int source = (int)x[0];
                Assert.AreEqual(source < 1000 ? 0 : source < 1010 ? 1 : 2, label, "input " + source + " came with its class");
                if (label == 0 && source >= 4) lateClassZero = true;
            }
            for (int c = 0; c < 3; c++) Assert.IsTrue(900 <= drawn[c] && drawn[c] <= 1100, "class " + c + " replayed a third of the time: " + drawn[c]);
            Assert.IsTrue(lateClassZero, "reservoir sampling kept later samples of class 0, not only its first four");
            reservoir.Clear();
            Assert.AreEqual(0, reservoir.Count, "cleared");
        }

        [TestMethod]
        public void Acc_last_is_the_accuracy_of_guessing_the_previous_samples_label()
        {
            OnlineTrainerSettings settings = Settings(2, 1, 1);
            settings.ReportInterval = 40;
            var trainer = new OnlineTrainer(settings, null);
            var reading = new float[2];
            // Events of 5 readings, classes alternating: each event gives 4 samples, of which the first has another label
            // than the sample before (all but the very first sample, which has none).
            for (int k = 0; k < 50; k++)
            {
                reading[0] = k % 7;
                reading[1] = (k / 5) % 2;
                trainer.AddReading(reading);
            }
            Assert.AreEqual(40L, trainer.Step, "4 samples in each of the 10 events");
            Expect.Near(30.0 / 40.0, trainer.BaselineAccuracy, 1e-6, 0, "30 of 40 samples continue the label of the one before");
            Assert.AreEqual(40L, trainer.LastReport.Step, "reported at step 40");
            Assert.AreEqual(trainer.BaselineAccuracy, trainer.LastReport.BaselineAccuracy, "acc_last in the report");
        }

        [TestMethod]
        public void A_still_multi_axis_sensor_is_not_stuck_but_one_that_stays_still_for_StillLimit_readings_is()
        {
            // An accelerometer's three axes and the gesture's class, as in uWave.
            var settings = new OnlineTrainerSettings { ChannelCount = 4, LabelChannel = 3, ClassCount = 2, OutlierLimit = 0f };
            var trainer = new OnlineTrainer(settings, null);
            var reading = new float[4];
            // Each axis repeats its value for 164 readings, on its own schedule, as uWave's accelerometer at rest does.
            for (int k = 0; k < 2000; k++)
            {
                reading[0] = (k / 164) % 3;
                reading[1] = ((k + 50) / 120) % 2;
                reading[2] = (k / 164) % 2 + 0.5f;
                trainer.AddReading(reading);
            }
            Assert.AreEqual(0, trainer.StuckReadings, "a sensor at rest is not stuck");
            Assert.AreEqual(0, trainer.Alerts, "nor an alert");
            for (int k = 0; k < settings.StillLimit + 10; k++) trainer.AddReading(reading);
            Assert.IsTrue(trainer.StuckReadings >= 10, "still for longer than StillLimit: stuck, " + trainer.StuckReadings);

            // One channel keeps the StuckLimit of 50.
            var single = new OnlineTrainer(new OnlineTrainerSettings(), null);
            var one = new float[1];
            for (int k = 0; k < 200; k++)
            {
                one[0] = k < 100 ? k : 7f;
                single.AddReading(one);
            }
            Assert.AreEqual(100 - settings.StuckLimit + 1, single.StuckReadings, "a single channel repeating is stuck from its 50th repeat");
        }
    }
}
