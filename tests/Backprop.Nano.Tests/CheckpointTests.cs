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
            var storage = new MemoryStorage();
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
            var storage = new MemoryStorage();
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
            var storage = new MemoryStorage();
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
            var storage = new MemoryStorage();
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
                var storage = new MemoryStorage { KeepOldTail = keepOldTail };
                var store = new CheckpointStore(storage, size);
                store.Save(next.Network, next.Optimizer, next.Standardizer, next.Step);         // an old model in slot B's place later
                store.Save(previous.Network, previous.Optimizer, previous.Standardizer, previous.Step);
                storage.CutAfter = cut;
                store.Save(next.Network, next.Optimizer, next.Standardizer, next.Step);

                ModelHeader header = new CheckpointStore(storage, size).LoadNewest(target.Network, target.Optimizer, target.Standardizer);
                TrainedModel expected = cut == size ? next : previous;
                Assert.AreEqual(expected.Step, header.Step, "cut after " + cut + " bytes (old tail kept: " + keepOldTail + ")");
                TrainedModel.AssertSame(expected, target);
                tried++;
            }
            return tried;
        }
    }
}
