using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>The firmware's loop keeps training through a failing sensor and a failing flash.</summary>
    [TestClass]
    public class TrainingSessionTests
    {
        private const int WindowFill = 8;  // readings before the first step (default WindowLength)

        [TestMethod]
        public void A_sensor_that_throws_is_counted_and_reported_sparingly_and_training_goes_on()
        {
            var sink = new RecordingSink();
            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), sink);
            var sensor = new FailingSensor { FailFrom = 50, FailTo = 550 };
            var session = new TrainingSession(sensor, trainer);

            session.Run(800, 0);

            Assert.AreEqual(500, session.SensorErrors, "failed reads counted");
            Assert.AreEqual(300, session.Readings, "readings taken");
            Assert.AreEqual(300 - WindowFill, trainer.Step, "steps trained, before and after the failures");
            // The 1st, 2nd, 4th, ... 256th failure: nine lines for 500 failures.
            Assert.AreEqual(9, sink.Comments, "comment lines: " + sink.AllComments);
            Assert.IsTrue(sink.LastComment.IndexOf("# sensor read failed (InvalidOperationException sensor not responding), 256 so far") == 0,
                "last comment: " + sink.LastComment);
            Assert.AreEqual(500, sink.Last.SensorErrors, "report carries the count");
            Assert.IsTrue(ReportLine.Format(sink.Last).IndexOf(" sensor_errors:500 save_errors:0") > 0, "report line: " + ReportLine.Format(sink.Last));
        }

        [TestMethod]
        public void A_checkpoint_save_that_throws_is_reported_and_retried_at_the_next_interval()
        {
            var sink = new RecordingSink();
            var storage = new MemoryCheckpointStorage { ThrowOnWrite = true };
            TrainingSession session = CheckpointingSession(storage, sink);
            OnlineTrainer trainer = session.Trainer;

            session.Run(400 + WindowFill, 0);
            Assert.AreEqual(400, trainer.Step, "training went on");
            Assert.AreEqual(4, session.SaveErrors, "saves at steps 100, 200, 300, 400 failed");
            Assert.AreEqual(4, sink.Comments, "one line per failed save: " + sink.AllComments);
            Assert.AreEqual("# checkpoint save failed at step 400 (FlashFailedException no space left), next try at step 500", sink.LastComment, "last comment");
            Assert.AreEqual(3, sink.Last.SaveErrors, "the report of step 400 went out before its save");
            Assert.IsTrue(storage.Slots[0] == null && storage.Slots[1] == null, "nothing written");

            storage.ThrowOnWrite = false;
            session.Run(100, 0);
            Assert.AreEqual(4, session.SaveErrors, "the retry succeeded");
            Assert.AreEqual(4, sink.Last.SaveErrors, "the next report carries the count");
            Assert.AreEqual(500, CheckpointingSession(storage, null).Resume().Step, "the retry saved step 500");
        }

        [TestMethod]
        public void A_checkpoint_load_that_throws_starts_fresh_and_the_next_save_keeps_the_newest_model()
        {
            var storage = new MemoryCheckpointStorage();
            CheckpointingSession(storage, null).Run(200 + WindowFill, 0);   // slot A: step 100, slot B: step 200 (newest)

            var sink = new RecordingSink();
            TrainingSession session = CheckpointingSession(storage, sink);
            OnlineTrainer trainer = session.Trainer;
            storage.ThrowOnRead = true;
            ModelHeader header = session.Resume();
            Assert.AreEqual(0, header.Size, "nothing loaded");
            Assert.AreEqual(0, trainer.Step, "fresh trainer");
            Assert.AreEqual("# checkpoint load failed (FlashFailedException read error), starting fresh", sink.LastComment, "comment");

            // The flash recovers. The store must learn afresh which slot is newest, or this save
            // would overwrite slot B, and a reboot would resume from the older model in A.
            storage.ThrowOnRead = false;
            session.Run(100 + WindowFill, 0);
            Assert.AreEqual(0, session.SaveErrors, "save errors");
            ModelHeader newest = CheckpointingSession(storage, null).Resume();
            Assert.AreEqual(100, newest.Step, "the new save is the newest");
            Assert.AreEqual(3u, newest.Sequence, "numbered after both earlier saves");
            Assert.AreEqual(200, ModelFormat.Validate(storage.Slots[1], 0, storage.Slots[1].Length).Step, "slot B still holds step 200");
        }

        [TestMethod]
        public void Resume_says_what_it_loaded_or_why_it_starts_fresh()
        {
            var storage = new MemoryCheckpointStorage();
            var sink = new RecordingSink();
            TrainingSession session = CheckpointingSession(storage, sink);
            Assert.AreEqual(0, session.Resume().Size, "empty storage");
            Assert.AreEqual("# starting fresh (no valid checkpoint in either slot)", sink.LastComment, "fresh");

            session.Run(100 + WindowFill, 0);
            Assert.AreEqual(100, CheckpointingSession(storage, sink).Resume().Step, "resumed step");
            Assert.AreEqual("# resumed at step 100 from checkpoint sequence 1", sink.LastComment, "resumed");
        }

        [TestMethod]
        public void A_save_the_store_refuses_is_counted_as_a_save_error_and_training_goes_on()
        {
            // Neither slot readable: the store refuses (InvalidOperationException), as either may hold the only model.
            var sink = new RecordingSink();
            var unreadable = new MemoryCheckpointStorage { ThrowOnRead = true };
            TrainingSession session = CheckpointingSession(unreadable, sink);
            session.Run(100 + WindowFill, 0);
            Assert.AreEqual(100, session.Trainer.Step, "training went on");
            Assert.AreEqual(1, session.SaveErrors, "the refused save is counted");
            Assert.IsTrue(sink.LastComment.IndexOf("# checkpoint save failed at step 100 (InvalidOperationException ") == 0, "comment: " + sink.LastComment);
            Assert.IsTrue(unreadable.Slots[0] == null && unreadable.Slots[1] == null, "nothing written");

            // Writes that never arrive: the slot does not read back (ModelFormatException).
            sink = new RecordingSink();
            var dropping = new MemoryCheckpointStorage { DropWrites = true };
            session = CheckpointingSession(dropping, sink);
            session.Run(200 + WindowFill, 0);
            Assert.AreEqual(200, session.Trainer.Step, "training went on");
            Assert.AreEqual(2, session.SaveErrors, "both saves counted");
            Assert.IsTrue(sink.LastComment.IndexOf("# checkpoint save failed at step 200 (ModelFormatException ") == 0, "comment: " + sink.LastComment);
            Assert.AreEqual(1, sink.Last.SaveErrors, "the report of step 200 went out before its save");
        }

        [TestMethod]
        public void Resume_names_the_slot_it_fell_back_to()
        {
            var storage = new MemoryCheckpointStorage();
            CheckpointingSession(storage, null).Run(200 + WindowFill, 0);   // slot 0: step 100, slot 1: step 200 (newest)
            storage.Slots[1][ModelFormat.HeaderBytes] ^= 0x40;              // a flipped bit: bad CRC

            var sink = new RecordingSink();
            TrainingSession session = CheckpointingSession(storage, sink);
            Assert.AreEqual(100, session.Resume().Step, "the older model loads");
            Assert.AreEqual(0, ((CheckpointStore)session.Checkpoints).LoadedSlot, "from slot 0");
            Assert.IsTrue(sink.LastComment.IndexOf("# resumed at step 100 from checkpoint sequence 1 in slot 0 (slot 1: ") == 0,
                "comment: " + sink.LastComment);
        }

        // A fresh default trainer on the synthetic sensor, checkpointing into storage every 100 steps.
        private static TrainingSession CheckpointingSession(ICheckpointStorage storage, IReportSink sink)
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), sink);
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            session.Checkpoints = new CheckpointStore(storage, trainer.CheckpointSize);
            session.CheckpointInterval = 100;
            return session;
        }

        /// <summary>The synthetic sensor, except that reads FailFrom to FailTo - 1 throw, as a sensor that comes loose does.</summary>
        private sealed class FailingSensor : ISensor
        {
            private readonly SyntheticSensor _inner = SyntheticSensor.CreateDefault();
            private int _reads;
            public int FailFrom;
            public int FailTo;

            public int ChannelCount
            {
                get { return _inner.ChannelCount; }
            }

            public void Read(float[] reading)
            {
                int read = _reads++;
                if (read >= FailFrom && read < FailTo) throw new InvalidOperationException("sensor not responding");
                _inner.Read(reading);
            }
        }

        /// <summary>Keeps a copy of the latest report and the comment lines.</summary>
        private sealed class RecordingSink : IReportSink
        {
            public readonly TrainingReport Last = new TrainingReport();
            public int Comments;
            public string LastComment = "";
            public string AllComments = "";

            public void Report(TrainingReport report)
            {
                Last.CopyFrom(report);
            }

            public void Comment(string line)
            {
                Comments++;
                LastComment = line;
                AllComments += line + "\n";
            }
        }
    }
}
