#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class FusedStepTests
    {
        [TestMethod]
        public void Fused_TrainStep_gives_bit_identical_weights_to_the_unfused_one()
        {
            Activation[] activations = { Activation.Identity, Activation.Relu, Activation.Sigmoid, Activation.Tanh };
            for (int h = 0; h < activations.Length; h++)
            {
                for (int o = 0; o < activations.Length; o++)
                {
                    var unfused = new TwoLayerNetwork(3, 7, 2, activations[h], activations[o]);
                    var fused = new TwoLayerNetwork(3, 7, 2, activations[h], activations[o], true);
                    uint seed = (uint)(10 * h + o + 1);
                    unfused.Initialize(seed);
                    fused.Initialize(seed);
                    var random = new DeterministicRandom(seed);
                    var x = new float[3];
                    var d = new float[2];
                    string name = "hidden " + h + ", output " + o;
                    for (int step = 0; step < 300; step++)
                    {
                        for (int i = 0; i < 3; i++) x[i] = random.NextSymmetric(2f);
                        d[0] = x[0] * x[1];
                        d[1] = 0.3f - x[2];
                        float expected = unfused.TrainStep(x, d, 0.05f);
                        Assert.AreEqual(expected, fused.TrainStep(x, d, 0.05f), name + ": E at step " + step);
                    }
                    Expect.SameValues(unfused.W1, fused.W1, name + ": W1");
                    Expect.SameValues(unfused.B1, fused.B1, name + ": b1");
                    Expect.SameValues(unfused.W2, fused.W2, name + ": W2");
                    Expect.SameValues(unfused.B2, fused.B2, name + ": b2");
                    Expect.SameValues(unfused.Delta1, fused.Delta1, name + ": delta1");
                }
            }
        }

        [TestMethod]
        public void A_fused_network_has_no_gradient_buffers_and_says_so()
        {
            var network = new TwoLayerNetwork(2, 3, 1, Activation.Relu, Activation.Identity, true);
            Assert.IsTrue(network.IsFused, "IsFused");
            Assert.IsTrue(network.GradW1 == null && network.GradB1 == null && network.GradW2 == null && network.GradB2 == null, "no Grad buffers");
            float[] x = { 1f, 2f };
            float[] d = { 1f };
            network.Forward(x);
            Expect.Throws(typeof(System.InvalidOperationException), () => network.Backward(x, d), "Backward");
            Expect.ThrowsArgument("network", () => new SgdOptimizer(network, 0.1f, 0f, 1), "optimizer");
            network.ZeroGradients();
            Assert.IsFalse(new TwoLayerNetwork(2, 3, 1, Activation.Relu, Activation.Identity).IsFused, "unfused by default");
        }
    }
}
