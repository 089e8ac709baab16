namespace Backprop.Nano
{
    /// <summary>Two slots of raw bytes that survive a reset: files on flash, or memory in tests.</summary>
    public interface ICheckpointStorage
    {
        /// <summary>
        /// Reads the whole of slot 0 or 1 into buffer (at most buffer.Length bytes); returns the bytes
        /// read, 0 when the slot is empty. Over a Stream, loop until it returns 0: one Read call may
        /// return less than the slot holds.
        /// </summary>
        int Read(int slot, byte[] buffer);

        /// <summary>Replaces slot 0 or 1 with buffer[0, count). May be cut short by a power loss.</summary>
        void Write(int slot, byte[] buffer, int count);
    }
}
