#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// 2-2-1 networks whose every intermediate value is worked out by hand below. All numbers
    /// are short binary fractions, so float computes them exactly and the checks are exact.
    /// </summary>
    [TestClass]
    public class HandWorkedExampleTests
    {
        [TestMethod]
        public void Relu_hidden_layer_by_hand()
        {
            TwoLayerNetwork network = ReluExample();
            float[] x = { 1f, 2f };
            float[] d = { 1f };

            // eq. (1): u1_0 = 0.5*1 - 0.25*2 + 0.5 = 0.5, u1_1 = -1*1 + 0.25*2 + 0.25 = -0.25
            //          z1 = relu(u1) = [0.5, 0]
            //          u2 = 2*0.5 - 3*0 + 0.25 = 1.25 = y (identity output)
            float[] y = network.Forward(x);
            Expect.SameValues(new float[] { 0.5f, 0f }, network.Z1, "z1");
            Expect.SameValues(new float[] { 1.25f }, y, "y");

            // E = 1/2 (1.25 - 1)^2 = 0.03125
            var gradients = GradientsFor(network);
            float loss = network.Backward(x, d, gradients);
            Assert.AreEqual(0.03125f, loss, "E");

            // eqs. (3), (4): delta2 = y - d = 0.25
            Expect.SameValues(new float[] { 0.25f }, network.Delta2, "delta2");
            // eq. (5): dE/dw_ji(2) = delta2_j z1_i = [0.25*0.5, 0.25*0] ; dE/db2 = delta2
            Expect.SameValues(new float[] { 0.125f, 0f }, gradients.W2, "dE/dW2");
            Expect.SameValues(new float[] { 0.25f }, gradients.B2, "dE/db2");
            // delta1 = (W2^T delta2) * relu'(u1) = [2*0.25, -3*0.25] * [1, 0] = [0.5, 0]
            Expect.SameValues(new float[] { 0.5f, 0f }, network.Delta1, "delta1");
            // grad W1 = delta1 x^T = [[0.5*1, 0.5*2], [0, 0]] ; grad b1 = delta1
            Expect.SameValues(new float[] { 0.5f, 1f, 0f, 0f }, gradients.W1, "dE/dW1");
            Expect.SameValues(new float[] { 0.5f, 0f }, gradients.B1, "dE/db1");
        }

        [TestMethod]
        public void Sigmoid_derivative_is_taken_at_u1_not_at_z1()
        {
            var network = new TwoLayerNetwork(2, 2, 1, Activation.Sigmoid, Activation.Identity);
            SetParameters(network,
                new float[] { 0.5f, -0.25f, 0f, 0f }, new float[] { 0f, 0f },
                new float[] { 1f, -1f }, new float[] { 0.5f });
            float[] x = { 1f, 2f };
            float[] d = { 0f };

            // u1 = [0.5*1 - 0.25*2, 0] = [0, 0], z1 = sigmoid(0) = [0.5, 0.5]
            // y = u2 = 1*0.5 - 1*0.5 + 0.5 = 0.5
            network.Forward(x);
            Expect.SameValues(new float[] { 0.5f, 0.5f }, network.Z1, "z1");
            Expect.SameValues(new float[] { 0.5f }, network.Y, "y");

            // E = 1/2 * 0.5^2 = 0.125, delta2 = 0.5
            var gradients = GradientsFor(network);
            Assert.AreEqual(0.125f, network.Backward(x, d, gradients), "E");
            Expect.SameValues(new float[] { 0.5f }, network.Delta2, "delta2");
            // delta1 = (W2^T delta2) * sigmoid'(u1) = [0.5, -0.5] * sigmoid(0)(1 - sigmoid(0))
            //        = [0.5, -0.5] * 0.25 = [0.125, -0.125].
            // The notebook's d_sigmoid(z1) would use sigmoid(0.5)(1 - sigmoid(0.5)) = 0.2350 instead.
            Expect.SameValues(new float[] { 0.125f, -0.125f }, network.Delta1, "delta1");
            // grad W1 = delta1 x^T
            Expect.SameValues(new float[] { 0.125f, 0.25f, -0.125f, -0.25f }, gradients.W1, "dE/dW1");
            // eq. (5): grad W2 = delta2 z1 = [0.25, 0.25]
            Expect.SameValues(new float[] { 0.25f, 0.25f }, gradients.W2, "dE/dW2");
        }

        [TestMethod]
        public void Backward_adds_to_the_gradients_and_Clear_zeroes_them()
        {
            TwoLayerNetwork network = ReluExample();
            var gradients = GradientsFor(network);
            float[] x = { 1f, 2f };
            float[] d = { 1f };
            float[] w1 = Expect.Copy(network.W1);

            network.Forward(x);
            network.Backward(x, d, gradients);
            network.Backward(x, d, gradients);
            // Twice the single-sample values of Relu_hidden_layer_by_hand; the weights stay.
            Expect.SameValues(new float[] { 1f, 2f, 0f, 0f }, gradients.W1, "dE/dW1 after two");
            Expect.SameValues(new float[] { 0.5f }, gradients.B2, "dE/db2 after two");
            Expect.SameValues(w1, network.W1, "W1 unchanged by Backward");

            gradients.Clear();
            Expect.SameValues(new ParameterBuffers(2, 2, 1), gradients, "zeroed");
        }

        [TestMethod]
        public void TrainStep_moves_each_weight_against_its_gradient()
        {
            TwoLayerNetwork network = ReluExample();

            float loss = network.TrainStep(new float[] { 1f, 2f }, new float[] { 1f }, 0.5f);

            // Returns E before the update; then w -= 0.5 * grad with the gradients worked out above.
            Assert.AreEqual(0.03125f, loss, "E");
            Expect.SameValues(new float[] { 0.25f, -0.75f, -1f, 0.25f }, network.W1, "W1");
            Expect.SameValues(new float[] { 0.25f, 0.25f }, network.B1, "b1");
            Expect.SameValues(new float[] { 1.9375f, -3f }, network.W2, "W2");
            Expect.SameValues(new float[] { 0.125f }, network.B2, "b2");
        }

        private static ParameterBuffers GradientsFor(TwoLayerNetwork network)
        {
            return new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
        }

        // The ReLU network worked out in Relu_hidden_layer_by_hand.
        private static TwoLayerNetwork ReluExample()
        {
            var network = new TwoLayerNetwork(2, 2, 1, Activation.Relu, Activation.Identity);
            SetParameters(network,
                new float[] { 0.5f, -0.25f, -1f, 0.25f }, new float[] { 0.5f, 0.25f },
                new float[] { 2f, -3f }, new float[] { 0.25f });
            return network;
        }

        private static void SetParameters(TwoLayerNetwork network, float[] w1, float[] b1, float[] w2, float[] b2)
        {
            float[][] values = { w1, b1, w2, b2 };
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                System.Array.Copy(values[k], network.Parameters.Get(k), values[k].Length);
            }
        }
    }
}
