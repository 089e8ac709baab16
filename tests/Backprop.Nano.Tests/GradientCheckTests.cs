#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Backward's gradients against central finite differences of E, computed by an
    /// independent double-precision forward pass, for every hidden x output activation pair
    /// and for cross-entropy with a softmax or sigmoid output.
    /// </summary>
    [TestClass]
    public class GradientCheckTests
    {
        private const double Step = 1e-4;
        private const double AbsoluteTolerance = 2e-4;
        private const double RelativeTolerance = 2e-3;
        // ReLU has a kink at u = 0; samples that put a pre-activation this close to it are redrawn.
        private const double KinkMargin = 1e-2;

        [TestMethod]
        public void Gradients_match_finite_differences_for_every_activation_pair()
        {
            Activation[] activations = { Activation.Identity, Activation.Relu, Activation.Sigmoid, Activation.Tanh };
            int[] shapes = { 3, 4, 2, 1, 5, 3, 4, 1, 1 };
            uint seed = 11;
            for (int h = 0; h < activations.Length; h++)
            {
                for (int o = 0; o < activations.Length; o++)
                {
                    for (int s = 0; s < shapes.Length; s += 3)
                    {
                        CheckOne(shapes[s], shapes[s + 1], shapes[s + 2], activations[h], activations[o], LossFunction.SquaredError, false, seed++);
                    }
                }
            }
        }

        // Softmax + cross-entropy with one-hot and with soft targets (a distribution), sigmoid + binary
        // cross-entropy with 0/1 and with fractional targets, every hidden activation; one output included
        // (a one-class softmax is the constant 1, E = 0 and every gradient 0).
        [TestMethod]
        public void Cross_entropy_gradients_match_finite_differences_for_every_hidden_activation()
        {
            Activation[] hiddens = { Activation.Identity, Activation.Relu, Activation.Sigmoid, Activation.Tanh };
            Activation[] outputs = { Activation.Softmax, Activation.Sigmoid };
            int[] shapes = { 3, 4, 2, 1, 5, 3, 4, 6, 4, 2, 3, 1 };
            uint seed = 101;
            for (int h = 0; h < hiddens.Length; h++)
            {
                for (int o = 0; o < outputs.Length; o++)
                {
                    for (int s = 0; s < shapes.Length; s += 3)
                    {
                        CheckOne(shapes[s], shapes[s + 1], shapes[s + 2], hiddens[h], outputs[o], LossFunction.CrossEntropy, false, seed++);
                        CheckOne(shapes[s], shapes[s + 1], shapes[s + 2], hiddens[h], outputs[o], LossFunction.CrossEntropy, true, seed++);
                    }
                }
            }
        }

        private static void CheckOne(int inputCount, int hiddenCount, int outputCount,
            Activation hidden, Activation output, LossFunction lossFunction, bool softTargets, uint seed)
        {
            string name = inputCount + "-" + hiddenCount + "-" + outputCount + " " + ActivationName(hidden) + "/" + ActivationName(output)
                + (lossFunction == LossFunction.CrossEntropy ? (softTargets ? " CE soft" : " CE hard") : "");
            var network = new TwoLayerNetwork(inputCount, hiddenCount, outputCount, hidden, output, lossFunction);
            network.Initialize(seed);
            var random = new DeterministicRandom(seed * 7919u);
            // Non-zero biases so that they are exercised too.
            for (int j = 0; j < network.B1.Length; j++) network.B1[j] = random.NextSymmetric(0.5f);
            for (int j = 0; j < network.B2.Length; j++) network.B2[j] = random.NextSymmetric(0.5f);

            var x = new float[inputCount];
            var d = new float[outputCount];
            int attempts = 0;
            do
            {
                Assert.IsTrue(++attempts < 100, name + ": no sample away from the ReLU kinks");
                for (int i = 0; i < inputCount; i++) x[i] = random.NextSymmetric(1.5f);
                if (lossFunction == LossFunction.SquaredError) for (int j = 0; j < outputCount; j++) d[j] = random.NextSymmetric(1f);
                else Targets(d, output, softTargets, random);
            }
            while (NearKink(network, x));

            var gradients = new ParameterBuffers(inputCount, hiddenCount, outputCount);
            network.Forward(x);
            float loss = network.Backward(x, d, gradients);
            Expect.Near(ReferenceLoss(network, x, d), loss, 1e-6, 1e-5, name + " E");

            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                CompareWithFiniteDifferences(network, network.Parameters.Get(k), gradients.Get(k), x, d, name + " " + ParameterBuffers.NameOf(k));
            }
        }

        private static void CompareWithFiniteDifferences(TwoLayerNetwork network, float[] parameters,
            float[] gradient, float[] x, float[] d, string name)
        {
            for (int k = 0; k < parameters.Length; k++)
            {
                float original = parameters[k];
                // Perturb by float-representable amounts and divide by the true distance between them.
                float plus = (float)(original + Step);
                float minus = (float)(original - Step);
                parameters[k] = plus;
                double lossPlus = ReferenceLoss(network, x, d);
                parameters[k] = minus;
                double lossMinus = ReferenceLoss(network, x, d);
                parameters[k] = original;
                double numeric = (lossPlus - lossMinus) / ((double)plus - minus);
                Expect.Near(numeric, gradient[k], AbsoluteTolerance, RelativeTolerance, name + "[" + k + "]");
            }
        }

        // Softmax: one-hot (class drawn at random) or a random distribution (sums to 1 up to float rounding,
        // which moves E's gradient from y - d by at most about 1e-7 times y). Sigmoid: 0/1 or anything in [0, 1].
        private static void Targets(float[] d, Activation output, bool soft, DeterministicRandom random)
        {
            int count = d.Length;
            if (output == Activation.Softmax && !soft)
            {
                int hot = (int)(random.NextUInt() % (uint)count);
                for (int j = 0; j < count; j++) d[j] = j == hot ? 1f : 0f;
                return;
            }
            float total = 0f;
            for (int j = 0; j < count; j++)
            {
                d[j] = soft ? random.NextFloat() : (random.NextUInt() & 1) == 0 ? 0f : 1f;
                total += d[j];
            }
            if (output != Activation.Softmax) return;
            for (int j = 0; j < count; j++) d[j] = d[j] / total;
        }

        // The seed's forward pass (eq. 1 twice) and E = 1/2 sum (y - d)^2, in double; or the cross-entropy,
        // from its definition -sum d log y (softmax) and -sum [d log y + (1 - d) log(1 - y)] (sigmoid).
        private static double ReferenceLoss(TwoLayerNetwork network, float[] x, float[] d)
        {
            int inputCount = network.InputCount, hiddenCount = network.HiddenCount;
            var z1 = new double[hiddenCount];
            for (int j = 0; j < hiddenCount; j++)
            {
                double u = network.B1[j];
                for (int i = 0; i < inputCount; i++) u += (double)network.W1[j * inputCount + i] * x[i];
                z1[j] = ReferenceMath.Apply(network.HiddenActivation, u);
            }
            int outputCount = network.OutputCount;
            var u2 = new double[outputCount];
            double loss = 0, sum = 0;
            for (int j = 0; j < outputCount; j++)
            {
                double u = network.B2[j];
                for (int i = 0; i < hiddenCount; i++) u += (double)network.W2[j * hiddenCount + i] * z1[i];
                u2[j] = u;
                sum += ReferenceMath.Exp(u);
                if (network.LossFunction == LossFunction.SquaredError)
                {
                    double difference = ReferenceMath.Apply(network.OutputActivation, u) - d[j];
                    loss += 0.5 * difference * difference;
                }
                else if (network.OutputActivation == Activation.Sigmoid)
                {
                    double y = ReferenceMath.Sigmoid(u);
                    loss -= d[j] * ReferenceMath.Log(y) + (1 - d[j]) * ReferenceMath.Log(1 - y);
                }
            }
            if (network.OutputActivation != Activation.Softmax) return loss;
            for (int j = 0; j < outputCount; j++)
            {
                if (d[j] != 0f) loss -= d[j] * ReferenceMath.Log(ReferenceMath.Exp(u2[j]) / sum);
            }
            return loss;
        }

        private static bool NearKink(TwoLayerNetwork network, float[] x)
        {
            int inputCount = network.InputCount, hiddenCount = network.HiddenCount;
            var z1 = new double[hiddenCount];
            bool near = false;
            for (int j = 0; j < hiddenCount; j++)
            {
                double u = network.B1[j];
                for (int i = 0; i < inputCount; i++) u += network.W1[j * inputCount + i] * (double)x[i];
                near |= network.HiddenActivation == Activation.Relu && -KinkMargin < u && u < KinkMargin;
                z1[j] = ReferenceMath.Apply(network.HiddenActivation, u);
            }
            for (int j = 0; j < network.OutputCount; j++)
            {
                double u = network.B2[j];
                for (int i = 0; i < hiddenCount; i++) u += network.W2[j * hiddenCount + i] * z1[i];
                near |= network.OutputActivation == Activation.Relu && -KinkMargin < u && u < KinkMargin;
            }
            return near;
        }

        private static string ActivationName(Activation activation)
        {
            switch (activation)
            {
                case Activation.Relu: return "Relu";
                case Activation.Sigmoid: return "Sigmoid";
                case Activation.Tanh: return "Tanh";
                case Activation.Softmax: return "Softmax";
                default: return "Identity";
            }
        }
    }
}
