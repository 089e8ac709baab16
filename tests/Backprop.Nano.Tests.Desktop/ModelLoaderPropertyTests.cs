using System;
using CsCheck;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Desktop only, property-based (CsCheck): random and mutated bytes fed to the model loader
    /// end in a clean load or the documented ModelFormatException, never another exception, a hang
    /// or a half-loaded network.
    /// </summary>
    [TestClass]
    public class ModelLoaderPropertyTests
    {
        public const int RandomInputs = 20_000;
        public const int MutatedInputs = 20_000;

        [TestMethod]
        public void Random_bytes_are_rejected_without_touching_the_network()
        {
            var network = NewNetwork();
            float[] before = Parameters(network);
            var validStart = new byte[ModelFormat.SizeFor(network, null, null)];
            ModelFormat.Save(validStart, 0, network, null, null, 0, 1u);
            // Half of the inputs start with a valid header (magic, version, shape), so the checks behind it are reached too.
            Gen.Select(Gen.Byte.Array[0, 800], Gen.Bool).Sample((bytes, withHeader) =>
            {
                if (withHeader) Array.Copy(validStart, bytes, Math.Min(bytes.Length, ModelFormat.HeaderBytes));
                Assert.ThrowsExactly<ModelFormatException>(() => ModelFormat.Load(bytes, 0, bytes.Length, network, null, null));
                CollectionAssert.AreEqual(before, Parameters(network));
            }, iter: RandomInputs, threads: 1);
        }

        [TestMethod]
        public void Mutated_models_load_only_when_unchanged_and_otherwise_change_nothing()
        {
            var source = NewNetwork();
            source.Initialize(42);
            var good = new byte[ModelFormat.SizeFor(source, null, null)];
            ModelFormat.Save(good, 0, source, null, null, 123, 9u);

            var mutation = Gen.Select(Gen.Int[0, good.Length - 1], Gen.Byte, Gen.Int[1, 3], Gen.Int[-8, 8]);
            mutation.Sample((position, value, count, lengthChange) =>
            {
                var bytes = new byte[Math.Max(0, good.Length + lengthChange)];
                Array.Copy(good, bytes, Math.Min(good.Length, bytes.Length));
                for (int k = 0; k < count && position + k < bytes.Length; k++) bytes[position + k] ^= value;

                var target = NewNetwork();
                float[] before = Parameters(target);
                // Bytes after the model are a change too: a file is one model, exactly.
                bool unchanged = bytes.Length == good.Length && bytes.AsSpan().SequenceEqual(good);
                if (unchanged)
                {
                    Assert.AreEqual(123, ModelFormat.Load(bytes, 0, bytes.Length, target, null, null).Step);
                    CollectionAssert.AreEqual(Parameters(source), Parameters(target));
                }
                else
                {
                    Assert.ThrowsExactly<ModelFormatException>(() => ModelFormat.Load(bytes, 0, bytes.Length, target, null, null));
                    CollectionAssert.AreEqual(before, Parameters(target));
                }
            }, iter: MutatedInputs, threads: 1);
        }

        private static TwoLayerNetwork NewNetwork() => new TwoLayerNetwork(4, 6, 2, Activation.Tanh, Activation.Identity);

        private static float[] Parameters(TwoLayerNetwork network)
        {
            var all = new float[network.W1.Length + network.B1.Length + network.W2.Length + network.B2.Length];
            network.W1.CopyTo(all, 0);
            network.B1.CopyTo(all, network.W1.Length);
            network.W2.CopyTo(all, network.W1.Length + network.B1.Length);
            network.B2.CopyTo(all, all.Length - network.B2.Length);
            return all;
        }
    }
}
