#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>Bad arguments raise an ArgumentException naming the argument, and change nothing.</summary>
    [TestClass]
    public class ArgumentTests
    {
        [TestMethod]
        public void Constructor_rejects_sizes_below_one_and_undefined_activations()
        {
            Expect.ThrowsArgument("inputCount", () => new TwoLayerNetwork(0, 2, 1, Activation.Relu, Activation.Identity), "inputCount 0");
            Expect.ThrowsArgument("hiddenCount", () => new TwoLayerNetwork(2, -1, 1, Activation.Relu, Activation.Identity), "hiddenCount -1");
            Expect.ThrowsArgument("outputCount", () => new TwoLayerNetwork(2, 2, 0, Activation.Relu, Activation.Identity), "outputCount 0");
            Expect.ThrowsArgument("hiddenActivation", () => new TwoLayerNetwork(2, 2, 1, (Activation)9, Activation.Identity), "hidden 9");
            Expect.ThrowsArgument("outputActivation", () => new TwoLayerNetwork(2, 2, 1, Activation.Relu, (Activation)(-1)), "output -1");
        }

        [TestMethod]
        public void Forward_Backward_and_TrainStep_reject_null_and_wrong_lengths_without_changing_anything()
        {
            var network = new TwoLayerNetwork(3, 4, 2, Activation.Sigmoid, Activation.Identity);
            float[] x = { 0.1f, 0.2f, 0.3f };
            float[] d = { 1f, -1f };
            var gradients = new ParameterBuffers(3, 4, 2);
            network.Forward(x);
            network.Backward(x, d, gradients);
            float[] state = Snapshot(network, gradients);

            Expect.ThrowsArgument("x", () => network.Forward(null), "Forward(null)");
            Expect.ThrowsArgument("x", () => network.Forward(new float[2]), "Forward(short x)");
            Expect.ThrowsArgument("x", () => network.Backward(new float[4], d, gradients), "Backward(long x)");
            Expect.ThrowsArgument("d", () => network.Backward(x, null, gradients), "Backward(null d)");
            Expect.ThrowsArgument("d", () => network.Backward(x, new float[3], gradients), "Backward(long d)");
            Expect.ThrowsArgument("gradients", () => network.Backward(x, d, null), "Backward(null gradients)");
            Expect.ThrowsArgument("gradients", () => network.Backward(x, d, new ParameterBuffers(3, 5, 2)), "Backward(3-5-2 gradients)");
            Expect.ThrowsArgument("x", () => network.TrainStep(new float[1], d, 0.1f), "TrainStep(short x)");
            Expect.ThrowsArgument("d", () => network.TrainStep(x, new float[1], 0.1f), "TrainStep(short d)");
            float[] badRates = { 0f, -0.1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity };
            for (int k = 0; k < badRates.Length; k++)
            {
                float rate = badRates[k];
                Expect.ThrowsArgument("learningRate", () => network.TrainStep(x, d, rate), "TrainStep(rate " + rate + ")");
            }
            Expect.SameValues(state, Snapshot(network, gradients), "network state");
        }

        [TestMethod]
        public void Optimizer_rejects_bad_settings_and_samples_without_changing_anything()
        {
            var network = new TwoLayerNetwork(3, 4, 2, Activation.Relu, Activation.Identity);
            Expect.ThrowsArgument("network", () => new SgdOptimizer(null, 0.1f, 0f, 1), "null network");
            Expect.ThrowsArgument("learningRate", () => new SgdOptimizer(network, float.NaN, 0f, 1), "NaN rate");
            Expect.ThrowsArgument("momentum", () => new SgdOptimizer(network, 0.1f, 1f, 1), "momentum 1");
            Expect.ThrowsArgument("momentum", () => new SgdOptimizer(network, 0.1f, -0.5f, 1), "momentum -0.5");
            Expect.ThrowsArgument("momentum", () => new SgdOptimizer(network, 0.1f, float.NaN, 1), "momentum NaN");
            Expect.ThrowsArgument("batchSize", () => new SgdOptimizer(network, 0.1f, 0f, 0), "batch 0");

            var optimizer = new SgdOptimizer(network, 0.1f, 0.5f, 2);
            float[] x = { 0.1f, 0.2f, 0.3f };
            float[] d = { 1f, -1f };
            optimizer.Step(x, d);
            float[] state = Snapshot(network, optimizer.Gradients);
            Expect.ThrowsArgument("x", () => optimizer.Step(new float[2], d), "Step(short x)");
            Expect.ThrowsArgument("x", () => optimizer.StepAfterForward(new float[4], d), "StepAfterForward(long x)");
            Expect.ThrowsArgument("d", () => optimizer.StepAfterForward(x, new float[1]), "StepAfterForward(short d)");
            Expect.ThrowsArgument("d", () => optimizer.Step(x, null), "Step(null d)");
            Expect.ThrowsArgument("value", () => optimizer.LearningRate = -1f, "LearningRate = -1");
            Expect.SameValues(state, Snapshot(network, optimizer.Gradients), "network state");
            Assert.AreEqual(1, optimizer.PendingSamples, "PendingSamples");
            Assert.AreEqual(0.1f, optimizer.LearningRate, "LearningRate");
        }

        // Parameters, gradients and the last forward/backward values, end to end.
        private static float[] Snapshot(TwoLayerNetwork network, ParameterBuffers gradients)
        {
            float[][] parts =
            {
                network.W1, network.B1, network.W2, network.B2, gradients.W1, gradients.B1,
                gradients.W2, gradients.B2, network.Z1, network.Y, network.Delta1, network.Delta2,
            };
            int length = 0;
            for (int p = 0; p < parts.Length; p++) length += parts[p].Length;
            var all = new float[length];
            int offset = 0;
            for (int p = 0; p < parts.Length; p++)
            {
                System.Array.Copy(parts[p], 0, all, offset, parts[p].Length);
                offset += parts[p].Length;
            }
            return all;
        }
    }
}
