#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class DeviceBenchmarkTests
    {
        [TestMethod]
        public void Benchmark_line_is_key_value_pairs_with_the_shape_times_and_footprint()
        {
            string line = DeviceBenchmark.Run(2, 10, 1, 50);
            double[] values = Values(line, new string[] { "inputs", "hidden", "outputs", "forward_us", "train_us", "momentum_us", "batch8_us", "adam_us", "bytes" });
            Assert.AreEqual(2.0, values[0], "inputs");
            Assert.AreEqual(10.0, values[1], "hidden");
            Assert.AreEqual((double)MemoryFootprint.ForAdam(2, 10, 1).TotalBytes, values[8], "bytes (network + Adam, the largest)");
            Assert.AreEqual(4, BenchmarkShapes.Count, "four shapes");
        }

        [TestMethod]
        public void The_per_reading_line_times_the_regression_trainer_and_the_gesture_classifier()
        {
            string line = DeviceBenchmark.RunReadings(1500);
            double[] values = Values(line, new string[] { "readings", "regression_us", "gesture_us", "gesture_sample_us", "gesture_bytes" });
            Assert.AreEqual(1500.0, values[0], "readings");
            // 1500 readings hold at least two gestures of 315 to 630 readings, so a sample was timed.
            Assert.IsTrue(0 < values[3], "a reading that completed a gesture was timed: " + line);
            Assert.AreEqual((double)MemoryFootprint.ForTrainer(DeviceBenchmark.GestureSettings()).TotalBytes, values[4], "the classifier's estimate");
        }

        // The values of a benchmark line, checked to be these keys in this order, each a non-negative number.
        private static double[] Values(string line, string[] expectedKeys)
        {
            string[] pairs = line.Split(' ');
            Assert.AreEqual(expectedKeys.Length, pairs.Length, "pairs in '" + line + "'");
            double[] values = new double[pairs.Length];
            for (int k = 0; k < pairs.Length; k++)
            {
                int colon = pairs[k].IndexOf(':');
                Assert.AreEqual(expectedKeys[k], pairs[k].Substring(0, colon), "key " + k);
                Assert.IsTrue(DecimalText.TryParse(pairs[k], colon + 1, pairs[k].Length, out values[k]), "number in " + pairs[k]);
                Assert.IsTrue(0 <= values[k], "non-negative " + pairs[k]);
            }
            return values;
        }
    }
}
