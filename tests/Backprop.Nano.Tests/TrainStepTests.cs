#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class TrainStepTests
    {
        [TestMethod]
        public void TrainStep_gives_bit_identical_weights_to_Backward_and_a_separate_SGD_update()
        {
            Activation[] activations = { Activation.Identity, Activation.Relu, Activation.Sigmoid, Activation.Tanh };
            for (int h = 0; h < activations.Length; h++)
            {
                for (int o = 0; o < activations.Length; o++)
                {
                    FusedStepMatchesTheUnfusedOne(activations[h], activations[o], LossFunction.SquaredError, (uint)(10 * h + o + 1));
                }
            }
        }

        [TestMethod]
        public void Cross_entropy_TrainStep_gives_bit_identical_weights_to_Backward_and_a_separate_SGD_update()
        {
            Activation[] hiddens = { Activation.Identity, Activation.Relu, Activation.Sigmoid, Activation.Tanh };
            Activation[] outputs = { Activation.Softmax, Activation.Sigmoid };
            for (int h = 0; h < hiddens.Length; h++)
            {
                for (int o = 0; o < outputs.Length; o++)
                {
                    FusedStepMatchesTheUnfusedOne(hiddens[h], outputs[o], LossFunction.CrossEntropy, (uint)(10 * h + o + 1));
                }
            }
        }

        private static void FusedStepMatchesTheUnfusedOne(Activation hidden, Activation output, LossFunction lossFunction, uint seed)
        {
            const float LearningRate = 0.05f;
            var trained = new TwoLayerNetwork(3, 7, 2, hidden, output, lossFunction);
            var reference = new TwoLayerNetwork(3, 7, 2, hidden, output, lossFunction);
            var gradients = new ParameterBuffers(3, 7, 2);
            trained.Initialize(seed);
            reference.Initialize(seed);
            var random = new DeterministicRandom(seed);
            var x = new float[3];
            var d = new float[2];
            string name = "hidden " + (int)hidden + ", output " + (int)output + ", loss " + (int)lossFunction;
            for (int step = 0; step < 300; step++)
            {
                if (lossFunction == LossFunction.CrossEntropy)
                {
                    CrossEntropyTests.ClassSample(random, x, d);
                }
                else
                {
                    for (int i = 0; i < 3; i++) x[i] = random.NextSymmetric(2f);
                    d[0] = x[0] * x[1];
                    d[1] = 0.3f - x[2];
                }

                // The unfused step: gradients first, then w -= eta g over the whole list.
                gradients.Clear();
                reference.Forward(x);
                float expected = reference.Backward(x, d, gradients);
                for (int p = 0; p < ParameterBuffers.Count; p++)
                {
                    float[] w = reference.Parameters.Get(p), g = gradients.Get(p);
                    for (int k = 0; k < w.Length; k++) w[k] -= LearningRate * g[k];
                }

                Assert.AreEqual(expected, trained.TrainStep(x, d, LearningRate), name + ": E at step " + step);
            }
            Expect.SameValues(reference.Parameters, trained.Parameters, name);
            Expect.SameValues(reference.Delta1, trained.Delta1, name + ": delta1");
            Expect.SameValues(reference.Delta2, trained.Delta2, name + ": delta2");
        }

        [TestMethod]
        public void Network_parameters_are_one_list_in_the_model_format_order()
        {
            var network = new TwoLayerNetwork(3, 5, 2, Activation.Relu, Activation.Identity);
            ParameterBuffers parameters = network.Parameters;
            Assert.IsTrue(network.W1 == parameters.Get(0), "W1");
            Assert.IsTrue(network.B1 == parameters.Get(1), "b1");
            Assert.IsTrue(network.W2 == parameters.Get(2), "W2");
            Assert.IsTrue(network.B2 == parameters.Get(3), "b2");
            Assert.AreEqual(15 + 5 + 10 + 2, parameters.TotalLength, "P = HI + H + OH + O");
            Assert.AreEqual("b2", ParameterBuffers.NameOf(3), "name of buffer 3");
        }
    }
}
