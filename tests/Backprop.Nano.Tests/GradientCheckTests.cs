#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Backward's gradients against central finite differences of E, computed by an
    /// independent double-precision forward pass, for every hidden x output activation pair.
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
                        CheckOne(shapes[s], shapes[s + 1], shapes[s + 2], activations[h], activations[o], seed++);
                    }
                }
            }
        }

        private static void CheckOne(int inputCount, int hiddenCount, int outputCount,
            Activation hidden, Activation output, uint seed)
        {
            string name = inputCount + "-" + hiddenCount + "-" + outputCount + " " + ActivationName(hidden) + "/" + ActivationName(output);
            var network = new TwoLayerNetwork(inputCount, hiddenCount, outputCount, hidden, output);
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
                for (int j = 0; j < outputCount; j++) d[j] = random.NextSymmetric(1f);
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

        // The seed's forward pass (eq. 1 twice) and E = 1/2 sum (y - d)^2, in double.
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
            double loss = 0;
            for (int j = 0; j < network.OutputCount; j++)
            {
                double u = network.B2[j];
                for (int i = 0; i < hiddenCount; i++) u += (double)network.W2[j * hiddenCount + i] * z1[i];
                double difference = ReferenceMath.Apply(network.OutputActivation, u) - d[j];
                loss += 0.5 * difference * difference;
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
                default: return "Identity";
            }
        }
    }
}
