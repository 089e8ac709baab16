#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Files whose every value is in range but that no trainer could have written (issue 20): statistics that no readings
    /// give, Adam moments that no updates give, bytes after the model. And a checkpoint of another optimizer, which loads its
    /// weights through a store sized for it and is never taken for damage by one that is not.
    /// </summary>
    [TestClass]
    public class ModelMeaningTests
    {
        private static OnlineTrainer Trained(OptimizerKind optimizer, float beta1, float beta2, int readings)
        {
            var settings = new OnlineTrainerSettings { Optimizer = optimizer, LearningRate = optimizer == OptimizerKind.Adam ? 0.001f : 0.01f, Beta1 = beta1, Beta2 = beta2 };
            var trainer = new OnlineTrainer(settings, null);
            // Run(0) would run for ever (a board's main loop).
            if (readings > 0) new TrainingSession(SyntheticSensor.CreateDefault(), trainer).Run(readings, 0);
            return trainer;
        }

        private static byte[] Saved(OnlineTrainer trainer)
        {
            var bytes = new byte[trainer.CheckpointSize];
            ModelFormat.Save(bytes, 0, trainer.Network, trainer.Optimizer, trainer.Standardizer, trainer.CaptureState(), trainer.Step, 1u);
            return bytes;
        }

        // Rewrites the float at byte position and seals the file with a valid CRC again.
        private static void Poke(byte[] bytes, int position, float value)
        {
            LittleEndian.WriteSingle(bytes, position, value);
            LittleEndian.WriteUInt32(bytes, bytes.Length - 4, Crc32.Compute(bytes, 0, bytes.Length - 4));
        }

        [TestMethod]
        public void A_standardizer_no_readings_could_give_is_refused_with_its_reason()
        {
            OnlineTrainer trainer = Trained(OptimizerKind.Sgd, 0.9f, 0.999f, 500);
            byte[] bytes = Saved(trainer);
            ModelFormat.Validate(bytes, 0, bytes.Length);
            // Mean, then sum of squares, of the one channel, after the parameters (SGD without momentum stores no state).
            int sumOfSquares = ModelFormat.HeaderBytes + 4 * trainer.Network.Parameters.TotalLength + 4;
            Poke(bytes, sumOfSquares, float.MaxValue);
            Assert.IsTrue(Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Validate(bytes, 0, bytes.Length), "sum of squares float.MaxValue")
                .Message.IndexOf("sum of squares") >= 0, "the reason names the sum of squares");

            // Two readings, as in the attack: at most 2 (L^2 - m^2).
            LittleEndian.WriteUInt32(bytes, 36, 2u);
            Poke(bytes, sumOfSquares, 2.01e30f);
            Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Validate(bytes, 0, bytes.Length), "beyond two readings' reach");
            Poke(bytes, sumOfSquares, 1.9e30f);
            ModelFormat.Validate(bytes, 0, bytes.Length);
            // One reading deviates from its own mean by nothing.
            LittleEndian.WriteUInt32(bytes, 36, 1u);
            Poke(bytes, sumOfSquares, 1f);
            Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Validate(bytes, 0, bytes.Length), "one reading with a spread");
        }

        [TestMethod]
        public void Adam_moments_that_no_updates_could_give_are_refused_and_real_ones_load_for_any_betas()
        {
            // beta1^2 / beta2 below 1, near 1 and above 1: the bound holds for every run of Adam's own updates.
            float[] beta1s = { 0.9f, 0.5f, 0.95f };
            float[] beta2s = { 0.999f, 0.6f, 0.9f };
            for (int k = 0; k < beta1s.Length; k++)
            {
                OnlineTrainer trainer = Trained(OptimizerKind.Adam, beta1s[k], beta2s[k], 1500);
                byte[] bytes = Saved(trainer);
                OnlineTrainer other = Trained(OptimizerKind.Adam, beta1s[k], beta2s[k], 0);
                ModelFormat.Load(bytes, 0, bytes.Length, other.Network, other.Optimizer, other.Standardizer, other.CaptureState());
                Expect.SameValues(trainer.Network.Parameters, other.Network.Parameters, "loaded, betas " + beta1s[k] + " and " + beta2s[k]);
            }

            OnlineTrainer adam = Trained(OptimizerKind.Adam, 0.9f, 0.999f, 1500);
            byte[] poisoned = Saved(adam);
            int parameters = adam.Network.Parameters.TotalLength;
            int firstMoments = ModelFormat.HeaderBytes + 4 * parameters, secondMoments = firstMoments + 4 * parameters;
            Poke(poisoned, firstMoments, 1e6f);
            Poke(poisoned, secondMoments, 0f);
            ModelFormat.Validate(poisoned, 0, poisoned.Length);   // every value in range: only its meaning is wrong
            OnlineTrainer target = Trained(OptimizerKind.Adam, 0.9f, 0.999f, 0);
            float[] before = Expect.Copy(target.Network.W1);
            Assert.IsTrue(Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Load(poisoned, 0, poisoned.Length, target.Network, target.Optimizer,
                target.Standardizer, target.CaptureState()), "first moment 1e6 over a second moment of 0").Message.IndexOf("Adam's moments") >= 0, "the reason");
            Expect.SameValues(before, target.Network.W1, "nothing loaded");

            // An SGD trainer takes the weights only, and its own state starts afresh: the poisoned moments are not used.
            OnlineTrainer sgd = Trained(OptimizerKind.Sgd, 0.9f, 0.999f, 0);
            ModelFormat.Load(poisoned, 0, poisoned.Length, sgd.Network, sgd.Optimizer, sgd.Standardizer, sgd.CaptureState());
            Expect.SameValues(adam.Network.Parameters, sgd.Network.Parameters, "the weights");
        }

        [TestMethod]
        public void Bytes_after_a_model_are_refused()
        {
            OnlineTrainer trainer = Trained(OptimizerKind.Sgd, 0.9f, 0.999f, 300);
            byte[] bytes = Saved(trainer);
            var longer = new byte[bytes.Length + 1000];
            System.Array.Copy(bytes, longer, bytes.Length);
            Assert.IsTrue(Expect.Throws(typeof(ModelFormatException), () => ModelFormat.Validate(longer, 0, longer.Length), "1000 bytes more")
                .Message.IndexOf("1000 bytes after the model") >= 0, "the reason says how many");
            ModelFormat.Validate(longer, 0, bytes.Length);
        }

        [TestMethod]
        public void An_Adam_checkpoint_resumes_an_SGD_trainers_weights_through_a_store_sized_for_it_and_survives_one_that_is_not()
        {
            OnlineTrainer adam = Trained(OptimizerKind.Adam, 0.9f, 0.999f, 800);
            var storage = new MemoryCheckpointStorage();
            adam.SaveCheckpoint(new CheckpointStore(storage, adam.CheckpointSize));

            OnlineTrainer sgd = Trained(OptimizerKind.Sgd, 0.9f, 0.999f, 0);
            Assert.IsTrue(sgd.LoadableCheckpointSize >= adam.CheckpointSize, "room for Adam's checkpoint");
            ModelHeader resumed = sgd.ResumeFrom(new CheckpointStore(storage, sgd.LoadableCheckpointSize));
            Assert.AreEqual(adam.Step, resumed.Step, "resumed at Adam's step");
            Expect.SameValues(adam.Network.Parameters, sgd.Network.Parameters, "Adam's weights in the SGD trainer");

            // A store of the SGD trainer's own size cannot hold it: said so, and the slot is kept like a model of another shape.
            OnlineTrainer small = Trained(OptimizerKind.Sgd, 0.9f, 0.999f, 0);
            var store = new CheckpointStore(storage, small.CheckpointSize);
            Assert.AreEqual(0, small.ResumeFrom(store).Size, "nothing loaded");
            Assert.IsTrue(store.LastError.IndexOf("more than this store's") >= 0, "the reason: " + store.LastError);
            byte[] adamSlot = storage.Slots[0];
            int written = small.SaveCheckpoint(store);
            Assert.AreEqual(1, written, "the save took the empty slot");
            Assert.IsTrue((object)adamSlot == (object)storage.Slots[0], "Adam's checkpoint is untouched");
        }
    }
}
