namespace Backprop.Nano
{
    /// <summary>Two slots of raw bytes that survive a reset: files on flash, or memory in tests.</summary>
    public interface ICheckpointStorage
    {
        /// <summary>Reads slot 0 or 1 into buffer (at most buffer.Length bytes); returns the bytes read, 0 when the slot is empty.</summary>
        int Read(int slot, byte[] buffer);

        /// <summary>Replaces slot 0 or 1 with buffer[0, count). May be cut short by a power loss.</summary>
        void Write(int slot, byte[] buffer, int count);
    }

    /// <summary>
    /// Checkpoints that survive power loss: two slots (A = 0, B = 1), each a complete model with a
    /// sequence number. A save overwrites the slot that does not hold the newest valid model, so a
    /// save cut short at any byte leaves the previous model intact; a load takes the newest slot
    /// that validates (CRC, shape) and falls back to the other.
    /// </summary>
    public sealed class CheckpointStore
    {
        private readonly ICheckpointStorage _storage;
        private readonly byte[] _buffer;
        private readonly bool[] _valid = new bool[2];
        private bool _scanned;
        private int _newestSlot = -1;
        private uint _newestSequence;

        /// <summary>A store for models of <paramref name="modelSize"/> bytes (see ModelFormat.SizeFor); allocates that buffer now.</summary>
        public CheckpointStore(ICheckpointStorage storage, int modelSize)
        {
            Check.NotNull(storage, "storage");
            if (modelSize < ModelFormat.HeaderBytes + 4)
            {
                throw new System.ArgumentOutOfRangeException("modelSize", "modelSize must be at least " + (ModelFormat.HeaderBytes + 4) + ".");
            }
            _storage = storage;
            _buffer = new byte[modelSize];
        }

        /// <summary>The slot of the newest valid checkpoint known (-1: none).</summary>
        public int NewestSlot
        {
            get { Scan(); return _newestSlot; }
        }

        /// <summary>Why the last LoadNewest found nothing usable, or null.</summary>
        public string LastError { get; private set; }

        /// <summary>Saves a checkpoint into the older slot; returns the slot written.</summary>
        public int Save(TwoLayerNetwork network, SgdOptimizer optimizer, OnlineStandardizer standardizer, int step)
        {
            Scan();
            int slot = _newestSlot == 0 ? 1 : 0;
            uint sequence = _newestSlot < 0 ? 1u : _newestSequence + 1;
            int size = ModelFormat.Save(_buffer, 0, network, optimizer, standardizer, step, sequence);
            _storage.Write(slot, _buffer, size);
            _valid[slot] = true;
            _newestSlot = slot;
            _newestSequence = sequence;
            return slot;
        }

        /// <summary>
        /// Loads the newest slot that validates and fits the network, else the other one.
        /// Returns the header of the model loaded, with Size 0 when neither slot is usable
        /// (then LastError says why and nothing was modified).
        /// </summary>
        public ModelHeader LoadNewest(TwoLayerNetwork network, SgdOptimizer optimizer, OnlineStandardizer standardizer)
        {
            _scanned = false;
            Scan();
            LastError = null;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                int slot = attempt == 0 ? _newestSlot : OtherValidSlot();
                if (slot < 0) break;
                int length = _storage.Read(slot, _buffer);
                try
                {
                    return ModelFormat.Load(_buffer, 0, length, network, optimizer, standardizer);
                }
                catch (ModelFormatException exception)
                {
                    LastError = "slot " + slot + ": " + exception.Message;
                }
            }
            if (LastError == null) LastError = "no valid checkpoint in either slot";
            return new ModelHeader();
        }

        // Learns which slots hold valid models and which is newest, once, before the first save or load.
        private void Scan()
        {
            if (_scanned) return;
            _newestSlot = -1;
            for (int slot = 0; slot < 2; slot++)
            {
                uint sequence;
                _valid[slot] = IsValid(slot, out sequence);
                if (_valid[slot] && (_newestSlot < 0 || sequence > _newestSequence))
                {
                    _newestSlot = slot;
                    _newestSequence = sequence;
                }
            }
            // Only now: after a read that threw, a save must not pick its slot from half a scan
            // (it could overwrite the newest model), so the next save or load scans again.
            _scanned = true;
        }

        private int OtherValidSlot()
        {
            int other = _newestSlot == 0 ? 1 : 0;
            return _newestSlot >= 0 && _valid[other] ? other : -1;
        }

        private bool IsValid(int slot, out uint sequence)
        {
            sequence = 0;
            int length = _storage.Read(slot, _buffer);
            if (length == 0) return false;
            try
            {
                sequence = ModelFormat.Validate(_buffer, 0, length).Sequence;
                return true;
            }
            catch (ModelFormatException)
            {
                return false;
            }
        }
    }
}
