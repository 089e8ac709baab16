using System;
using System.IO;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Two checkpoint slots in memory, with the faults of real flash: a write cut after CutAfter bytes (a power
    /// loss), writes that never arrive, reads that throw, and reads that return less than the slot holds;
    /// ThrowOnRead and ThrowOnWrite fail every read or write, as a flash that is full or dead does.
    /// </summary>
    public sealed class MemoryCheckpointStorage : ICheckpointStorage
    {
        public readonly byte[][] Slots = new byte[2][];
        public int CutAfter = -1;
        public bool KeepOldTail;
        public bool DropWrites;
        public bool ThrowOnRead;
        public bool ThrowOnWrite;
        public int ThrowingReadsOfSlot = -1;
        public int ThrowingReadsLeft;
        public int ShortReadOneIn;          // 0: never; n: one read in n (at random) returns a random prefix
        public int ShortReads, Reads;
        private readonly DeterministicRandom _random = new DeterministicRandom(99);

        public int Read(int slot, byte[] buffer)
        {
            Reads++;
            if (ThrowOnRead) throw new FlashFailedException("read error");
            if (slot == ThrowingReadsOfSlot && ThrowingReadsLeft != 0)
            {
                if (ThrowingReadsLeft > 0) ThrowingReadsLeft--;
                throw new IOException("flash read error");
            }
            byte[] data = Slots[slot];
            if (data == null) return 0;
            int count = data.Length < buffer.Length ? data.Length : buffer.Length;
            if (ShortReadOneIn > 0 && _random.NextUInt() % (uint)ShortReadOneIn == 0)
            {
                ShortReads++;
                count = (int)(_random.NextUInt() % (uint)count);
            }
            Array.Copy(data, buffer, count);
            return count;
        }

        public void Write(int slot, byte[] buffer, int count)
        {
            if (ThrowOnWrite) throw new FlashFailedException("no space left");
            if (DropWrites) return;
            int written = CutAfter >= 0 && CutAfter < count ? CutAfter : count;
            byte[] old = Slots[slot];
            // A file rewritten in place keeps the old bytes after the cut; a recreated file ends at the cut.
            var data = new byte[KeepOldTail && old != null && old.Length > written ? old.Length : written];
            if (KeepOldTail && old != null) Array.Copy(old, data, old.Length < data.Length ? old.Length : data.Length);
            Array.Copy(buffer, data, written);
            Slots[slot] = data;
        }

        /// <summary>Puts a saved model with the given step and sequence straight into a slot, as an older firmware might have left it.</summary>
        public void Put(int slot, TrainedModel model, long step, uint sequence)
        {
            // With the trainer's state, as a trainer saves it, so that a trainer can resume from the slot.
            var bytes = new byte[ModelFormat.SizeFor(model.Network, model.Optimizer, model.Standardizer, model.State)];
            ModelFormat.Save(bytes, 0, model.Network, model.Optimizer, model.Standardizer, model.State, step, sequence);
            Slots[slot] = bytes;
        }
    }

    /// <summary>What MemoryCheckpointStorage throws when told to fail: a type of its own, so tests can find its name in comment lines.</summary>
    public sealed class FlashFailedException : Exception
    {
        public FlashFailedException(string message) : base(message)
        {
        }
    }
}
