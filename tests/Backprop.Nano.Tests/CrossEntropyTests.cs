using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Softmax and sigmoid outputs with cross-entropy (<see cref="LossFunction.CrossEntropy"/>): worked by hand,
    /// at the edges of float, against the unfused update, and pinned to the bits recorded on desktop.
    /// </summary>
    [TestClass]
    public class CrossEntropyTests
    {
        // ln 2 rounded to float (0.693147182464599609375), from any table of logarithms.
        private const uint Ln2Bits = 0x3F317218u;

        [TestMethod]
        public void Softmax_cross_entropy_by_hand()
        {
            TwoLayerNetwork network = Example(Activation.Softmax);
            float[] x = { 1f, 2f };
            float[] d = { 1f, 0f };

            // eq. (1): u1 = [0.5*1 - 0.25*2 + 0.5, -1*1 + 0.25*2 + 0.25] = [0.5, -0.25], z1 = relu(u1) = [0.5, 0]
            //          u2 = [1*0.5 + 3*0 - 0.5, -1*0.5 + 2*0 + 0.5] = [0, 0]
            //          y = softmax(u2) = [e^0, e^0] / 2 = [0.5, 0.5]
            network.Forward(x);
            Expect.SameValues(new float[] { 0.5f, 0f }, network.Z1, "z1");
            Expect.SameValues(new float[] { 0.5f, 0.5f }, network.Y, "y");

            // E = -(1 log 0.5 + 0 log 0.5) = ln 2, which float holds as 0x3F317218.
            var gradients = new ParameterBuffers(2, 2, 2);
            float loss = network.Backward(x, d, gradients);
            Assert.AreEqual(Ln2Bits, LittleEndian.SingleToBits(loss), "E = ln 2");
            Assert.AreEqual(Ln2Bits, LittleEndian.SingleToBits(network.Loss(d)), "Loss(d) = ln 2");
            ExpectGradientsOfTheExample(network, gradients);
        }

        [TestMethod]
        public void Sigmoid_binary_cross_entropy_by_hand()
        {
            TwoLayerNetwork network = Example(Activation.Sigmoid);
            float[] x = { 1f, 2f };
            float[] d = { 1f, 0f };

            // u2 = [0, 0] as above, y = sigmoid(u2) = [0.5, 0.5]
            network.Forward(x);
            Expect.SameValues(new float[] { 0.5f, 0.5f }, network.Y, "y");

            // E = -(1 log 0.5 + 0 log 0.5) - (0 log 0.5 + 1 log 0.5) = 2 ln 2: twice the float ln 2, exactly.
            var gradients = new ParameterBuffers(2, 2, 2);
            float loss = network.Backward(x, d, gradients);
            Assert.AreEqual(Ln2Bits + 0x00800000u, LittleEndian.SingleToBits(loss), "E = 2 ln 2 (exponent one higher)");
            // The same delta2 = y - d as the softmax's, so the same everything after it.
            ExpectGradientsOfTheExample(network, gradients);
        }

        [TestMethod]
        public void TrainStep_by_hand_for_both_cross_entropy_outputs()
        {
            Activation[] outputs = { Activation.Softmax, Activation.Sigmoid };
            for (int o = 0; o < outputs.Length; o++)
            {
                TwoLayerNetwork network = Example(outputs[o]);
                float loss = network.TrainStep(new float[] { 1f, 2f }, new float[] { 1f, 0f }, 0.5f);
                string name = o == 0 ? "softmax" : "sigmoid";

                // w -= 0.5 * the gradients of ExpectGradientsOfTheExample; E before the update.
                Assert.AreEqual(o == 0 ? Ln2Bits : Ln2Bits + 0x00800000u, LittleEndian.SingleToBits(loss), name + ": E");
                Expect.SameValues(new float[] { 1f, 0.75f, -1f, 0.25f }, network.W1, name + ": W1");
                Expect.SameValues(new float[] { 1f, 0.25f }, network.B1, name + ": b1");
                Expect.SameValues(new float[] { 1.125f, 3f, -1.125f, 2f }, network.W2, name + ": W2");
                Expect.SameValues(new float[] { -0.25f, 0.25f }, network.B2, name + ": b2");
            }
        }

        [TestMethod]
        public void Outputs_far_beyond_exp_range_give_finite_losses_and_probabilities()
        {
            // u2 = b2 (W2 = 0): +-80 and +-10000, where e^u overflows or underflows float; the target on a
            // class whose probability underflows to 0 gives a large finite E, not infinity.
            float[] biases = { 80f, -80f, 0f, 10000f, -10000f, 0f };
            float[] expected = { 160f, 80f, 20000f, 10000f };
            for (int b = 0; b < biases.Length; b += 3)
            {
                var softmax = new TwoLayerNetwork(2, 2, 3, Activation.Tanh, Activation.Softmax, LossFunction.CrossEntropy);
                var x = new float[] { 0.5f, -1f };
                Array.Clear(softmax.W2, 0, softmax.W2.Length);
                softmax.B2[0] = biases[b];
                softmax.B2[1] = biases[b + 1];
                softmax.B2[2] = biases[b + 2];
                softmax.Forward(x);
                ExpectProbabilities(softmax.Y, "softmax u2 = " + biases[b]);
                // -log y_1 = log(e^u0 + e^u1 + e^u2) - u1 = (u0 - u1) + log(1 + e^(u1 - u0) + e^(u2 - u0)) = 2 u0 up to e^-80.
                Expect.Near(expected[b / 3 * 2], softmax.Loss(new float[] { 0f, 1f, 0f }), 0, 1e-6, "softmax E, target on the underflowing class");
                Expect.Near(0, softmax.Loss(new float[] { 1f, 0f, 0f }), 2e-7, 0, "softmax E, target on the certain class");
                float trained = softmax.TrainStep(x, new float[] { 0f, 1f, 0f }, 0.01f);
                Assert.IsTrue(FloatMath.IsFinite(trained), "TrainStep's E is finite");
                ExpectFinite(softmax.Parameters, "softmax parameters after the step");

                var sigmoid = new TwoLayerNetwork(2, 2, 2, Activation.Tanh, Activation.Sigmoid, LossFunction.CrossEntropy);
                Array.Clear(sigmoid.W2, 0, sigmoid.W2.Length);
                sigmoid.B2[0] = biases[b];
                sigmoid.B2[1] = biases[b + 1];
                sigmoid.Forward(x);
                ExpectProbabilities(sigmoid.Y, "sigmoid u2 = " + biases[b]);
                // E = max(u, 0) - u d + log(1 + e^-|u|): u for the wrong answer at +u and at -u, up to e^-80.
                Expect.Near(2 * expected[b / 3 * 2 + 1], sigmoid.Loss(new float[] { 0f, 1f }), 0, 1e-6, "sigmoid E, both wrong");
                Expect.Near(0, sigmoid.Loss(new float[] { 1f, 0f }), 2e-7, 0, "sigmoid E, both right");
                Assert.IsTrue(FloatMath.IsFinite(sigmoid.TrainStep(x, new float[] { 0f, 1f }, 0.01f)), "sigmoid TrainStep's E is finite");
                ExpectFinite(sigmoid.Parameters, "sigmoid parameters after the step");
            }
        }

        [TestMethod]
        public void A_NaN_u2_gives_NaN_outputs_and_loss_without_throwing()
        {
            // NaN first and last: the softmax's search for the maximum must neither skip it nor hang (nanoCLR
            // takes NaN > m as true).
            for (int at = 0; at < 3; at += 2)
            {
                var softmax = new TwoLayerNetwork(2, 2, 3, Activation.Relu, Activation.Softmax, LossFunction.CrossEntropy);
                softmax.B2[at] = float.NaN;
                float[] x = { 1f, 1f };
                softmax.Forward(x);
                for (int j = 0; j < 3; j++) Assert.IsTrue(float.IsNaN(softmax.Y[j]), "softmax y[" + j + "], NaN at " + at);
                Assert.IsTrue(float.IsNaN(softmax.Loss(new float[] { 0f, 1f, 0f })), "softmax E, NaN at " + at);
                Assert.IsTrue(float.IsNaN(softmax.TrainStep(x, new float[] { 0f, 1f, 0f }, 0.1f)), "softmax TrainStep, NaN at " + at);
            }
            var infinite = new TwoLayerNetwork(2, 2, 3, Activation.Relu, Activation.Softmax, LossFunction.CrossEntropy);
            infinite.B2[1] = float.PositiveInfinity;
            infinite.Forward(new float[] { 1f, 1f });
            Assert.IsTrue(float.IsNaN(infinite.Loss(new float[] { 0f, 1f, 0f })), "softmax E with an infinite u2");

            var sigmoid = new TwoLayerNetwork(2, 2, 2, Activation.Relu, Activation.Sigmoid, LossFunction.CrossEntropy);
            sigmoid.B2[1] = float.NaN;
            sigmoid.Forward(new float[] { 1f, 1f });
            Assert.IsTrue(float.IsNaN(sigmoid.Y[1]), "sigmoid y");
            Assert.IsTrue(float.IsNaN(sigmoid.Loss(new float[] { 0f, 1f })), "sigmoid E");
        }

        [TestMethod]
        public void Invalid_activation_and_loss_pairs_are_refused()
        {
            Expect.ThrowsArgument("outputActivation", () => new TwoLayerNetwork(2, 2, 2, Activation.Tanh, Activation.Softmax), "softmax, squared error");
            Expect.ThrowsArgument("outputActivation",
                () => new TwoLayerNetwork(2, 2, 2, Activation.Tanh, Activation.Softmax, LossFunction.SquaredError), "softmax, squared error (6 arguments)");
            Activation[] notProbabilities = { Activation.Identity, Activation.Relu, Activation.Tanh };
            for (int k = 0; k < notProbabilities.Length; k++)
            {
                Activation output = notProbabilities[k];
                Expect.ThrowsArgument("outputActivation",
                    () => new TwoLayerNetwork(2, 2, 2, Activation.Tanh, output, LossFunction.CrossEntropy), "cross-entropy, output " + (int)output);
            }
            Expect.ThrowsArgument("hiddenActivation",
                () => new TwoLayerNetwork(2, 2, 2, Activation.Softmax, Activation.Softmax, LossFunction.CrossEntropy), "softmax hidden");
            Expect.ThrowsArgument("hiddenActivation",
                () => new TwoLayerNetwork(2, 2, 1, Activation.Softmax, Activation.Identity), "softmax hidden, squared error");
            Expect.ThrowsArgument("lossFunction",
                () => new TwoLayerNetwork(2, 2, 1, Activation.Tanh, Activation.Sigmoid, (LossFunction)2), "loss 2");
            // A softmax has no derivative per unit: the per-unit helpers refuse it rather than computing nonsense.
            var buffer = new float[2];
            Expect.ThrowsArgument("activation", () => Activations.MultiplyByDerivative(Activation.Softmax, buffer, buffer, 2), "MultiplyByDerivative");
            Expect.ThrowsArgument("activation", () => Activations.Derivatives(Activation.Softmax, buffer, buffer, 2), "Derivatives");
            Expect.ThrowsArgument("activation", () => Activations.TimesDerivative(Activation.Softmax, 1f, 0.5f), "TimesDerivative");

            Assert.IsTrue(new TwoLayerNetwork(2, 2, 1, Activation.Tanh, Activation.Sigmoid).LossFunction == LossFunction.SquaredError, "5 arguments: squared error");
            Assert.IsTrue(new TwoLayerNetwork(2, 2, 1, Activation.Tanh, Activation.Sigmoid, LossFunction.CrossEntropy).LossFunction
                == LossFunction.CrossEntropy, "LossFunction");
        }

        [TestMethod]
        public void Apply_softmax_in_place_gives_probabilities_that_sum_to_one()
        {
            // Against the double reference; Apply leaves y in the buffer that held u.
            float[] u = { 3f, 3.6931472f, 4.3862944f, -1f };
            var expected = new double[u.Length];
            double sum = 0;
            for (int j = 0; j < u.Length; j++) sum += ReferenceMath.Exp(u[j]);
            for (int j = 0; j < u.Length; j++) expected[j] = ReferenceMath.Exp(u[j]) / sum;
            Activations.Apply(Activation.Softmax, u, u.Length);
            float total = 0f;
            for (int j = 0; j < u.Length; j++)
            {
                Expect.Near(expected[j], u[j], 0, 4e-7, "y[" + j + "]");
                total += u[j];
            }
            Expect.Near(1, total, 3e-7, 0, "sum of y");
        }

        [TestMethod]
        public void TrainStep_gives_bit_identical_weights_to_Backward_and_a_separate_SGD_update()
        {
            const float LearningRate = 0.05f;
            Activation[] hiddens = { Activation.Identity, Activation.Relu, Activation.Sigmoid, Activation.Tanh };
            Activation[] outputs = { Activation.Softmax, Activation.Sigmoid };
            for (int h = 0; h < hiddens.Length; h++)
            {
                for (int o = 0; o < outputs.Length; o++)
                {
                    var trained = new TwoLayerNetwork(3, 7, 3, hiddens[h], outputs[o], LossFunction.CrossEntropy);
                    var reference = new TwoLayerNetwork(3, 7, 3, hiddens[h], outputs[o], LossFunction.CrossEntropy);
                    var gradients = new ParameterBuffers(3, 7, 3);
                    uint seed = (uint)(10 * h + o + 1);
                    trained.Initialize(seed);
                    reference.Initialize(seed);
                    var random = new DeterministicRandom(seed);
                    var x = new float[3];
                    var d = new float[3];
                    string name = "hidden " + h + ", output " + o;
                    for (int step = 0; step < 300; step++)
                    {
                        ClassSample(random, x, d);
                        gradients.Clear();
                        reference.Forward(x);
                        float expected = reference.Backward(x, d, gradients);
                        for (int p = 0; p < ParameterBuffers.Count; p++)
                        {
                            float[] w = reference.Parameters.Get(p), g = gradients.Get(p);
                            for (int k = 0; k < w.Length; k++) w[k] -= LearningRate * g[k];
                        }
                        Assert.AreEqual(LittleEndian.SingleToBits(expected), LittleEndian.SingleToBits(trained.TrainStep(x, d, LearningRate)),
                            name + ": E at step " + step);
                    }
                    Expect.SameValues(reference.Parameters, trained.Parameters, name);
                    Expect.SameValues(reference.Delta2, trained.Delta2, name + ": delta2");
                }
            }
        }

        [TestMethod]
        public void Momentum_optimizer_follows_Backward_and_the_documented_update()
        {
            // Batch of one: the fused MomentumStepCore path; batch of 3: BackwardCore into the gradients.
            const float LearningRate = 0.05f, Momentum = 0.9f;
            Activation[] outputs = { Activation.Softmax, Activation.Sigmoid };
            int[] batchSizes = { 1, 3 };
            for (int o = 0; o < outputs.Length; o++)
            {
                for (int b = 0; b < batchSizes.Length; b++)
                {
                    int batchSize = batchSizes[b];
                    string name = "output " + o + ", batch " + batchSize;
                    var trained = new TwoLayerNetwork(3, 6, 3, Activation.Relu, outputs[o], LossFunction.CrossEntropy);
                    var reference = new TwoLayerNetwork(3, 6, 3, Activation.Relu, outputs[o], LossFunction.CrossEntropy);
                    var optimizer = new SgdOptimizer(trained, LearningRate, Momentum, batchSize);
                    var gradients = new ParameterBuffers(3, 6, 3);
                    var velocities = new ParameterBuffers(3, 6, 3);
                    var random = new DeterministicRandom(31);
                    var x = new float[3];
                    var d = new float[3];
                    for (int batch = 0; batch < 20; batch++)
                    {
                        gradients.Clear();
                        for (int k = 0; k < batchSize; k++)
                        {
                            ClassSample(random, x, d);
                            float loss = optimizer.Step(x, d);
                            reference.Forward(x);
                            Assert.AreEqual(LittleEndian.SingleToBits(reference.Backward(x, d, gradients)), LittleEndian.SingleToBits(loss), name + ": E");
                        }
                        float step = LearningRate / batchSize;
                        for (int p = 0; p < ParameterBuffers.Count; p++)
                        {
                            float[] w = reference.Parameters.Get(p), g = gradients.Get(p), v = velocities.Get(p);
                            for (int k = 0; k < w.Length; k++)
                            {
                                v[k] = Momentum * v[k] - step * g[k];
                                w[k] = w[k] + v[k];
                            }
                        }
                        Expect.SameValues(reference.Parameters, trained.Parameters, name + ", update " + batch);
                    }
                    Expect.SameValues(velocities, optimizer.Velocities, name + ": velocities");
                }
            }
        }

        [TestMethod]
        public void Softmax_classifier_learns_which_input_is_largest()
        {
            var network = new TwoLayerNetwork(3, 8, 3, Activation.Tanh, Activation.Softmax, LossFunction.CrossEntropy);
            var random = new DeterministicRandom(3);
            var x = new float[3];
            var d = new float[3];
            float first = 0f, last = 0f;
            int correct = 0;
            for (int step = 0; step < 3000; step++)
            {
                ClassSample(random, x, d);
                float loss = network.TrainStep(x, d, 0.1f);
                if (step < 300) first += loss;
                if (step >= 2700)
                {
                    last += loss;
                    // The sample's class is the one the network had given the highest probability before the step.
                    int predicted = 0;
                    for (int j = 1; j < 3; j++) if (network.Y[predicted] < network.Y[j]) predicted = j;
                    if (d[predicted] == 1f) correct++;
                }
            }
            Assert.IsTrue(last <= 0.25f * first, "mean E of the last 300 steps " + last / 300 + " vs first 300 " + first / 300);
            Assert.IsTrue(270 <= correct, "correct in the last 300: " + correct);
        }

        /// <summary>
        /// Pins bit patterns recorded on desktop .NET (x64), as TrainingTests does for the seed's outputs:
        /// run in nanoCLR, a failure means some operation of the softmax, the sigmoid or their losses
        /// (FloatMath.Log, Log1p) rounds differently there.
        /// </summary>
        [TestMethod]
        public void Cross_entropy_results_match_the_bits_recorded_on_desktop()
        {
            var softmax = new TwoLayerNetwork(3, 8, 3, Activation.Tanh, Activation.Softmax, LossFunction.CrossEntropy);
            var sigmoid = new TwoLayerNetwork(3, 8, 3, Activation.Relu, Activation.Sigmoid, LossFunction.CrossEntropy);
            float softmaxLoss = Train(softmax, 7, 200);
            float sigmoidLoss = Train(sigmoid, 8, 200);
            Assert.AreEqual(0x400385F7u, LittleEndian.SingleToBits(Sum(softmax.W1)), "softmax: sum of W1 (2.0550516)");
            Assert.AreEqual(0xBFBC9260u, LittleEndian.SingleToBits(Sum(softmax.W2)), "softmax: sum of W2 (-1.473217)");
            Assert.AreEqual(0x42D16A64u, LittleEndian.SingleToBits(softmaxLoss), "softmax: sum of E (104.707794)");
            Assert.AreEqual(0xBF5465A2u, LittleEndian.SingleToBits(Sum(sigmoid.W1)), "sigmoid: sum of W1 (-0.8296758)");
            Assert.AreEqual(0xC05554D7u, LittleEndian.SingleToBits(Sum(sigmoid.W2)), "sigmoid: sum of W2 (-3.3333032)");
            Assert.AreEqual(0x4372DF40u, LittleEndian.SingleToBits(sigmoidLoss), "sigmoid: sum of E (242.87207)");
            Assert.AreEqual(0x3F928682u, LittleEndian.SingleToBits(FloatMath.Log(3.14159274f)), "Log(pi) (1.1447299)");
            Assert.AreEqual(0xC2B834F2u, LittleEndian.SingleToBits(FloatMath.Log(1e-40f)), "Log(1e-40) (-92.10341), subnormal");
            Assert.AreEqual(0x3A8301ABu, LittleEndian.SingleToBits(FloatMath.Log1p(1e-3f)), "Log1p(1e-3) (0.0009995004)");
        }

        private static float Train(TwoLayerNetwork network, uint seed, int steps)
        {
            network.Initialize(seed);
            var random = new DeterministicRandom(seed + 1000u);
            var x = new float[network.InputCount];
            var d = new float[network.OutputCount];
            float total = 0f;
            for (int step = 0; step < steps; step++)
            {
                ClassSample(random, x, d);
                total += network.TrainStep(x, d, 0.1f);
            }
            return total;
        }

        // x uniform in [-1, 1)^3 and d one-hot on its largest component.
        private static void ClassSample(DeterministicRandom random, float[] x, float[] d)
        {
            int largest = 0;
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = random.NextSymmetric(1f);
                if (x[largest] < x[i]) largest = i;
            }
            for (int j = 0; j < d.Length; j++) d[j] = j == largest ? 1f : 0f;
        }

        // The 2-2-2 ReLU network of Softmax_cross_entropy_by_hand, whose u2 is [0, 0] for x = [1, 2].
        private static TwoLayerNetwork Example(Activation output)
        {
            var network = new TwoLayerNetwork(2, 2, 2, Activation.Relu, output, LossFunction.CrossEntropy);
            float[][] values =
            {
                new float[] { 0.5f, -0.25f, -1f, 0.25f }, new float[] { 0.5f, 0.25f },
                new float[] { 1f, 3f, -1f, 2f }, new float[] { -0.5f, 0.5f },
            };
            for (int k = 0; k < ParameterBuffers.Count; k++) Array.Copy(values[k], network.Parameters.Get(k), values[k].Length);
            return network;
        }

        // For the example with y = [0.5, 0.5], d = [1, 0], under either cross-entropy.
        private static void ExpectGradientsOfTheExample(TwoLayerNetwork network, ParameterBuffers gradients)
        {
            // delta2 = dE/du2 = y - d = [-0.5, 0.5] (no f2' factor: see TwoLayerNetwork.OutputDeltas)
            Expect.SameValues(new float[] { -0.5f, 0.5f }, network.Delta2, "delta2");
            // eq. (5): dE/dW2 = delta2 z1^T = [[-0.5*0.5, 0], [0.5*0.5, 0]], dE/db2 = delta2
            Expect.SameValues(new float[] { -0.25f, 0f, 0.25f, 0f }, gradients.W2, "dE/dW2");
            Expect.SameValues(new float[] { -0.5f, 0.5f }, gradients.B2, "dE/db2");
            // delta1 = (W2^T delta2) * relu'(u1) = [1*(-0.5) - 1*0.5, 3*(-0.5) + 2*0.5] * [1, 0] = [-1, 0]
            Expect.SameValues(new float[] { -1f, 0f }, network.Delta1, "delta1");
            // dE/dW1 = delta1 x^T = [[-1, -2], [0, 0]], dE/db1 = delta1
            Expect.SameValues(new float[] { -1f, -2f, 0f, 0f }, gradients.W1, "dE/dW1");
            Expect.SameValues(new float[] { -1f, 0f }, gradients.B1, "dE/db1");
        }

        private static void ExpectProbabilities(float[] y, string what)
        {
            for (int j = 0; j < y.Length; j++)
            {
                Assert.IsTrue(0f <= y[j] && y[j] <= 1f, what + ": y[" + j + "] = " + y[j]);
            }
        }

        private static void ExpectFinite(ParameterBuffers parameters, string what)
        {
            for (int p = 0; p < ParameterBuffers.Count; p++)
            {
                float[] values = parameters.Get(p);
                for (int k = 0; k < values.Length; k++) Assert.IsTrue(FloatMath.IsFinite(values[k]), what + ": buffer " + p + "[" + k + "]");
            }
        }

        private static float Sum(float[] values)
        {
            float sum = 0f;
            for (int k = 0; k < values.Length; k++) sum += values[k];
            return sum;
        }
    }
}
