using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class CheckpointTests
    {
        [TestMethod]
        public void Saves_alternate_slots_and_the_newest_valid_one_loads()
        {
            var storage = new MemoryCheckpointStorage();
            TrainedModel first = TrainedModel.Create(1, 100);
            int size = ModelFormat.SizeFor(first.Network, first.Optimizer, first.Standardizer);
            var store = new CheckpointStore(storage, size);
            Assert.AreEqual(-1, store.NewestSlot, "empty storage");
            Assert.AreEqual(0, store.Save(first.Network, first.Optimizer, first.Standardizer, first.Step), "first save to A");
            TrainedModel second = TrainedModel.Create(1, 200);
            Assert.AreEqual(1, store.Save(second.Network, second.Optimizer, second.Standardizer, second.Step), "second save to B");
            TrainedModel third = TrainedModel.Create(1, 300);
            Assert.AreEqual(0, store.Save(third.Network, third.Optimizer, third.Standardizer, third.Step), "third save overwrites A");

            // A new store, as after a reset, finds the newest.
            TrainedModel target = TrainedModel.Create(5, 0);
            ModelHeader header = new CheckpointStore(storage, size).LoadNewest(target.Network, target.Optimizer, target.Standardizer);
            Assert.AreEqual(third.Step, header.Step, "resumes at the newest step");
            Assert.AreEqual(3u, header.Sequence, "sequence");
            TrainedModel.AssertSame(third, target);
        }

        [TestMethod]
        public void A_save_cut_at_any_byte_leaves_the_new_or_the_previous_model_never_a_mixture()
        {
            int tried = RunCutSaves(keepOldTail: false) + RunCutSaves(keepOldTail: true);
            Assert.IsTrue(tried > 1000, "truncation points tried: " + tried);
        }

        [TestMethod]
        public void A_flipped_byte_anywhere_in_the_newest_slot_falls_back_to_the_previous_model()
        {
            var storage = new MemoryCheckpointStorage();
            TrainedModel previous = TrainedModel.Create(1, 100);
            TrainedModel newest = TrainedModel.Create(1, 150);
            int size = ModelFormat.SizeFor(previous.Network, previous.Optimizer, previous.Standardizer);
            var store = new CheckpointStore(storage, size);
            store.Save(previous.Network, previous.Optimizer, previous.Standardizer, previous.Step);
            int newestSlot = store.Save(newest.Network, newest.Optimizer, newest.Standardizer, newest.Step);
            TrainedModel target = TrainedModel.Create(3, 0);
            for (int position = 0; position < size; position++)
            {
                storage.Slots[newestSlot][position] ^= 0x5A;
                ModelHeader header = new CheckpointStore(storage, size).LoadNewest(target.Network, target.Optimizer, target.Standardizer);
                Assert.AreEqual(previous.Step, header.Step, "flip at byte " + position);
                storage.Slots[newestSlot][position] ^= 0x5A;
            }
            TrainedModel.AssertSame(previous, target);
        }

        [TestMethod]
        public void With_no_valid_slot_nothing_changes_and_the_reason_is_given()
        {
            var storage = new MemoryCheckpointStorage();
            storage.Slots[0] = new byte[] { 1, 2, 3 };
            TrainedModel target = TrainedModel.Create(2, 40);
            TrainedModel untouched = TrainedModel.Create(2, 40);
            var store = new CheckpointStore(storage, 200);
            ModelHeader header = store.LoadNewest(target.Network, target.Optimizer, target.Standardizer);
            Assert.AreEqual(0, header.Size, "nothing loaded");
            Assert.IsTrue(store.LastError != null, "a reason");
            TrainedModel.AssertSame(untouched, target);
        }

        [TestMethod]
        public void A_session_checkpoints_every_interval_and_a_new_trainer_resumes_at_the_saved_step()
        {
            var storage = new MemoryCheckpointStorage();
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { Momentum = 0.5f }, null);
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            session.Checkpoints = new CheckpointStore(storage, trainer.CheckpointSize);
            session.CheckpointInterval = 250;
            session.Run(1108, 0);
            Assert.AreEqual(1100, trainer.Step, "steps (8 readings fill the window)");
            Assert.IsTrue(storage.Slots[0] != null && storage.Slots[1] != null, "both slots used");

            // The newest checkpoint is from step 1000.
            var resumed = new OnlineTrainer(new OnlineTrainerSettings { Momentum = 0.5f, Seed = 77 }, null);
            ModelHeader header = resumed.ResumeFrom(new CheckpointStore(storage, resumed.CheckpointSize));
            Assert.AreEqual(1000, header.Step, "checkpoint step");
            Assert.AreEqual(1000, resumed.Step, "resumed step");
            Assert.AreEqual(trainer.Standardizer.SampleCount - 100, resumed.Standardizer.SampleCount, "standardizer as of step 1000");

            // It goes on learning from there.
            new TrainingSession(SyntheticSensor.CreateDefault(), resumed).Run(600, 0);
            Assert.IsTrue(resumed.AverageLoss < 0.01f, "loss after resuming: " + resumed.AverageLoss);
        }

        [TestMethod]
        public void A_newer_model_of_another_shape_is_overwritten_before_the_only_one_that_fits()
        {
            var storage = new MemoryCheckpointStorage();
            TrainedModel fitting = TrainedModel.Create(1, 100);
            fitting.State = null;  // stored as the saves below store it, without the trainer's state
            int size = ModelFormat.SizeFor(fitting.Network, fitting.Optimizer, fitting.Standardizer);
            storage.Put(0, fitting, fitting.Step, 5u);
            var other = new TwoLayerNetwork(8, 20, 1, Activation.Tanh, Activation.Identity);
            storage.Slots[1] = new byte[ModelFormat.SizeFor(other, null, null)];
            ModelFormat.Save(storage.Slots[1], 0, other, null, null, 900, 6u);

            // The power fails halfway through the next save.
            storage.CutAfter = size / 2;
            Assert.IsFalse(TrySave(new CheckpointStore(storage, size), TrainedModel.Create(1, 150)), "a cut save is not counted");

            TrainedModel target = TrainedModel.Create(3, 0);
            ModelHeader header = new CheckpointStore(storage, size).LoadNewest(target.Network, target.Optimizer, target.Standardizer);
            Assert.AreEqual(fitting.Step, header.Step, "the only model that fits survived");
            TrainedModel.AssertSame(fitting, target);
        }

        [TestMethod]
        public void Sequence_numbers_wrap_from_0xFFFFFFFF_to_0_and_the_newer_model_still_loads()
        {
            TrainedModel newer = TrainedModel.Create(1, 130);
            MemoryCheckpointStorage storage = TwoSlots(TrainedModel.Create(1, 100), 0xFFFFFFFEu, newer, 0xFFFFFFFFu);
            int size = storage.Slots[0].Length;
            var store = new CheckpointStore(storage, size);
            Assert.AreEqual(1, store.NewestSlot, "0xFFFFFFFF is newer than 0xFFFFFFFE");

            TrainedModel newest = TrainedModel.Create(1, 160);
            Assert.AreEqual(0, store.Save(newest.Network, newest.Optimizer, newest.Standardizer, newest.Step), "over the older slot");
            ModelHeader header = LoadNewest(new CheckpointStore(storage, size));
            Assert.AreEqual(0u, header.Sequence, "after 0xFFFFFFFF comes 0");
            Assert.AreEqual(newest.Step, header.Step, "and 0 is newer");
            Assert.AreEqual(1, store.Save(newer.Network, newer.Optimizer, newer.Standardizer, newer.Step), "then over 0xFFFFFFFF");
            Assert.AreEqual(1u, LoadNewest(new CheckpointStore(storage, size)).Sequence);
        }

        [TestMethod]
        public void A_read_that_throws_at_boot_is_reported_and_the_other_slot_loads()
        {
            TrainedModel previous = TrainedModel.Create(1, 100);
            TrainedModel newest = TrainedModel.Create(1, 150);
            MemoryCheckpointStorage storage = TwoSlots(previous, 1u, newest, 2u);
            storage.ThrowingReadsOfSlot = 1;
            storage.ThrowingReadsLeft = -1;

            var resumed = new OnlineTrainer(new OnlineTrainerSettings { Momentum = 0.5f, HiddenCount = 12, Seed = 8 }, null);
            var store = new CheckpointStore(storage, resumed.CheckpointSize);
            ModelHeader header = resumed.ResumeFrom(store);
            Assert.AreEqual(previous.Step, header.Step, "fell back to the slot that reads");
            Assert.AreEqual(previous.Step, resumed.Step, "resumed");
            Assert.AreEqual(0, store.LoadedSlot, "loaded slot");
            Assert.IsTrue(store.LastError != null && store.LastError.IndexOf("flash read error") >= 0, "reported: " + store.LastError);

            // A slot that throws once is read again.
            storage.ThrowingReadsLeft = 1;
            Assert.AreEqual(newest.Step, resumed.ResumeFrom(new CheckpointStore(storage, resumed.CheckpointSize)).Step, "one failed read is retried");
        }

        [TestMethod]
        public void A_newest_slot_with_hostile_counts_falls_back_and_is_saved_over()
        {
            TrainedModel previous = TrainedModel.Create(1, 100);
            MemoryCheckpointStorage storage = TwoSlots(previous, 1u, TrainedModel.Create(1, 150), 2u);
            int size = storage.Slots[0].Length;
            storage.Slots[1][9] = 0xFF;
            storage.Slots[1][13] = 0xFF;

            var store = new CheckpointStore(storage, size);
            Assert.AreEqual(previous.Step, LoadNewest(store).Step, "fell back");
            TrainedModel next = TrainedModel.Create(1, 170);
            Assert.AreEqual(1, store.Save(next.Network, next.Optimizer, next.Standardizer, next.Step), "the corrupted slot is the one overwritten");
            Assert.AreEqual(next.Step, LoadNewest(new CheckpointStore(storage, size)).Step);
        }

        [TestMethod]
        public void Flaky_short_reads_at_boot_never_start_the_trainer_from_scratch()
        {
            const int Boots = 300;
            var storage = new MemoryCheckpointStorage();
            var settings = new OnlineTrainerSettings { Momentum = 0.5f, HiddenCount = 12 };
            var trainer = new OnlineTrainer(settings, null);
            var session = new TrainingSession(new SyntheticSensor(1, 3, 20f), trainer);
            session.Checkpoints = new CheckpointStore(storage, trainer.CheckpointSize);
            session.CheckpointInterval = 200;
            session.Run(608, 0);

            storage.ShortReadOneIn = 3;
            var resumed = new OnlineTrainer(settings, null);
            for (int boot = 0; boot < Boots; boot++)
            {
                long step = resumed.ResumeFrom(new CheckpointStore(storage, resumed.CheckpointSize)).Step;
                Assert.IsTrue(step == 600 || step == 400, "boot " + boot + " resumed at step " + step);
            }
            Assert.IsTrue(storage.ShortReads > Boots / 3, "short reads injected: " + storage.ShortReads);
        }

        [TestMethod]
        public void A_state_that_would_not_load_is_never_saved_and_a_save_that_does_not_read_back_is_not_counted()
        {
            var storage = new MemoryCheckpointStorage();
            TrainedModel good = TrainedModel.Create(1, 100);
            int size = ModelFormat.SizeFor(good.Network, good.Optimizer, good.Standardizer);
            var store = new CheckpointStore(storage, size);
            Assert.AreEqual(0, store.Save(good.Network, good.Optimizer, good.Standardizer, good.Step));
            byte[] saved = storage.Slots[0];

            TrainedModel broken = TrainedModel.Create(1, 120);
            float[] poisons = { float.NaN, float.PositiveInfinity, 3e38f };
            for (int k = 0; k < poisons.Length; k++)
            {
                broken.Network.W2[0] = poisons[k];
                Expect.Throws(typeof(ModelFormatException), () => store.Save(broken.Network, broken.Optimizer, broken.Standardizer, broken.Step), "W2[0] = " + poisons[k]);
            }
            broken.Standardizer.SumOfSquaredDeviations[0] = float.PositiveInfinity;
            broken.Network.W2[0] = 0f;
            Expect.Throws(typeof(ModelFormatException), () => store.Save(broken.Network, broken.Optimizer, broken.Standardizer, broken.Step), "infinite M2");
            Assert.IsTrue(storage.Slots[1] == null, "nothing written");

            storage.DropWrites = true;
            Expect.Throws(typeof(ModelFormatException), () => store.Save(good.Network, good.Optimizer, good.Standardizer, 500), "a write that never arrived");
            Assert.IsTrue(saved == storage.Slots[0], "the previous checkpoint is untouched");
            TrainedModel target = TrainedModel.Create(3, 0);
            Assert.AreEqual(good.Step, new CheckpointStore(storage, size).LoadNewest(target.Network, target.Optimizer, target.Standardizer).Step);
        }

        [TestMethod]
        public void Steps_past_32_bits_resume_and_checkpoint_as_valid_files()
        {
            var storage = new MemoryCheckpointStorage();
            TrainedModel model = TrainedModel.Create(1, 300);
            storage.Put(0, model, 0xFFFFFF00L, 1u);
            var settings = new OnlineTrainerSettings { Momentum = 0.5f, HiddenCount = 12 };
            var trainer = new OnlineTrainer(settings, null);
            var session = new TrainingSession(new SyntheticSensor(1, 1, 20f), trainer);
            session.Checkpoints = new CheckpointStore(storage, trainer.CheckpointSize);
            session.CheckpointInterval = 100;
            Assert.AreEqual(0xFFFFFF00L, trainer.ResumeFrom((CheckpointStore)session.Checkpoints).Step, "a step older versions called negative");
            session.Run(608, 0);
            Assert.AreEqual(0xFFFFFF00L + 600, trainer.Step, "counts on in 64 bits");

            var resumed = new OnlineTrainer(settings, null);
            Assert.AreEqual(0xFFFFFFFFL, resumed.ResumeFrom(new CheckpointStore(storage, resumed.CheckpointSize)).Step, "the file saturates, and stays valid");
        }

        [TestMethod]
        public void A_standardizer_count_at_its_limit_saturates_and_learning_goes_on()
        {
            var storage = new MemoryCheckpointStorage();
            TrainedModel model = TrainedModel.Create(1, 3000);
            // As after years of readings: the sums are those of the standardizer's horizon.
            model.Standardizer.SumOfSquaredDeviations[0] = model.Standardizer.Variance(0) * OnlineStandardizer.Horizon;
            model.Standardizer.SetLoadedSampleCount(int.MaxValue - 10);
            storage.Put(0, model, model.Step, 1u);
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { Momentum = 0.5f, HiddenCount = 12 }, null);
            var session = new TrainingSession(new SyntheticSensor(1, 1, 20f), trainer);
            session.Checkpoints = new CheckpointStore(storage, trainer.CheckpointSize);
            session.CheckpointInterval = 500;
            Assert.AreEqual(model.Step, trainer.ResumeFrom((CheckpointStore)session.Checkpoints).Step);
            session.Run(2000, 0);
            Assert.AreEqual(int.MaxValue, trainer.Standardizer.SampleCount, "saturates");
            Assert.IsTrue(trainer.AverageLoss < 0.01f, "still learning: average loss " + trainer.AverageLoss);
            Assert.AreEqual(trainer.Step - trainer.Step % 500, new CheckpointStore(storage, trainer.CheckpointSize).LoadNewest(
                new TwoLayerNetwork(8, 12, 1, Activation.Tanh, Activation.Identity), null, null).Step, "its checkpoints are valid");
        }

        // For every cut point of the second save: loading gives the first model, or the second when complete.
        private static int RunCutSaves(bool keepOldTail)
        {
            TrainedModel previous = TrainedModel.Create(1, 100);
            TrainedModel next = TrainedModel.Create(1, 130);
            int size = ModelFormat.SizeFor(previous.Network, previous.Optimizer, previous.Standardizer);
            TrainedModel target = TrainedModel.Create(4, 0);
            int tried = 0;
            for (int cut = 0; cut <= size; cut++)
            {
                var storage = new MemoryCheckpointStorage { KeepOldTail = keepOldTail };
                var store = new CheckpointStore(storage, size);
                store.Save(next.Network, next.Optimizer, next.Standardizer, next.Step);         // an old model in slot B's place later
                store.Save(previous.Network, previous.Optimizer, previous.Standardizer, previous.Step);
                storage.CutAfter = cut;
                bool saved = TrySave(store, next);
                Assert.AreEqual(cut == size, saved, "a cut save is not counted as saved (cut after " + cut + ")");

                ModelHeader header = new CheckpointStore(storage, size).LoadNewest(target.Network, target.Optimizer, target.Standardizer);
                TrainedModel expected = cut == size ? next : previous;
                Assert.AreEqual(expected.Step, header.Step, "cut after " + cut + " bytes (old tail kept: " + keepOldTail + ")");
                TrainedModel.AssertSame(expected, target);
                tried++;
            }
            return tried;
        }

        private static MemoryCheckpointStorage TwoSlots(TrainedModel first, uint firstSequence, TrainedModel second, uint secondSequence)
        {
            var storage = new MemoryCheckpointStorage();
            storage.Put(0, first, first.Step, firstSequence);
            storage.Put(1, second, second.Step, secondSequence);
            return storage;
        }

        // Loads into a fresh model of the tests' shape.
        private static ModelHeader LoadNewest(CheckpointStore store)
        {
            TrainedModel target = TrainedModel.Create(3, 0);
            return store.LoadNewest(target.Network, target.Optimizer, target.Standardizer);
        }

        // A save that does not read back throws; in these tests the power came back and the caller goes on.
        private static bool TrySave(CheckpointStore store, TrainedModel model)
        {
            try
            {
                store.Save(model.Network, model.Optimizer, model.Standardizer, model.Step);
                return true;
            }
            catch (ModelFormatException)
            {
                return false;
            }
        }
    }
}
