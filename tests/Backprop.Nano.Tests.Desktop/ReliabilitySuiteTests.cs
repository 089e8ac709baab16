using System;
using Backprop.Nano.Cli;
using CsCheck;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// The fuzz and fault suite behind the README's reliability figures: hostile model files with a valid CRC,
    /// hostile readings into a checkpointing trainer, and saves cut by power loss with flaky reads at boot.
    /// <c>dotnet test</c> runs a bounded version; <c>BPNANO_SOAK=1</c> runs the long one. Each test prints its
    /// figures (run with <c>--logger "console;verbosity=detailed"</c> to see them).
    /// </summary>
    [TestClass]
    public class ReliabilitySuiteTests
    {
        private static readonly bool Soak = Environment.GetEnvironmentVariable("BPNANO_SOAK") == "1";

        // Values that break size arithmetic, sign checks and flag/count agreement.
        private static readonly uint[] HostileWords =
        {
            0, 1, 2, 3, 7, 8, 12, 4096, 4097, 32767, 32768, 65535, 65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF,
            0x0000FF08, 0x0000FF0C, 0x00010001, 0x00030001, 0x00020001, 0x7F7FFFFF, 0x7F800000, 0xFF800000,
        };

        [TestMethod]
        public void Hostile_model_files_with_a_valid_CRC_raise_nothing_but_ModelFormatException()
        {
            int files = Soak ? 100_000 : 5_000;
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { Momentum = 0.5f, HiddenCount = 6, WindowLength = 4 }, null);
            new TrainingSession(SyntheticSensor.CreateDefault(), trainer).Run(300, 0);
            var good = new byte[ModelFormat.SizeFor(trainer.Network, trainer.Optimizer, trainer.Standardizer)];
            ModelFormat.Save(good, 0, trainer.Network, trainer.Optimizer, trainer.Standardizer, trainer.Step, 3u);
            float[] before = Expect.Copy(trainer.Network.W1);

            int tried = 0, accepted = 0;
            var word = Gen.Select(Gen.Int[0, 3], Gen.Int[0, HostileWords.Length - 1], Gen.UInt, (kind, pick, any) => kind == 0 ? any : HostileWords[pick]);
            var edit = Gen.Select(Gen.Int[1, 9], word);                   // header word 1..9 (bytes 4..39)
            var file = Gen.Select(edit.Array[1, 4], Gen.Int[-16, 64], Gen.Int[0, 2], Gen.Int[0, good.Length * 4]);
            file.Sample((edits, lengthChange, sealAt, flip) =>
            {
                var bytes = new byte[Math.Max(0, good.Length + lengthChange)];
                Array.Copy(good, bytes, Math.Min(good.Length, bytes.Length));
                if (bytes.Length < ModelFormat.HeaderBytes + 4) return;
                foreach ((int index, uint value) in edits) LittleEndian.WriteUInt32(bytes, 4 * index, value);
                if (flip < bytes.Length) bytes[flip] ^= 0x40;
                // A valid CRC where the reader will look: at the end the header now declares (when it fits), at the end
                // of the buffer, or at the original end.
                long declared = ModelFormat.DeclaredSize(ModelFormat.ReadStoredHeader(bytes, 0, bytes.Length));
                int end = sealAt == 0 && declared >= 8 && declared <= bytes.Length ? (int)declared : sealAt == 1 ? bytes.Length : Math.Min(good.Length, bytes.Length);
                LittleEndian.WriteUInt32(bytes, end - 4, Crc32.Compute(bytes, 0, end - 4));

                tried++;
                // Each file meets the trained state (an earlier file may have loaded other valid values).
                ModelFormat.Load(good, 0, good.Length, trainer.Network, trainer.Optimizer, trainer.Standardizer);
                bool valid = true;
                try
                {
                    ModelFormat.Validate(bytes, 0, bytes.Length);
                }
                catch (ModelFormatException)
                {
                    valid = false;
                }
                try
                {
                    ModelFormat.Load(bytes, 0, bytes.Length, trainer.Network, trainer.Optimizer, trainer.Standardizer);
                    accepted++;
                }
                catch (ModelFormatException)
                {
                    CollectionAssert.AreEqual(before, trainer.Network.W1, "a rejected file changed nothing");
                }
                ModelInspection inspection = ModelInspection.Of("fuzz.bin", bytes);
                Assert.AreEqual(valid, inspection.Error == null, "inspect agrees with Validate");
                var storage = new MemoryCheckpointStorage();
                storage.Slots[0] = bytes;
                new CheckpointStore(storage, trainer.CheckpointSize).LoadNewest(trainer.Network, trainer.Optimizer, trainer.Standardizer);
            }, iter: files, threads: 1);
            Console.WriteLine("hostile files tried: " + tried + ", loaded: " + accepted + ", crashes: 0");
            Assert.IsGreaterThan(files / 2, tried);
        }

        [TestMethod]
        public void Hostile_readings_never_break_the_weights_or_a_checkpoint()
        {
            int runs = Soak ? 200 : 12, readingsPerRun = Soak ? 50_000 : 6_000;
            long injected = 0, outliers = 0, skipped = 0, saves = 0, refused = 0;
            var runSeeds = Gen.UInt;
            runSeeds.Sample(seed =>
            {
                var sensor = new HostileSensor(seed);
                var storage = new MemoryCheckpointStorage();
                var trainer = new OnlineTrainer(new OnlineTrainerSettings(), null);
                var store = new CheckpointStore(storage, trainer.CheckpointSize);
                var reading = new float[1];
                long lastSaved = -1;
                for (int k = 0; k < readingsPerRun; k++)
                {
                    sensor.Read(reading);
                    if (!trainer.AddReading(reading) || trainer.Step % 500 != 0) continue;
                    try
                    {
                        trainer.SaveCheckpoint(store);
                        saves++;
                        lastSaved = trainer.Step;
                    }
                    catch (ModelFormatException)
                    {
                        refused++;
                    }
                }
                AssertFinite(trainer.Network.W1, "W1");
                AssertFinite(trainer.Network.W2, "W2");
                Assert.IsTrue(FloatMath.IsFinite(trainer.Standardizer.Variance(0)), "variance");
                if (lastSaved >= 0)
                {
                    var resumed = new OnlineTrainer(new OnlineTrainerSettings(), null);
                    Assert.AreEqual(lastSaved, resumed.ResumeFrom(new CheckpointStore(storage, resumed.CheckpointSize)).Step, "the last save loads");
                }
                injected += sensor.Injected;
                outliers += trainer.Outliers;
                skipped += trainer.SkippedReadings + trainer.StuckReadings;
            }, iter: runs, threads: 1);
            Console.WriteLine("hostile readings injected: " + injected + " in " + (long)runs * readingsPerRun + " readings (skipped "
                + skipped + ", outliers " + outliers + "); checkpoints saved " + saves + ", refused " + refused + ", crashes: 0");
            Assert.IsGreaterThan(0L, injected);
        }

        [TestMethod]
        public void Saves_cut_by_power_loss_and_flaky_boots_never_lose_the_last_saved_model()
        {
            int saves = Soak ? 100_000 : 4_000;
            TrainedModel[] models = { TrainedModel.Create(1, 100), TrainedModel.Create(2, 150), TrainedModel.Create(3, 200) };
            int size = ModelFormat.SizeFor(models[0].Network, models[0].Optimizer, models[0].Standardizer);
            var other = new TwoLayerNetwork(8, 20, 1, Activation.Tanh, Activation.Identity);
            var otherBytes = new byte[ModelFormat.SizeFor(other, null, null)];
            TrainedModel target = TrainedModel.Create(9, 0);

            var storage = new MemoryCheckpointStorage();
            long lastCounted = -1, interrupted = 0, lost = 0, olderAtBoot = 0, step = 0;
            var action = Gen.Select(Gen.Int[0, 9], Gen.Int[0, size], Gen.Bool, Gen.Int[0, 2]);
            action.Sample((kind, cut, keepTail, model) =>
            {
                step++;
                storage.KeepOldTail = keepTail;
                storage.ShortReadOneIn = 0;
                storage.ThrowingReadsLeft = 0;
                if (kind == 0)
                {
                    // Someone deploys a model of another shape, newer, next to the model that fits.
                    var look = new CheckpointStore(storage, size);
                    look.LoadNewest(target.Network, target.Optimizer, target.Standardizer);
                    int slot = look.LoadedSlot == 0 ? 1 : 0;
                    ModelFormat.Save(otherBytes, 0, other, null, null, 1, (uint)step);
                    storage.Slots[slot] = (byte[])otherBytes.Clone();
                    if (Holds(storage, size) != lastCounted) lost++;
                    return;
                }
                TrainedModel saving = models[model];
                storage.CutAfter = kind <= 4 ? cut : -1;
                bool counted;
                try
                {
                    new CheckpointStore(storage, size).Save(saving.Network, saving.Optimizer, saving.Standardizer, step);
                    counted = true;
                }
                catch (ModelFormatException)
                {
                    counted = false;
                }
                storage.CutAfter = -1;
                if (counted) lastCounted = step;
                else interrupted++;

                // Boot with a flaky flash: short reads, and reads that throw.
                storage.ShortReadOneIn = 8;
                storage.ThrowingReadsOfSlot = (int)(step % 2);
                storage.ThrowingReadsLeft = (int)(step % 3);
                long loaded = new CheckpointStore(storage, size).LoadNewest(target.Network, target.Optimizer, target.Standardizer).Step;
                storage.ShortReadOneIn = 0;
                storage.ThrowingReadsLeft = 0;
                if (lastCounted >= 0 && Holds(storage, size) != lastCounted) lost++;
                else if (loaded != lastCounted) olderAtBoot++;
            }, iter: saves, threads: 1);
            Console.WriteLine("saves tried: " + saves + ", interrupted: " + interrupted + ", models lost: " + lost
                + ", boots that loaded an older model because of read faults: " + olderAtBoot);
            Assert.AreEqual(0L, lost, "models lost");
            Assert.IsGreaterThan(saves / 4, (int)interrupted);
        }

        // The step of the newest fitting model on flash, read without faults.
        private static long Holds(MemoryCheckpointStorage storage, int size)
        {
            TrainedModel probe = TrainedModel.Create(9, 0);
            ModelHeader header = new CheckpointStore(storage, size).LoadNewest(probe.Network, probe.Optimizer, probe.Standardizer);
            return header.Size == 0 ? -1 : header.Step;
        }

        private static void AssertFinite(float[] values, string what)
        {
            foreach (float value in values) Assert.IsTrue(float.IsFinite(value), what + " is finite");
        }

        /// <summary>The synthetic sensor with glitches of every finite size, non-finite values, stuck runs and level shifts.</summary>
        private sealed class HostileSensor : ISensor
        {
            private readonly SyntheticSensor _inner;
            private readonly DeterministicRandom _random;
            private float _shift;
            private int _stuckLeft;
            private float _stuckValue;

            public HostileSensor(uint seed)
            {
                _inner = new SyntheticSensor(1, seed, 20f);
                _random = new DeterministicRandom(seed ^ 0xBADu);
            }

            public long Injected { get; private set; }

            public int ChannelCount => 1;

            public void Read(float[] reading)
            {
                _inner.Read(reading);
                reading[0] += _shift;
                if (_stuckLeft > 0)
                {
                    _stuckLeft--;
                    reading[0] = _stuckValue;
                    Injected++;
                    return;
                }
                uint dice = _random.NextUInt() % 1000;
                if (dice >= 30) return;
                Injected++;
                if (dice < 10) reading[0] = (dice % 2 == 0 ? 1f : -1f) * MathF.Pow(10f, 5f + _random.NextFloat() * 33.5f);
                else if (dice < 15) reading[0] = dice % 3 == 0 ? float.NaN : dice % 3 == 1 ? float.PositiveInfinity : float.NegativeInfinity;
                else if (dice < 17) reading[0] = dice % 2 == 0 ? float.MaxValue : -float.MaxValue;
                else if (dice < 19) { _stuckLeft = 200; _stuckValue = dice % 2 == 0 ? 4095f : 0f; }
                else if (dice == 19) _shift = (_random.NextFloat() - 0.5f) * 2e5f;
                else reading[0] = (_random.NextFloat() - 0.5f) * 1e9f;
            }
        }
    }
}
