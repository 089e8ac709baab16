#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class OptimizerTests
    {
        private const float LearningRate = 0.05f;

        [TestMethod]
        public void Batch_of_one_without_momentum_is_exactly_TrainStep()
        {
            var viaOptimizer = NewNetwork();
            var viaTrainStep = NewNetwork();
            var optimizer = new SgdOptimizer(viaOptimizer, LearningRate, 0f, 1);
            var samples = new SampleStream(5);
            for (int step = 0; step < 200; step++)
            {
                samples.Next();
                float e1 = optimizer.Step(samples.X, samples.D);
                float e2 = viaTrainStep.TrainStep(samples.X, samples.D, LearningRate);
                Assert.AreEqual(e2, e1, "E at step " + step);
            }
            Expect.SameValues(viaTrainStep.Parameters, viaOptimizer.Parameters, "parameters");
            Assert.AreEqual(200, optimizer.UpdateCount, "UpdateCount");
        }

        [TestMethod]
        public void Momentum_and_mini_batch_follow_the_documented_update()
        {
            // Batches of 4, and batches of 1, which update inside the backward pass; ReLU for its dead units.
            FollowsTheMomentumUpdate(4, Activation.Tanh);
            FollowsTheMomentumUpdate(1, Activation.Tanh);
            FollowsTheMomentumUpdate(1, Activation.Relu);
        }

        private static void FollowsTheMomentumUpdate(int batchSize, Activation hidden)
        {
            const float Momentum = 0.9f;
            string name = "batch " + batchSize + ", hidden " + (int)hidden;
            var trained = NewNetwork(hidden);
            var reference = NewNetwork(hidden);
            var optimizer = new SgdOptimizer(trained, LearningRate, Momentum, batchSize);
            var samples = new SampleStream(9);
            var referenceSamples = new SampleStream(9);
            Assert.IsTrue(optimizer.Velocities != null, "velocity buffers exist with momentum");
            Assert.IsTrue(new SgdOptimizer(reference, LearningRate, 0f, 1).Velocities == null, "and only with momentum");

            // v = mu v - (eta / n) g ; w = w + v, g summed over the n samples of a batch.
            var gradients = new ParameterBuffers(3, 6, 2);
            var velocities = new ParameterBuffers(3, 6, 2);
            for (int batch = 0; batch < 25; batch++)
            {
                gradients.Clear();
                for (int k = 0; k < batchSize; k++)
                {
                    SampleStream.StepBesideReference(optimizer, samples, reference, referenceSamples, gradients, name);
                    Assert.AreEqual(k == batchSize - 1 ? 0 : k + 1, optimizer.PendingSamples, name + ": PendingSamples");
                }
                float step = LearningRate / batchSize;
                for (int p = 0; p < ParameterBuffers.Count; p++)
                {
                    ApplyMomentumByHand(reference.Parameters.Get(p), gradients.Get(p), velocities.Get(p), step, Momentum);
                }
                Expect.SameValues(reference.Parameters, trained.Parameters, name + ", update " + batch);
            }
            Expect.SameValues(velocities, optimizer.Velocities, name + ": velocities");
            Expect.SameValues(reference.Delta1, trained.Delta1, name + ": delta1");
            Assert.AreEqual(25, optimizer.UpdateCount, name + ": UpdateCount");
        }

        [TestMethod]
        public void Weights_change_only_when_a_batch_is_complete_and_Flush_applies_a_partial_one()
        {
            var network = NewNetwork();
            var optimizer = new SgdOptimizer(network, LearningRate, 0f, 3);
            var samples = new SampleStream(3);
            float[] before = Expect.Copy(network.W1);

            samples.Next();
            optimizer.Step(samples.X, samples.D);
            samples.Next();
            optimizer.Step(samples.X, samples.D);
            Expect.SameValues(before, network.W1, "W1 mid-batch");
            Assert.AreEqual(2, optimizer.PendingSamples, "PendingSamples");

            // Flush averages over the 2 samples held: w = w - (eta / 2) g.
            float[] expected = Expect.Copy(network.W1);
            for (int k = 0; k < expected.Length; k++) expected[k] -= LearningRate / 2 * optimizer.Gradients.W1[k];
            optimizer.Flush();
            Expect.SameValues(expected, network.W1, "W1 after Flush");
            Assert.AreEqual(0, optimizer.PendingSamples, "PendingSamples after Flush");
            Assert.AreEqual(1, optimizer.UpdateCount, "UpdateCount after Flush");

            optimizer.Flush();
            Expect.SameValues(expected, network.W1, "an empty Flush changes nothing");
        }

        [TestMethod]
        public void Momentum_training_learns_the_seed_case()
        {
            var network = new TwoLayerNetwork(2, 10, 1, Activation.Relu, Activation.Identity);
            var optimizer = new SgdOptimizer(network, 0.02f, 0.9f, 4);
            var random = new DeterministicRandom(5);
            var x = new float[2];
            var d = new float[1];
            float first = 0f, last = 0f;
            for (int step = 0; step < 2000; step++)
            {
                x[0] = random.NextFloat();
                x[1] = random.NextFloat();
                d[0] = 3f * x[0] + 2f * x[1];
                float loss = optimizer.Step(x, d);
                if (step < 200) first += loss;
                if (step >= 1800) last += loss;
            }
            Assert.IsTrue(last <= 0.05f * first, "loss of the last 200 steps " + last + " vs first 200 " + first);
        }

        private static void ApplyMomentumByHand(float[] w, float[] g, float[] v, float step, float momentum)
        {
            for (int k = 0; k < w.Length; k++)
            {
                v[k] = momentum * v[k] - step * g[k];
                w[k] = w[k] + v[k];
            }
        }

        private static TwoLayerNetwork NewNetwork()
        {
            return NewNetwork(Activation.Tanh);
        }

        private static TwoLayerNetwork NewNetwork(Activation hidden)
        {
            var network = new TwoLayerNetwork(3, 6, 2, hidden, Activation.Identity);
            network.Initialize(77);
            return network;
        }
    }
}
