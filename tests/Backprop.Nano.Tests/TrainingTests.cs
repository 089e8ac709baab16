#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class TrainingTests
    {
        /// <summary>
        /// The seed notebook's own case (1_3_stochastic_gradient_descent): a 2-10-1 ReLU network
        /// learns d = 3 x0 + 2 x1 from x uniform in [0, 1)^2 with per-sample SGD, eta = 0.07.
        /// </summary>
        [TestMethod]
        public void Seed_notebook_case_reduces_the_loss_by_at_least_95_percent()
        {
            float[] losses = TrainSeedCase(TwoLayerNetwork.DefaultSeed, 1000, null);
            float first = Mean(losses, 0, 100);
            float last = Mean(losses, losses.Length - 100, 100);
            Assert.IsTrue(last <= 0.05f * first,
                "mean loss of the last 100 steps " + last + " vs first 100 " + first);
        }

        [TestMethod]
        public void Same_seed_and_data_give_bit_identical_weights()
        {
            var a = new TwoLayerNetwork(2, 10, 1, Activation.Relu, Activation.Identity);
            var b = new TwoLayerNetwork(2, 10, 1, Activation.Relu, Activation.Identity);
            TrainSeedCase(42, 300, a);
            TrainSeedCase(42, 300, b);
            Expect.SameValues(a.Parameters, b.Parameters, "parameters");

            var c = new TwoLayerNetwork(2, 10, 1, Activation.Relu, Activation.Identity);
            TrainSeedCase(43, 300, c);
            Assert.IsFalse(a.W1[0] == c.W1[0] && a.W2[0] == c.W2[0], "another seed gives other weights");
        }

        /// <summary>
        /// Pins exact bit patterns recorded on desktop .NET (x64). Run in the nanoFramework
        /// emulator or on a board, this is the test that shows the device computes the very
        /// same floats; a failure there means some operation rounds differently.
        /// </summary>
        [TestMethod]
        public void Results_match_the_bits_recorded_on_desktop()
        {
            var network = new TwoLayerNetwork(2, 10, 1, Activation.Tanh, Activation.Sigmoid);
            TrainSeedCase(7, 200, network);
            // Bit patterns, so that even a last-bit difference shows.
            Assert.AreEqual(0x4038AAAC, Bits(Sum(network.W1)), "sum of W1 (2.885417)");
            Assert.AreEqual(0x3E8C54B7, Bits(Sum(network.W2)), "sum of W2 (0.27408382)");
            Assert.AreEqual(0x41B92024, Bits(FloatMath.Exp(3.14159274f)), "Exp(pi) (23.140694)");
            Assert.AreEqual(0x3EEC9A9F, Bits(FloatMath.Tanh(0.5f)), "Tanh(0.5) (0.46211717)");
        }

        internal static int Bits(float value)
        {
            return System.BitConverter.ToInt32(System.BitConverter.GetBytes(value), 0);
        }

        /// <summary>Trains network (or a new 2-10-1 ReLU one) on the seed's data; returns each step's E.</summary>
        public static float[] TrainSeedCase(uint seed, int steps, TwoLayerNetwork network)
        {
            if (network == null) network = new TwoLayerNetwork(2, 10, 1, Activation.Relu, Activation.Identity);
            network.Initialize(seed);
            var random = new DeterministicRandom(seed + 1000u);
            var x = new float[2];
            var d = new float[1];
            var losses = new float[steps];
            for (int step = 0; step < steps; step++)
            {
                x[0] = random.NextFloat();
                x[1] = random.NextFloat();
                d[0] = 3f * x[0] + 2f * x[1];
                losses[step] = network.TrainStep(x, d, 0.07f);
            }
            return losses;
        }

        private static float Mean(float[] values, int start, int count)
        {
            float sum = 0f;
            for (int k = start; k < start + count; k++) sum += values[k];
            return sum / count;
        }

        private static float Sum(float[] values)
        {
            float sum = 0f;
            for (int k = 0; k < values.Length; k++) sum += values[k];
            return sum;
        }
    }
}
