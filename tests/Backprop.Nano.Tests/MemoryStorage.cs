using System;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Two slots in memory; a write can be cut after CutAfter bytes, as by a power loss, and reads
    /// or writes can throw, as a flash that is full or failing does.
    /// </summary>
    public sealed class MemoryStorage : ICheckpointStorage
    {
        public readonly byte[][] Slots = new byte[2][];
        public int CutAfter = -1;
        public bool KeepOldTail;
        public bool ThrowOnRead;
        public bool ThrowOnWrite;

        public int Read(int slot, byte[] buffer)
        {
            if (ThrowOnRead) throw new FlashFailedException("read error");
            byte[] data = Slots[slot];
            if (data == null) return 0;
            int count = data.Length < buffer.Length ? data.Length : buffer.Length;
            Array.Copy(data, buffer, count);
            return count;
        }

        public void Write(int slot, byte[] buffer, int count)
        {
            if (ThrowOnWrite) throw new FlashFailedException("no space left");
            int written = CutAfter >= 0 && CutAfter < count ? CutAfter : count;
            byte[] old = Slots[slot];
            // A file rewritten in place keeps the old bytes after the cut; a recreated file ends at the cut.
            var data = new byte[KeepOldTail && old != null && old.Length > written ? old.Length : written];
            if (KeepOldTail && old != null) Array.Copy(old, data, old.Length < data.Length ? old.Length : data.Length);
            Array.Copy(buffer, data, written);
            Slots[slot] = data;
        }
    }

    /// <summary>What MemoryStorage throws: a type of its own, so tests can find its name in comment lines.</summary>
    public sealed class FlashFailedException : Exception
    {
        public FlashFailedException(string message) : base(message)
        {
        }
    }
}
