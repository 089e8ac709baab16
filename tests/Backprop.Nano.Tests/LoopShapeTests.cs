#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// The library's loops run four terms a round and the last 0 to 3 apart (fewer interpreted
    /// instructions on nanoCLR). These tests run every remainder of every loop against a plain float
    /// reference written one term at a time, in the order of the notes, and require the same bits.
    /// </summary>
    [TestClass]
    public class LoopShapeTests
    {
        private const float Rate = 0.05f;
        private const float Momentum = 0.9f;

        // Inputs, hidden units, outputs: each count from 1 to 10, so each loop meets every remainder of 4.
        private static readonly int[] Shapes = { 1, 1, 1, 2, 10, 1, 3, 7, 2, 4, 4, 4, 5, 6, 3, 6, 5, 5, 7, 9, 6, 8, 3, 8, 9, 2, 7, 10, 8, 10 };

        [TestMethod]
        public void TrainStep_Backward_and_the_momentum_step_match_a_plain_loop_for_every_row_length()
        {
            Activation[] hidden = { Activation.Relu, Activation.Tanh };
            Activation[] output = { Activation.Identity, Activation.Sigmoid };
            for (int s = 0; s < Shapes.Length; s += 3)
            {
                for (int h = 0; h < hidden.Length; h++)
                {
                    for (int o = 0; o < output.Length; o++)
                    {
                        MatchesThePlainLoops(Shapes[s], Shapes[s + 1], Shapes[s + 2], hidden[h], output[o], (uint)(s + 10 * h + o + 1));
                    }
                }
            }
        }

        private static void MatchesThePlainLoops(int inputs, int hidden, int outputs, Activation f1, Activation f2, uint seed)
        {
            string name = inputs + "-" + hidden + "-" + outputs + " " + (int)f1 + "/" + (int)f2;
            var trained = new TwoLayerNetwork(inputs, hidden, outputs, f1, f2);
            var viaBackward = new TwoLayerNetwork(inputs, hidden, outputs, f1, f2);
            var viaMomentum = new TwoLayerNetwork(inputs, hidden, outputs, f1, f2);
            var plainSgd = new TwoLayerNetwork(inputs, hidden, outputs, f1, f2);
            var plainMomentum = new TwoLayerNetwork(inputs, hidden, outputs, f1, f2);
            trained.Initialize(seed);
            viaBackward.Initialize(seed);
            viaMomentum.Initialize(seed);
            plainSgd.Initialize(seed);
            plainMomentum.Initialize(seed);
            var optimizer = new SgdOptimizer(viaMomentum, Rate, Momentum, 1);
            var gradients = new ParameterBuffers(inputs, hidden, outputs);
            var plainGradients = new ParameterBuffers(inputs, hidden, outputs);
            var plainVelocities = new ParameterBuffers(inputs, hidden, outputs);
            var random = new DeterministicRandom(seed);
            var x = new float[inputs];
            var d = new float[outputs];
            var plainY = new float[outputs];
            for (int step = 0; step < 40; step++)
            {
                for (int i = 0; i < inputs; i++) x[i] = random.NextSymmetric(2f);
                for (int j = 0; j < outputs; j++) d[j] = random.NextSymmetric(1f);

                // SGD: TrainStep, and Forward + Backward + the update, against the plain loops.
                plainGradients.Clear();
                float expected = PlainGradients(plainSgd, x, d, plainGradients, plainY);
                Expect.SameValues(plainY, viaBackward.Forward(x), name + ": y at step " + step);
                gradients.Clear();
                Assert.AreEqual(expected, viaBackward.Backward(x, d, gradients), name + ": E of Backward at step " + step);
                Expect.SameValues(plainGradients, gradients, name + ": gradients at step " + step);
                Assert.AreEqual(expected, trained.TrainStep(x, d, Rate), name + ": E of TrainStep at step " + step);
                for (int p = 0; p < ParameterBuffers.Count; p++)
                {
                    float[] w = plainSgd.Parameters.Get(p), g = plainGradients.Get(p), wb = viaBackward.Parameters.Get(p);
                    for (int k = 0; k < w.Length; k++)
                    {
                        w[k] -= Rate * g[k];
                        wb[k] -= Rate * g[k];
                    }
                }

                // Momentum with a batch of one: v = mu v - eta g, w = w + v.
                plainGradients.Clear();
                expected = PlainGradients(plainMomentum, x, d, plainGradients, plainY);
                Assert.AreEqual(expected, optimizer.Step(x, d), name + ": E of the momentum step at step " + step);
                for (int p = 0; p < ParameterBuffers.Count; p++)
                {
                    float[] w = plainMomentum.Parameters.Get(p), g = plainGradients.Get(p), v = plainVelocities.Get(p);
                    for (int k = 0; k < w.Length; k++)
                    {
                        v[k] = Momentum * v[k] - Rate * g[k];
                        w[k] += v[k];
                    }
                }
            }
            Expect.SameValues(plainSgd.Parameters, trained.Parameters, name + ": TrainStep");
            Expect.SameValues(plainSgd.Parameters, viaBackward.Parameters, name + ": Backward");
            Expect.SameValues(plainMomentum.Parameters, viaMomentum.Parameters, name + ": momentum");
            Expect.SameValues(plainVelocities, optimizer.Velocities, name + ": velocities");
        }

        // Forward, then ADDS dE/dparameters into gradients, one term at a time; y gets the output; returns E.
        private static float PlainGradients(TwoLayerNetwork network, float[] x, float[] d, ParameterBuffers gradients, float[] y)
        {
            int inputs = network.InputCount, hidden = network.HiddenCount, outputs = network.OutputCount;
            float[] w1 = network.W1, b1 = network.B1, w2 = network.W2, b2 = network.B2;
            var z1 = new float[hidden];
            for (int j = 0; j < hidden; j++)
            {
                float u = b1[j];
                for (int i = 0; i < inputs; i++) u += w1[j * inputs + i] * x[i];
                z1[j] = Apply(network.HiddenActivation, u);
            }
            float sumOfSquares = 0f;
            var delta2 = new float[outputs];
            for (int j = 0; j < outputs; j++)
            {
                float u = b2[j];
                for (int i = 0; i < hidden; i++) u += w2[j * hidden + i] * z1[i];
                y[j] = Apply(network.OutputActivation, u);
                float difference = y[j] - d[j];
                sumOfSquares += difference * difference;
                delta2[j] = Activations.TimesDerivative(network.OutputActivation, difference, y[j]);
                gradients.B2[j] += delta2[j];
            }
            for (int i = 0; i < hidden; i++)
            {
                float sum = 0f;
                for (int j = 0; j < outputs; j++)
                {
                    sum += w2[j * hidden + i] * delta2[j];
                    gradients.W2[j * hidden + i] += delta2[j] * z1[i];
                }
                float delta1 = Activations.TimesDerivative(network.HiddenActivation, sum, z1[i]);
                gradients.B1[i] += delta1;
                for (int n = 0; n < inputs; n++) gradients.W1[i * inputs + n] += delta1 * x[n];
            }
            return 0.5f * sumOfSquares;
        }

        private static float Apply(Activation activation, float u)
        {
            switch (activation)
            {
                case Activation.Relu: return 0f < u ? u : 0f;
                case Activation.Sigmoid: return FloatMath.Sigmoid(u);
                case Activation.Tanh: return FloatMath.Tanh(u);
                default: return u;
            }
        }
    }
}
