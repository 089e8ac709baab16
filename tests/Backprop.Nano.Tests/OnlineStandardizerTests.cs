#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class OnlineStandardizerTests
    {
        [TestMethod]
        public void Running_mean_and_variance_match_a_two_pass_computation()
        {
            const int Count = 2000;
            var random = new DeterministicRandom(3);
            var readings = new float[Count * 2];
            for (int k = 0; k < Count; k++)
            {
                readings[2 * k] = (int)(random.NextFloat() * 4096f);       // ADC counts
                readings[2 * k + 1] = -5f + 0.01f * random.NextSymmetric(1f); // small spread, far from 0
            }

            var standardizer = new OnlineStandardizer(2);
            var reading = new float[2];
            for (int k = 0; k < Count; k++)
            {
                reading[0] = readings[2 * k];
                reading[1] = readings[2 * k + 1];
                standardizer.Update(reading);
            }

            for (int c = 0; c < 2; c++)
            {
                double mean = 0;
                for (int k = 0; k < Count; k++) mean += readings[2 * k + c];
                mean /= Count;
                double variance = 0;
                for (int k = 0; k < Count; k++)
                {
                    double deviation = readings[2 * k + c] - mean;
                    variance += deviation * deviation;
                }
                variance /= Count;
                Expect.Near(mean, standardizer.Mean[c], 1e-5, 1e-5, "mean of channel " + c);
                Expect.Near(variance, standardizer.Variance(c), 0, 1e-3, "variance of channel " + c);
            }
            Assert.AreEqual(Count, standardizer.SampleCount, "SampleCount");
        }

        [TestMethod]
        public void Standardize_centres_and_scales_and_Restore_inverts_it()
        {
            var standardizer = new OnlineStandardizer(1);
            float[] values = { 1000f, 3000f, 1000f, 3000f };
            var reading = new float[1];
            for (int k = 0; k < values.Length; k++)
            {
                reading[0] = values[k];
                standardizer.Update(reading);
            }
            // mean 2000, population standard deviation 1000
            Expect.Near(1.0, standardizer.Standardize(0, 3000f), 1e-6, 0, "standardized 3000");
            Expect.Near(-1.5, standardizer.Standardize(0, 500f), 1e-6, 0, "standardized 500");
            Expect.Near(500.0, standardizer.Restore(0, standardizer.Standardize(0, 500f)), 1e-3, 0, "restored 500");
        }

        [TestMethod]
        public void Frozen_statistics_stay_put_and_a_stuck_channel_gets_a_floor()
        {
            var standardizer = new OnlineStandardizer(1);
            var reading = new float[] { 2048f };
            for (int k = 0; k < 10; k++) standardizer.Update(reading);
            // Zero variance: the spread floor is 0.1% of the level, so a 2-count step is 0.98 spreads, not infinity.
            Expect.Near(2.0 / 2.048, standardizer.Standardize(0, 2050f), 1e-4, 0, "standardized step on a stuck channel");

            standardizer.IsFrozen = true;
            reading[0] = 4000f;
            standardizer.Update(reading);
            Assert.AreEqual(2048f, standardizer.Mean[0], "mean while frozen");
            Assert.AreEqual(10, standardizer.SampleCount, "SampleCount while frozen");
            Expect.ThrowsArgument("values", () => standardizer.Update(new float[2]), "wrong length");
        }

        [TestMethod]
        public void Restore_works_when_the_spread_has_overflowed()
        {
            // An infinite spread has the inverse 0, which nanoCLR must not divide by (it throws where
            // .NET gives infinity). Update clamps readings to ±MaximumMagnitude, so 1e30 readings no
            // longer overflow the sum of squares; it is written directly, as a load writes it.
            var standardizer = new OnlineStandardizer(1);
            standardizer.SumOfSquaredDeviations[0] = float.PositiveInfinity;
            standardizer.SetLoadedSampleCount(4);
            Assert.AreEqual(0f, standardizer.Standardize(0, 5f), "standardized by an infinite spread");
            Assert.IsTrue(float.IsPositiveInfinity(standardizer.Restore(0, 1f)), "restored: " + standardizer.Restore(0, 1f));
        }

        [TestMethod]
        public void Any_finite_input_keeps_the_statistics_finite()
        {
            float[] extremes = { float.MaxValue, -float.MaxValue, 1e30f, -1e30f, 0f, 3e38f, 1f };
            var standardizer = new OnlineStandardizer(1);
            var reading = new float[1];
            for (int k = 0; k < 700; k++)
            {
                reading[0] = extremes[k % extremes.Length];
                standardizer.Update(reading);
                Assert.IsTrue(FloatMath.IsFinite(standardizer.Mean[0]), "mean after " + k);
                Assert.IsTrue(FloatMath.IsFinite(standardizer.Variance(0)), "variance after " + k);
                Assert.IsTrue(FloatMath.IsFinite(standardizer.Standardize(0, 1000f)), "a normal reading standardizes to a number after " + k);
            }
            reading[0] = float.NaN;
            Expect.ThrowsArgument("values", () => standardizer.Update(reading), "NaN is refused");
            Assert.AreEqual(700, standardizer.SampleCount, "and not counted");
        }
    }
}
