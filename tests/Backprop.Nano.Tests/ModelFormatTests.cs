using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class ModelFormatTests
    {
        [TestMethod]
        public void Float_bits_round_trip_exactly_for_special_and_random_values()
        {
            float[] special = { 0f, 1f, -1f, 0.1f, float.MaxValue, -float.MaxValue, 1.17549435e-38f, 1.4e-45f, -3e-40f, float.PositiveInfinity, float.NegativeInfinity };
            uint[] bits = { 0u, 0x3F800000u, 0xBF800000u, 0x3DCCCCCDu, 0x7F7FFFFFu, 0xFF7FFFFFu, 0x00800000u, 0x00000001u, 0x80034447u, 0x7F800000u, 0xFF800000u };
            var buffer = new byte[4];
            for (int k = 0; k < special.Length; k++)
            {
                Assert.AreEqual(bits[k], LittleEndian.SingleToBits(special[k]), "bits of " + special[k]);
                LittleEndian.WriteSingle(buffer, 0, special[k]);
                Assert.AreEqual(special[k], LittleEndian.ReadSingle(buffer, 0), "round trip of " + special[k]);
            }
            Assert.AreEqual(0x80000000u, LittleEndian.SingleToBits(-0f), "negative zero keeps its sign");
            Assert.AreEqual(0x7FC00000u, LittleEndian.SingleToBits(float.NaN), "NaN");
            Assert.AreEqual(0x00u, buffer[0], "little-endian: low byte first (0xFF800000)");
            Assert.AreEqual(0xFFu, buffer[3], "little-endian: high byte last");

            var random = new DeterministicRandom(12);
            for (int k = 0; k < 20000; k++)
            {
                uint pattern = random.NextUInt();
                if (((pattern >> 23) & 0xFF) == 0xFF) continue; // NaN and infinity patterns are covered above
                float value = LittleEndian.BitsToSingle(pattern);
                Assert.AreEqual(pattern, LittleEndian.SingleToBits(value), "pattern " + pattern);
            }
        }

        [TestMethod]
        public void Crc32_gives_the_standard_check_value()
        {
            byte[] digits = { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39 };
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(digits, 0, 9), "CRC-32 of '123456789'");
        }

        [TestMethod]
        public void Save_and_load_restore_parameters_velocities_and_statistics_exactly()
        {
            TrainedModel source = TrainedModel.Create(1, 300);
            int size = ModelFormat.SizeFor(source.Network, source.Optimizer, source.Standardizer);
            var buffer = new byte[size + 10];
            Assert.AreEqual(size, ModelFormat.Save(buffer, 5, source.Network, source.Optimizer, source.Standardizer, 300, 7u), "bytes written");

            TrainedModel target = TrainedModel.Create(99, 0);
            ModelHeader header = ModelFormat.Load(buffer, 5, size, target.Network, target.Optimizer, target.Standardizer);
            Assert.AreEqual(300, header.Step, "step");
            Assert.AreEqual(7u, header.Sequence, "sequence");
            Assert.AreEqual(size, header.Size, "size");
            Assert.IsTrue(header.HasVelocities, "velocities stored");
            TrainedModel.AssertSame(source, target);
            Assert.AreEqual(source.Standardizer.Standardize(0, 1234f), target.Standardizer.Standardize(0, 1234f), "same scaling");
        }

        [TestMethod]
        public void Loading_a_model_without_velocities_zeroes_the_optimizers()
        {
            TrainedModel source = TrainedModel.Create(1, 100);
            var buffer = new byte[ModelFormat.SizeFor(source.Network, null, source.Standardizer)];
            ModelFormat.Save(buffer, 0, source.Network, null, source.Standardizer, 100, 1u);

            TrainedModel target = TrainedModel.Create(2, 200);
            Assert.IsTrue(target.Optimizer.Velocities.W1[0] != 0f, "the target's optimizer has moved");
            Assert.IsFalse(ModelFormat.Load(buffer, 0, buffer.Length, target.Network, target.Optimizer, target.Standardizer).HasVelocities);
            ParameterBuffers stored = target.Optimizer.Velocities;
            float[][] velocities = { stored.W1, stored.B1, stored.W2, stored.B2 };
            for (int v = 0; v < velocities.Length; v++) Expect.SameValues(new float[velocities[v].Length], velocities[v], "velocity buffer " + v);
            Expect.SameValues(source.Network.W1, target.Network.W1, "W1 loaded");
        }

        [TestMethod]
        public void Every_kind_of_bad_data_is_rejected_with_the_reason_and_changes_nothing()
        {
            byte[] good = SavedModel();
            int size = good.Length;
            TrainedModel target = TrainedModel.Create(2, 50);
            TrainedModel untouched = TrainedModel.Create(2, 50);

            ExpectRejected(Mutated(good, 0, 0x00), size, target, "magic");
            ExpectRejected(Mutated(good, 4, 3), size, target, "version");
            ExpectRejected(Resealed(Mutated(good, 4, 3), size), size, target, "version");
            ExpectRejected(Resealed(Mutated(good, 6, 0x80), size), size, target, "flags");
            ExpectRejected(good, size - 1, target, "Truncated");
            ExpectRejected(good, 20, target, "Truncated");
            ExpectRejected(Mutated(good, size / 2, (byte)(good[size / 2] ^ 0x10)), size, target, "CRC");
            ExpectRejected(Resealed(Mutated(good, 20, 9), size), size, target, "activation");
            ExpectRejected(Resealed(Mutated(good, 8, 0), size), size, target, "input count");

            // A NaN weight with a valid CRC.
            byte[] withNaN = Copy(good);
            LittleEndian.WriteSingle(withNaN, ModelFormat.HeaderBytes + 8, float.NaN);
            ExpectRejected(Resealed(withNaN, size), size, target, "finite");

            // A well-formed model of another shape or activation.
            var other = new TwoLayerNetwork(9, 12, 1, Activation.Tanh, Activation.Identity);
            var otherBytes = new byte[ModelFormat.SizeFor(other, null, null)];
            ModelFormat.Save(otherBytes, 0, other, null, null, 0, 1u);
            ExpectRejected(otherBytes, otherBytes.Length, target, "Shape mismatch");
            var relu = new TwoLayerNetwork(8, 12, 1, Activation.Relu, Activation.Identity);
            var reluBytes = new byte[ModelFormat.SizeFor(relu, null, null)];
            ModelFormat.Save(reluBytes, 0, relu, null, null, 0, 1u);
            ExpectRejected(reluBytes, reluBytes.Length, target, "Activation mismatch");

            TrainedModel.AssertSame(untouched, target);
        }

        [TestMethod]
        public void Hostile_headers_with_a_valid_CRC_are_rejected_as_format_errors_and_change_nothing()
        {
            byte[] good = SavedModel();
            int size = good.Length;
            TrainedModel target = TrainedModel.Create(2, 50);
            TrainedModel untouched = TrainedModel.Create(2, 50);

            // Counts whose product overflows int: the size must be computed in 64 bits, before it is used.
            ExpectRejected(Resealed(Word(Word(good, 8, 32768), 12, 65535), size), size, target, "Truncated");
            ExpectRejected(Resealed(Word(Word(Word(good, 8, 65535), 12, 65535), 16, 65535), size), size, target, "Truncated");
            ExpectRejected(Resealed(Mutated(Mutated(good, 9, 0xFF), 13, 0xFF), size), size, target, "Truncated");
            ExpectRejected(Resealed(Word(good, 12, 0x80000000u), size), size, target, "hidden count");
            // Standardizer counts that disagree with the flags.
            ExpectRejected(Resealed(Word(good, 32, 0), size), size, target, "does not match the flags");
            ExpectRejected(Resealed(Word(good, 32, 5000), size), size, target, "does not match the flags");
            ExpectRejected(Resealed(Mutated(good, 6, 1), size), size, target, "does not match the flags");
            var bare = new TwoLayerNetwork(8, 12, 1, Activation.Tanh, Activation.Identity);
            int bareSize = ModelFormat.SizeFor(bare, null, null);
            var bareBytes = new byte[bareSize];
            ModelFormat.Save(bareBytes, 0, bare, null, null, 0, 1u);
            ExpectRejected(Resealed(Word(bareBytes, 36, 7), bareSize), bareSize, target, "without a standardizer");

            // Values that are finite but absurd: a poison file must not load (every weight 3e38 wedged the trainer).
            byte[] poison = Copy(good);
            for (int position = ModelFormat.HeaderBytes; position < size - 4 - 8; position += 4) LittleEndian.WriteSingle(poison, position, 3e38f);
            ExpectRejected(Resealed(poison, size), size, target, "parameter is out of range");
            int meanAt = size - 4 - 8, sumOfSquaresAt = size - 4 - 4;
            ExpectRejected(Resealed(Single(good, meanAt, 1e20f), size), size, target, "standardizer mean");
            ExpectRejected(Resealed(Single(good, sumOfSquaresAt, -1f), size), size, target, "standardizer sum of squares");

            TrainedModel.AssertSame(untouched, target);
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => ModelFormat.SizeFor(65535, 65535, 65535, true, 0), "SizeFor beyond int");
        }

        [TestMethod]
        public void Counters_beyond_int_MaxValue_are_valid_and_a_step_beyond_32_bits_saturates()
        {
            TrainedModel source = TrainedModel.Create(1, 100);
            int size = ModelFormat.SizeFor(source.Network, source.Optimizer, source.Standardizer);
            var bytes = new byte[size];
            ModelFormat.Save(bytes, 0, source.Network, source.Optimizer, source.Standardizer, 2147483648L, 1u);
            ModelHeader header = ModelFormat.Validate(Resealed(Word(bytes, 36, 0xFFFFFFFFu), size), 0, size);
            Assert.AreEqual(2147483648L, header.Step, "a step past 2^31 is no longer 'negative'");
            Assert.AreEqual(int.MaxValue, header.StandardizerSampleCount, "a larger sample count means the standardizer's saturated one");

            ModelFormat.Save(bytes, 0, source.Network, source.Optimizer, source.Standardizer, 10000000000L, 1u);
            Assert.AreEqual(4294967295L, ModelFormat.Validate(bytes, 0, size).Step, "saturates at the file's 32 bits");
        }

        [TestMethod]
        public void Cross_entropy_models_round_trip_with_the_loss_byte()
        {
            Activation[] outputs = { Activation.Softmax, Activation.Sigmoid };
            for (int o = 0; o < outputs.Length; o++)
            {
                var source = new TwoLayerNetwork(3, 5, 4, Activation.Tanh, outputs[o], LossFunction.CrossEntropy);
                source.Initialize(3u + (uint)o);
                var bytes = new byte[ModelFormat.SizeFor(source, null, null)];
                ModelFormat.Save(bytes, 0, source, null, null, 12, 2u);
                Assert.AreEqual((byte)LossFunction.CrossEntropy, bytes[22], "byte 22 holds the loss function");
                Assert.AreEqual((byte)0, bytes[23], "byte 23 stays reserved");

                var target = new TwoLayerNetwork(3, 5, 4, Activation.Tanh, outputs[o], LossFunction.CrossEntropy);
                ModelHeader header = ModelFormat.Load(bytes, 0, bytes.Length, target, null, null);
                Assert.IsTrue(header.LossFunction == LossFunction.CrossEntropy, "header.LossFunction");
                Assert.IsTrue(header.OutputActivation == outputs[o], "header.OutputActivation");
                Expect.SameValues(source.Parameters, target.Parameters, "parameters");
            }

            // A squared-error file says so with a 0 there, as files always did.
            var squared = new TwoLayerNetwork(3, 5, 4, Activation.Tanh, Activation.Sigmoid);
            var squaredBytes = new byte[ModelFormat.SizeFor(squared, null, null)];
            ModelFormat.Save(squaredBytes, 0, squared, null, null, 0, 1u);
            Assert.AreEqual((byte)0, squaredBytes[22], "squared error: byte 22 is 0");
        }

        [TestMethod]
        public void The_loss_byte_is_validated_and_a_different_loss_is_a_mismatch()
        {
            var source = new TwoLayerNetwork(3, 5, 4, Activation.Tanh, Activation.Sigmoid, LossFunction.CrossEntropy);
            int size = ModelFormat.SizeFor(source, null, null);
            var good = new byte[size];
            ModelFormat.Save(good, 0, source, null, null, 0, 1u);
            var target = new TwoLayerNetwork(3, 5, 4, Activation.Tanh, Activation.Sigmoid, LossFunction.CrossEntropy);
            var untouched = new TwoLayerNetwork(3, 5, 4, Activation.Tanh, Activation.Sigmoid, LossFunction.CrossEntropy);

            ExpectRejected(Resealed(Mutated(good, 22, 2), size), target, "Unknown loss function 2");
            ExpectRejected(Resealed(Mutated(good, 23, 2), size), target, "Unknown output meaning 2 in byte 23");
            // Version 1 files had byte 23 reserved: there a 1 is not "predicts the change".
            ExpectRejected(Resealed(Mutated(Mutated(good, 4, 1), 23, 1), size), target, "reserved byte 23");
            // Sigmoid output with byte 21 changed to Softmax and byte 22 to the squared error: a pair no network can have.
            ExpectRejected(Resealed(Mutated(Mutated(good, 21, (byte)Activation.Softmax), 22, 0), size), target, "Invalid activations and loss");
            ExpectRejected(Resealed(Mutated(good, 21, (byte)Activation.Tanh), size), target, "Invalid activations and loss");
            ExpectRejected(Resealed(Mutated(good, 20, (byte)Activation.Softmax), size), target, "Invalid activations and loss");
            // The same shape and activations trained for the squared error.
            ExpectRejected(Resealed(Mutated(good, 22, 0), size), target, "Loss function mismatch");
            var squaredTarget = new TwoLayerNetwork(3, 5, 4, Activation.Tanh, Activation.Sigmoid);
            Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Load(good, 0, size, squaredTarget, null, null), "cross-entropy file, squared-error network");
            Expect.SameValues(untouched.Parameters, target.Parameters, "nothing changed");
        }

        // A version-1 model written before the loss function had a byte (2-3-1, Tanh hidden, Identity output,
        // step 5, sequence 9, nothing optional), produced from the README's byte table with Python's struct and
        // zlib.crc32, not by this library: it must load as it always did, as the squared error.
        private const string VersionOneModel =
            "42504E4E010000000200000003000000010000000300000005000000090000000000000000000000" +
            "0000003F000080BE0000803F0000003E000000C00000403F0000803E00000000000000BF0000C03F000080BF0000803D000000BE4DCE8C4D";

        [TestMethod]
        public void A_version_1_file_from_before_the_loss_byte_loads_as_the_squared_error()
        {
            byte[] bytes = FromHex(VersionOneModel);
            Assert.AreEqual(96, bytes.Length, "40 header bytes, 13 floats, CRC");
            var network = new TwoLayerNetwork(2, 3, 1, Activation.Tanh, Activation.Identity);
            ModelHeader header = ModelFormat.Load(bytes, 0, bytes.Length, network, null, null);
            Assert.IsTrue(header.LossFunction == LossFunction.SquaredError, "loss function");
            Assert.AreEqual(5, header.Step, "step");
            Assert.AreEqual(9u, header.Sequence, "sequence");
            Expect.SameValues(new float[] { 0.5f, -0.25f, 1f, 0.125f, -2f, 0.75f }, network.W1, "W1");
            Expect.SameValues(new float[] { 0.25f, 0f, -0.5f }, network.B1, "b1");
            Expect.SameValues(new float[] { 1.5f, -1f, 0.0625f }, network.W2, "W2");
            Expect.SameValues(new float[] { -0.125f }, network.B2, "b2");

            // This library writes the same bytes for that network but the version (byte 22 is 0 for the squared
            // error, byte 23 is 0 for outputs that are the reading) and so the CRC.
            var saved = new byte[bytes.Length];
            ModelFormat.Save(saved, 0, network, null, null, 5, 9u);
            Assert.AreEqual((byte)ModelFormat.Version, saved[4], "byte 4 is the version written");
            for (int k = 0; k < bytes.Length - 4; k++)
                if (k != 4) Assert.AreEqual(bytes[k], saved[k], "byte " + k);
        }

        private static byte[] FromHex(string hex)
        {
            var bytes = new byte[hex.Length / 2];
            for (int k = 0; k < bytes.Length; k++) bytes[k] = (byte)(HexDigit(hex[2 * k]) << 4 | HexDigit(hex[2 * k + 1]));
            return bytes;
        }

        private static int HexDigit(char c)
        {
            return c <= '9' ? c - '0' : c - 'A' + 10;
        }

        private static void ExpectRejected(byte[] data, TwoLayerNetwork target, string reason)
        {
            var exception = Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Load(data, 0, data.Length, target, null, null), reason);
            Assert.IsTrue(exception.Message.IndexOf(reason) >= 0, "message '" + exception.Message + "' names " + reason);
        }

        private static void ExpectRejected(byte[] data, int length, TrainedModel target, string reason)
        {
            var exception = Expect.Throws(typeof(ModelFormatException),
                () => ModelFormat.Load(data, 0, length, target.Network, target.Optimizer, target.Standardizer), reason);
            Assert.IsTrue(exception.Message.IndexOf(reason) >= 0, "message '" + exception.Message + "' names " + reason);
        }

        private static byte[] Mutated(byte[] data, int position, byte value)
        {
            byte[] copy = Copy(data);
            copy[position] = value;
            return copy;
        }

        // A trained model with velocities and standardizer, saved at step 100 with sequence 1.
        private static byte[] SavedModel()
        {
            TrainedModel source = TrainedModel.Create(1, 100);
            var bytes = new byte[ModelFormat.SizeFor(source.Network, source.Optimizer, source.Standardizer)];
            ModelFormat.Save(bytes, 0, source.Network, source.Optimizer, source.Standardizer, 100, 1u);
            return bytes;
        }

        private static byte[] Word(byte[] data, int position, uint value)
        {
            byte[] copy = Copy(data);
            LittleEndian.WriteUInt32(copy, position, value);
            return copy;
        }

        private static byte[] Single(byte[] data, int position, float value)
        {
            byte[] copy = Copy(data);
            LittleEndian.WriteSingle(copy, position, value);
            return copy;
        }

        // Recomputes the CRC so that only the deliberate defect remains.
        private static byte[] Resealed(byte[] data, int size)
        {
            LittleEndian.WriteUInt32(data, size - 4, Crc32.Compute(data, 0, size - 4));
            return data;
        }

        private static byte[] Copy(byte[] data)
        {
            var copy = new byte[data.Length];
            Array.Copy(data, copy, data.Length);
            return copy;
        }
    }

    /// <summary>A trainer's network, momentum optimizer and standardizer after some training.</summary>
    public sealed class TrainedModel
    {
        public TwoLayerNetwork Network;
        public SgdOptimizer Optimizer;
        public OnlineStandardizer Standardizer;
        public TrainerState State;
        public long Step;

        public static TrainedModel Create(uint seed, int readings)
        {
            var settings = new OnlineTrainerSettings { Momentum = 0.5f, Seed = seed, HiddenCount = 12 };
            var trainer = new OnlineTrainer(settings, null);
            if (readings > 0) new TrainingSession(new SyntheticSensor(1, seed, 20f), trainer).Run(readings, 0);
            return Of(trainer);
        }

        public static TrainedModel Of(OnlineTrainer trainer)
        {
            return new TrainedModel { Network = trainer.Network, Optimizer = (SgdOptimizer)trainer.Optimizer, Standardizer = trainer.Standardizer, State = trainer.CaptureState(), Step = trainer.Step };
        }

        public static void AssertSame(TrainedModel expected, TrainedModel actual)
        {
            Expect.SameValues(expected.Network.Parameters, actual.Network.Parameters, "parameters");
            Expect.SameValues(expected.Optimizer.Velocities, actual.Optimizer.Velocities, "velocities");
            Expect.SameValues(expected.Standardizer.Mean, actual.Standardizer.Mean, "mean");
            Expect.SameValues(expected.Standardizer.SumOfSquaredDeviations, actual.Standardizer.SumOfSquaredDeviations, "M2");
            Assert.AreEqual(expected.Standardizer.SampleCount, actual.Standardizer.SampleCount, "sample count");
        }
    }
}
