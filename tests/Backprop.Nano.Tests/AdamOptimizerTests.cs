using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class AdamOptimizerTests
    {
        private const float Alpha = 0.01f;

        [TestMethod]
        public void Each_update_follows_Algorithm_1_in_double_precision()
        {
            // Betas away from the defaults so that the bias correction is large for many updates, and an epsilon
            // large enough that adding it to sqrt(v) instead of sqrt(v-hat) would fail the comparison.
            FollowsAlgorithm1(1, 0.8f, 0.95f, 1e-3f);
            FollowsAlgorithm1(3, 0.8f, 0.95f, 1e-3f);
            FollowsAlgorithm1(1, AdamOptimizer.DefaultBeta1, AdamOptimizer.DefaultBeta2, AdamOptimizer.DefaultEpsilon);
        }

        private static void FollowsAlgorithm1(int batchSize, float beta1, float beta2, float epsilon)
        {
            string name = "batch " + batchSize + ", beta1 " + beta1 + ", eps " + epsilon;
            TwoLayerNetwork network = NewNetwork(), reference = NewNetwork();
            var optimizer = new AdamOptimizer(network, Alpha, beta1, beta2, epsilon, batchSize);
            var samples = new SampleStream(4);
            var referenceSamples = new SampleStream(4);
            var gradients = new ParameterBuffers(3, 6, 2);
            ParameterBuffers before = new ParameterBuffers(3, 6, 2), mBefore = new ParameterBuffers(3, 6, 2), vBefore = new ParameterBuffers(3, 6, 2);
            double power1 = 1, power2 = 1;
            Assert.AreEqual(1f, optimizer.Beta1Power, "beta1^0");
            for (int t = 1; t <= 30; t++)
            {
                before.CopyFrom(network.Parameters);
                mBefore.CopyFrom(optimizer.FirstMoments);
                vBefore.CopyFrom(optimizer.SecondMoments);
                reference.Parameters.CopyFrom(network.Parameters);
                gradients.Clear();
                for (int k = 0; k < batchSize; k++)
                {
                    SampleStream.StepBesideReference(optimizer, samples, reference, referenceSamples, gradients, name);
                }
                Assert.AreEqual(t, optimizer.UpdateCount, name + ": UpdateCount");
                power1 *= beta1;
                power2 *= beta2;
                Expect.Near(power1, optimizer.Beta1Power, 0, 1e-5, name + ": beta1^" + t);
                Expect.Near(power2, optimizer.Beta2Power, 0, 1e-5, name + ": beta2^" + t);
                for (int b = 0; b < ParameterBuffers.Count; b++)
                {
                    float[] w = network.Parameters.Get(b), m = optimizer.FirstMoments.Get(b), v = optimizer.SecondMoments.Get(b);
                    for (int i = 0; i < w.Length; i++)
                    {
                        string at = name + ", t " + t + ", " + ParameterBuffers.NameOf(b) + "[" + i + "]";
                        double g = (double)gradients.Get(b)[i] / batchSize;
                        double decayedM = beta1 * (double)mBefore.Get(b)[i], addedM = (1 - (double)beta1) * g;
                        double expectedV = beta2 * (double)vBefore.Get(b)[i] + (1 - (double)beta2) * g * g;
                        // m may cancel: its float rounding is relative to its two terms, not to their sum.
                        Expect.Near(decayedM + addedM, m[i], 1e-6 * (Magnitude(decayedM) + Magnitude(addedM)), 0, at + ": m");
                        Expect.Near(expectedV, v[i], 0, 1e-5, at + ": v");
                        // The step from the m, v and beta^t just checked: the float beta^t, as 1 - beta^t cancels (1 - 0.999^2 keeps
                        // 3 of its 7 digits), so the double one would differ by 1e-5 relative. The step is about alpha at most.
                        double mHat = m[i] / (1 - (double)optimizer.Beta1Power), vHat = v[i] / (1 - (double)optimizer.Beta2Power);
                        double expectedW = before.Get(b)[i] - Alpha * mHat / (ReferenceMath.Sqrt(vHat) + epsilon);
                        Expect.Near(expectedW, w[i], 1e-6 * Alpha, 1e-6, at + ": w");
                    }
                }
            }
        }

        private static double Magnitude(double value)
        {
            return value < 0 ? -value : value;
        }

        [TestMethod]
        public void The_first_update_moves_every_parameter_with_a_gradient_by_alpha()
        {
            // m-hat = g and v-hat = g^2 at t = 1, so each step is alpha g / (|g| + eps): the bias correction at work.
            TwoLayerNetwork network = NewNetwork();
            var optimizer = new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 1e-8f, 1);
            var samples = new SampleStream(2);
            ParameterBuffers before = new ParameterBuffers(3, 6, 2);
            before.CopyFrom(network.Parameters);
            samples.Next();
            optimizer.Step(samples.X, samples.D);
            int moved = 0;
            for (int b = 0; b < ParameterBuffers.Count; b++)
            {
                for (int i = 0; i < before.Get(b).Length; i++)
                {
                    float g = optimizer.Gradients.Get(b)[i];
                    float change = before.Get(b)[i] - network.Parameters.Get(b)[i];
                    if (g < -1e-4f || 1e-4f < g)
                    {
                        Expect.Near(g < 0 ? -Alpha : Alpha, change, 1e-6, 0, ParameterBuffers.NameOf(b) + "[" + i + "]");
                        moved++;
                    }
                }
            }
            Assert.IsTrue(moved > 20, "parameters with a gradient: " + moved);
        }

        [TestMethod]
        public void Flush_applies_a_partial_batch_as_its_mean_and_weights_wait_for_a_full_batch()
        {
            TwoLayerNetwork network = NewNetwork(), twin = NewNetwork();
            var optimizer = new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 1e-8f, 4);
            var samples = new SampleStream(8);
            float[] w1 = Expect.Copy(network.W1);
            samples.Next();
            optimizer.Step(samples.X, samples.D);
            samples.Next();
            optimizer.Step(samples.X, samples.D);
            Expect.SameValues(w1, network.W1, "W1 mid-batch");
            Assert.AreEqual(2, optimizer.PendingSamples, "PendingSamples");
            optimizer.Flush();
            Assert.AreEqual(1, optimizer.UpdateCount, "UpdateCount after Flush");
            Assert.AreEqual(0, optimizer.PendingSamples, "PendingSamples after Flush");

            // The same two samples as a batch of 2 give the same update (1/2 is exact, so the means agree to the bit).
            var whole = new AdamOptimizer(twin, Alpha, 0.9f, 0.999f, 1e-8f, 2);
            var again = new SampleStream(8);
            again.Next();
            whole.Step(again.X, again.D);
            again.Next();
            whole.Step(again.X, again.D);
            Expect.SameValues(twin.Parameters, network.Parameters, "Flush of 2 = batch of 2");
            optimizer.Flush();
            Assert.AreEqual(1, optimizer.UpdateCount, "an empty Flush is no update");
        }

        [TestMethod]
        public void Powers_below_two_to_the_minus_25_become_zero_without_changing_any_update()
        {
            // beta1 = 0: m = g at every update and beta1^t is 0 from t = 1; beta2 = 0.5 goes below 2^-25 at t = 26.
            TwoLayerNetwork network = NewNetwork();
            var optimizer = new AdamOptimizer(network, Alpha, 0f, 0.5f, 1e-8f, 1);
            var samples = new SampleStream(6);
            for (int t = 1; t <= 40; t++)
            {
                samples.Next();
                optimizer.Step(samples.X, samples.D);
                Assert.AreEqual(0f, optimizer.Beta1Power, "beta1^" + t);
                float expected = t <= 25 ? 1f / (1 << t) : 0f;
                Assert.AreEqual(expected, optimizer.Beta2Power, "beta2^" + t);
            }
            Assert.IsTrue(network.Parameters.AllFinite(), "finite parameters");

            // A power written from outside [0, 1] counts as t = 0 at the next update: never 1 - beta^t = 0.
            optimizer.StateScalars[1] = 2f;
            samples.Next();
            optimizer.Step(samples.X, samples.D);
            Assert.AreEqual(0.5f, optimizer.Beta2Power, "beta2^1 after a power of 2");
            optimizer.StateScalars[1] = float.NaN;
            samples.Next();
            optimizer.Step(samples.X, samples.D);
            Assert.AreEqual(0.5f, optimizer.Beta2Power, "beta2^1 after a NaN power");
            Assert.IsTrue(network.Parameters.AllFinite(), "still finite");
        }

        [TestMethod]
        public void ResetState_starts_again_from_t_zero()
        {
            TwoLayerNetwork network = NewNetwork(), twin = NewNetwork();
            var optimizer = new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 1e-8f, 1);
            var samples = new SampleStream(3);
            for (int t = 0; t < 10; t++)
            {
                samples.Next();
                optimizer.Step(samples.X, samples.D);
            }
            optimizer.ResetState();
            Assert.AreEqual(1f, optimizer.Beta1Power, "beta1^0");
            Assert.AreEqual(1f, optimizer.Beta2Power, "beta2^0");
            Expect.SameValues(new ParameterBuffers(3, 6, 2), optimizer.SecondMoments, "v");

            // From the same weights, a reset optimizer and a new one take the same steps.
            twin.Parameters.CopyFrom(network.Parameters);
            var fresh = new AdamOptimizer(twin, Alpha, 0.9f, 0.999f, 1e-8f, 1);
            var same = new SampleStream(30);
            var again = new SampleStream(30);
            for (int t = 0; t < 10; t++)
            {
                same.Next();
                optimizer.Step(same.X, same.D);
                again.Next();
                fresh.Step(again.X, again.D);
            }
            Expect.SameValues(twin.Parameters, network.Parameters, "parameters");
            Expect.SameValues(fresh.FirstMoments, optimizer.FirstMoments, "m");
        }

        [TestMethod]
        public void Saved_moments_and_powers_resume_to_the_same_bits_as_an_uninterrupted_run()
        {
            TwoLayerNetwork network = NewNetwork();
            var optimizer = new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 1e-8f, 2);
            var samples = new SampleStream(11);
            Run(optimizer, samples, 40);
            var buffer = new byte[ModelFormat.SizeFor(network, optimizer, null)];
            Assert.AreEqual(buffer.Length, ModelFormat.SizeFor(3, 6, 2, OptimizerKind.Adam, true, 0), "size by shape");
            ModelFormat.Save(buffer, 0, network, optimizer, null, 40, 1u);

            var resumedNetwork = new TwoLayerNetwork(3, 6, 2, Activation.Tanh, Activation.Identity);
            resumedNetwork.Initialize(5);
            var resumed = new AdamOptimizer(resumedNetwork, Alpha, 0.9f, 0.999f, 1e-8f, 2);
            ModelHeader header = ModelFormat.Load(buffer, 0, buffer.Length, resumedNetwork, resumed, null);
            Assert.IsTrue(header.HasAdamMoments, "Adam moments stored");
            Assert.IsFalse(header.HasVelocities, "no velocities");
            Assert.AreEqual(optimizer.Beta1Power, resumed.Beta1Power, "beta1^t");
            Assert.AreEqual(optimizer.Beta2Power, resumed.Beta2Power, "beta2^t");
            Expect.SameValues(optimizer.FirstMoments, resumed.FirstMoments, "m");
            Expect.SameValues(optimizer.SecondMoments, resumed.SecondMoments, "v");

            var resumedSamples = new SampleStream(11);
            for (int k = 0; k < 40; k++) resumedSamples.Next();
            Run(optimizer, samples, 30);
            Run(resumed, resumedSamples, 30);
            Expect.SameValues(network.Parameters, resumedNetwork.Parameters, "parameters 30 samples after the resume");
            Expect.SameValues(optimizer.SecondMoments, resumed.SecondMoments, "v 30 samples after the resume");
        }

        [TestMethod]
        public void An_Adam_file_loads_its_weights_into_SGD_and_the_other_way_round_with_fresh_optimizer_state()
        {
            TwoLayerNetwork adamNetwork = NewNetwork();
            var adam = new AdamOptimizer(adamNetwork, Alpha, 0.9f, 0.999f, 1e-8f, 1);
            Run(adam, new SampleStream(1), 20);
            var adamFile = new byte[ModelFormat.SizeFor(adamNetwork, adam, null)];
            ModelFormat.Save(adamFile, 0, adamNetwork, adam, null, 20, 1u);

            TwoLayerNetwork sgdNetwork = NewNetwork();
            var sgd = new SgdOptimizer(sgdNetwork, Alpha, 0.9f, 1);
            Run(sgd, new SampleStream(2), 20);
            var sgdFile = new byte[ModelFormat.SizeFor(sgdNetwork, sgd, null)];
            ModelFormat.Save(sgdFile, 0, sgdNetwork, sgd, null, 20, 1u);
            var sgdWeights = new ParameterBuffers(3, 6, 2);
            sgdWeights.CopyFrom(sgdNetwork.Parameters);
            Assert.AreEqual(sgdFile.Length + 4 * (adamNetwork.Parameters.TotalLength + 2), adamFile.Length, "Adam stores 2P + 2 floats, SGD P");

            ModelHeader header = ModelFormat.Load(adamFile, 0, adamFile.Length, sgdNetwork, sgd, null);
            Assert.IsTrue(header.HasAdamMoments, "the file holds Adam moments");
            Expect.SameValues(adamNetwork.Parameters, sgdNetwork.Parameters, "weights loaded into the SGD network");
            Expect.SameValues(new ParameterBuffers(3, 6, 2), sgd.Velocities, "velocities start from 0");

            header = ModelFormat.Load(sgdFile, 0, sgdFile.Length, adamNetwork, adam, null);
            Assert.IsTrue(header.HasVelocities, "the file holds velocities");
            Expect.SameValues(sgdWeights, adamNetwork.Parameters, "weights loaded into the Adam network");
            Expect.SameValues(new ParameterBuffers(3, 6, 2), adam.FirstMoments, "m starts from 0");
            Assert.AreEqual(1f, adam.Beta2Power, "t starts from 0");
        }

        [TestMethod]
        public void Validate_refuses_bad_moments_and_powers_and_both_kinds_of_state()
        {
            TwoLayerNetwork network = NewNetwork();
            var adam = new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 1e-8f, 1);
            Run(adam, new SampleStream(1), 5);
            int size = ModelFormat.SizeFor(network, adam, null);
            var good = new byte[size];
            ModelFormat.Save(good, 0, network, adam, null, 5, 1u);
            int p = network.Parameters.TotalLength;
            int moments = ModelFormat.HeaderBytes + 4 * p, secondMoments = moments + 4 * p, powers = secondMoments + 4 * p;

            RefusedWith(good, moments + 8, float.NaN, "first moment", "m NaN");
            RefusedWith(good, moments, 2e6f, "first moment", "m beyond the parameter limit");
            RefusedWith(good, secondMoments + 4, -1e-20f, "second moment", "v negative");
            RefusedWith(good, secondMoments, float.PositiveInfinity, "second moment", "v infinite");
            RefusedWith(good, powers, 1.5f, "power", "beta1^t above 1");
            RefusedWith(good, powers + 4, -0.25f, "power", "beta2^t negative");
            RefusedWith(good, powers + 4, float.NaN, "power", "beta2^t NaN");

            byte[] both = Copy(good);
            both[6] |= 1;  // flags: velocities too
            Reseal(both);
            Exception refused = Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Validate(both, 0, both.Length), "both flags");
            Assert.IsTrue(refused.Message.IndexOf("both") >= 0, refused.Message);

            // Unchanged, the file is valid, and a refused load changed nothing.
            Assert.IsTrue(ModelFormat.Validate(good, 0, good.Length).HasAdamMoments, "the good file");
        }

        [TestMethod]
        public void An_optimizer_whose_state_the_format_does_not_know_is_refused_before_anything_changes()
        {
            TwoLayerNetwork network = NewNetwork();
            var odd = new ThreeBufferOptimizer(network);
            Expect.ThrowsArgument("optimizer", () => ModelFormat.SizeFor(network, odd, null), "SizeFor");
            var buffer = new byte[ModelFormat.SizeFor(network, null, null) + 1000];
            Expect.ThrowsArgument("optimizer", () => ModelFormat.Save(buffer, 0, network, odd, null, 1, 1u), "Save");

            TwoLayerNetwork other = NewNetwork();
            other.W1[0] = 0.5f;
            int size = ModelFormat.Save(buffer, 0, other, null, null, 1, 1u);
            float[] w1 = Expect.Copy(network.W1);
            Expect.ThrowsArgument("optimizer", () => ModelFormat.Load(buffer, 0, size, network, odd, null), "Load");
            Expect.SameValues(w1, network.W1, "nothing loaded");
        }

        // Three parameter-shaped lists of state: neither SGD's layout nor Adam's.
        private sealed class ThreeBufferOptimizer : GradientOptimizer
        {
            private readonly ParameterBuffers[] _state;

            public ThreeBufferOptimizer(TwoLayerNetwork network) : base(network, 0.1f, 1)
            {
                _state = new ParameterBuffers[] { new ParameterBuffers(3, 6, 2), new ParameterBuffers(3, 6, 2), new ParameterBuffers(3, 6, 2) };
            }

            public override OptimizerKind Kind => OptimizerKind.Sgd;

            public override ParameterBuffers[] State => _state;

            public override float[] StateScalars => new float[0];

            public override void ResetState()
            {
            }

            protected override void Update()
            {
                _pendingSamples = 0;
            }
        }

        [TestMethod]
        public void Constructor_refuses_betas_outside_0_to_1_and_epsilon_that_is_not_positive()
        {
            TwoLayerNetwork network = NewNetwork();
            Expect.ThrowsArgument("network", () => new AdamOptimizer(null, Alpha, 0.9f, 0.999f, 1e-8f, 1), "null network");
            Expect.ThrowsArgument("learningRate", () => new AdamOptimizer(network, 0f, 0.9f, 0.999f, 1e-8f, 1), "alpha 0");
            Expect.ThrowsArgument("beta1", () => new AdamOptimizer(network, Alpha, 1f, 0.999f, 1e-8f, 1), "beta1 1");
            Expect.ThrowsArgument("beta1", () => new AdamOptimizer(network, Alpha, float.NaN, 0.999f, 1e-8f, 1), "beta1 NaN");
            Expect.ThrowsArgument("beta2", () => new AdamOptimizer(network, Alpha, 0.9f, -0.1f, 1e-8f, 1), "beta2 -0.1");
            Expect.ThrowsArgument("beta2", () => new AdamOptimizer(network, Alpha, 0.9f, 1f, 1e-8f, 1), "beta2 1");
            Expect.ThrowsArgument("epsilon", () => new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 0f, 1), "epsilon 0");
            Expect.ThrowsArgument("epsilon", () => new AdamOptimizer(network, Alpha, 0.9f, 0.999f, float.PositiveInfinity, 1), "epsilon inf");
            Expect.ThrowsArgument("batchSize", () => new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 1e-8f, 0), "batch 0");
            var optimizer = new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 1e-8f, 1);
            Expect.ThrowsArgument("value", () => optimizer.LearningRate = float.NaN, "NaN rate");
            Expect.ThrowsArgument("x", () => optimizer.Step(new float[2], new float[2]), "short x");

            Expect.ThrowsArgument("Momentum", () => new OnlineTrainerSettings { Optimizer = OptimizerKind.Adam, Momentum = 0.5f }.Validate(), "momentum with Adam");
            Expect.ThrowsArgument("Beta1", () => new OnlineTrainerSettings { Beta1 = 1f }.Validate(), "settings beta1 1");
            Expect.ThrowsArgument("Beta2", () => new OnlineTrainerSettings { Beta2 = -1f }.Validate(), "settings beta2 -1");
            Expect.ThrowsArgument("Epsilon", () => new OnlineTrainerSettings { Epsilon = 0f }.Validate(), "settings epsilon 0");
            Expect.ThrowsArgument("Optimizer", () => new OnlineTrainerSettings { Optimizer = (OptimizerKind)7 }.Validate(), "unknown optimizer");
        }

        [TestMethod]
        public void A_trainer_recovery_restores_the_moments_and_powers_of_its_snapshot()
        {
            var settings = new OnlineTrainerSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.001f, ReplayCapacity = 0, ReplayPerStep = 0 };
            var trainer = new OnlineTrainer(settings, null);
            Assert.AreEqual(OptimizerKind.Adam, trainer.Optimizer.Kind, "the settings' optimizer");
            var adam = (AdamOptimizer)trainer.Optimizer;
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            while (trainer.Step < 700) session.ReadOnce();
            // Without replay the state after step 700 is that of its snapshot.
            var m = new ParameterBuffers(settings.InputCount, settings.HiddenCount, settings.OutputCount);
            var parameters = new ParameterBuffers(settings.InputCount, settings.HiddenCount, settings.OutputCount);
            m.CopyFrom(adam.FirstMoments);
            parameters.CopyFrom(trainer.Network.Parameters);
            float power2 = adam.Beta2Power;

            session.ReadOnce();
            Assert.IsTrue(adam.Beta2Power < power2, "an update moved t on");
            trainer.Network.W1[2] = float.NaN;
            Assert.IsFalse(session.ReadOnce(), "the divergent sample is skipped");
            Assert.AreEqual(1, trainer.Recoveries, "recoveries");
            Expect.SameValues(parameters, trainer.Network.Parameters, "parameters");
            Expect.SameValues(m, adam.FirstMoments, "m");
            Assert.AreEqual(power2, adam.Beta2Power, "beta2^t restored");
        }

        private static void RefusedWith(byte[] good, int position, float value, string reason, string what)
        {
            byte[] bad = Copy(good);
            LittleEndian.WriteSingle(bad, position, value);
            Reseal(bad);
            TwoLayerNetwork network = NewNetwork();
            var optimizer = new AdamOptimizer(network, Alpha, 0.9f, 0.999f, 1e-8f, 1);
            float[] w1 = Expect.Copy(network.W1);
            Exception refused = Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Load(bad, 0, bad.Length, network, optimizer, null), what);
            Assert.IsTrue(refused.Message.IndexOf(reason) >= 0, what + ": " + refused.Message);
            Expect.SameValues(w1, network.W1, what + ": nothing loaded");
            Assert.AreEqual(1f, optimizer.Beta1Power, what + ": powers untouched");
        }

        private static void Reseal(byte[] data)
        {
            LittleEndian.WriteUInt32(data, data.Length - 4, Crc32.Compute(data, 0, data.Length - 4));
        }

        private static byte[] Copy(byte[] data)
        {
            var copy = new byte[data.Length];
            Array.Copy(data, copy, data.Length);
            return copy;
        }

        private static void Run(IOptimizer optimizer, SampleStream samples, int count)
        {
            for (int k = 0; k < count; k++)
            {
                samples.Next();
                optimizer.Step(samples.X, samples.D);
            }
        }

        private static TwoLayerNetwork NewNetwork()
        {
            var network = new TwoLayerNetwork(3, 6, 2, Activation.Tanh, Activation.Identity);
            network.Initialize(77);
            return network;
        }
    }
}
