namespace Backprop.Nano
{
    /// <summary>
    /// Checkpoints that survive power loss: two slots (A = 0, B = 1), each a complete model with a
    /// sequence number. A save never overwrites the only model that fits the network being saved, so a
    /// save cut short at any byte leaves the previous model intact; a load takes the newest slot that
    /// validates and fits, and falls back to the other.
    /// </summary>
    /// <remarks>
    /// Sequence numbers compare as serial numbers (RFC 1982): after 0xFFFFFFFF comes 0, which is newer.
    /// A slot that does not validate, or whose read throws, is read again up to
    /// <see cref="ReadAttempts"/> times, so a flaky flash read does not make a good model look absent;
    /// a slot whose reads all throw is never overwritten while the other slot may be.
    /// </remarks>
    public sealed class CheckpointStore : ICheckpointTarget
    {
        /// <summary>Reads of a slot before it is taken as empty, invalid or unreadable.</summary>
        public const int ReadAttempts = 4;

        // What a scan found in a slot, in the order a save would rather overwrite it.
        private const int Invalid = 1, Foreign = 2, Unreadable = 3, Fits = 4;

        private readonly ICheckpointStorage _storage;
        private readonly byte[] _buffer;
        private readonly bool[] _valid = new bool[2];
        private readonly bool[] _unreadable = new bool[2];
        private readonly bool[] _tooLarge = new bool[2];   // read whole, and declaring more than the buffer holds
        private readonly ModelHeader[] _headers = new ModelHeader[2];
        private bool _scanned;

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
            LoadedSlot = -1;
        }

        /// <summary>The slot of the newest valid checkpoint known, whatever its shape (-1: none).</summary>
        public int NewestSlot
        {
            get
            {
                if (!_scanned) Scan();
                return Newest();
            }
        }

        /// <summary>The slot the last LoadNewest loaded (-1: none).</summary>
        public int LoadedSlot { get; private set; }

        /// <summary>
        /// What went wrong in the last LoadNewest or Save: slots that could not be read or did not
        /// validate or fit (also when a load fell back to the other slot). Null when nothing did.
        /// </summary>
        public string LastError { get; private set; }

        /// <summary>
        /// The last exception a storage read threw during the last LoadNewest or Save (null when no read
        /// threw), so a caller can tell a failing flash from an empty or invalid one.
        /// </summary>
        public System.Exception LastReadException { get; private set; }

        /// <summary>
        /// Saves a checkpoint and returns the slot written. The slot overwritten is, in this order of
        /// preference: an empty or invalid one, one holding a model of another shape, one whose reads
        /// threw, else the older of two that fit. The bytes are validated before they are written (a
        /// state that is not finite or beyond ModelFormat's bounds is never saved) and read back after.
        /// </summary>
        /// <exception cref="ModelFormatException">the state would not load, or the slot did not read back
        /// as written; the other slot is untouched.</exception>
        /// <exception cref="System.InvalidOperationException">neither slot could be read, so either may hold the only model.</exception>
        public int Save(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer, long step)
        {
            return Save(network, optimizer, standardizer, null, step);
        }

        /// <summary>As the overload without <paramref name="state"/>, with the trainer's state in the checkpoint (see ModelFormat.Save).</summary>
        public int Save(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer, TrainerState state, long step)
        {
            Check.NotNull(network, "network");
            LastError = null;
            LastReadException = null;
            Scan();
            int first = Rank(0, network, standardizer, state), second = Rank(1, network, standardizer, state);
            if (first == Unreadable && second == Unreadable)
            {
                throw new System.InvalidOperationException("Not saved: neither slot could be read, so either may hold the only model (" + LastError + ").");
            }
            int newest = Newest();
            int slot = first < second ? 0 : second < first ? 1 : newest == 0 ? 1 : 0;
            uint sequence = newest < 0 ? 1u : _headers[newest].Sequence + 1;

            int size = ModelFormat.Save(_buffer, 0, network, optimizer, standardizer, state, step, sequence);
            try
            {
                ModelFormat.Validate(_buffer, 0, size);
            }
            catch (ModelFormatException exception)
            {
                throw new ModelFormatException("Not saved, the state would not load: " + exception.Message);
            }
            _valid[slot] = false;
            _storage.Write(slot, _buffer, size);

            // Counted as saved only once it reads back; until then the slot is not trusted.
            System.Array.Clear(_buffer, 0, _buffer.Length);
            ReadSlot(slot);
            if (!_valid[slot] || _headers[slot].Sequence != sequence || _headers[slot].Size != size)
            {
                _valid[slot] = false;
                throw new ModelFormatException("Slot " + slot + " does not read back as the checkpoint just written"
                    + (LastError != null ? " (" + LastError + ")." : "."));
            }
            return slot;
        }

        // For TrainingSession, which needs no slot number.
        void ICheckpointTarget.Save(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer, TrainerState state, long step)
        {
            Save(network, optimizer, standardizer, state, step);
        }

        /// <summary>
        /// Loads the newest slot that validates and fits the network, else the other one.
        /// Returns the header of the model loaded, with Size 0 when neither slot is usable
        /// (then LastError says why and nothing was modified). Never throws for what the storage holds
        /// or does: a read that throws counts as a bad slot.
        /// </summary>
        public ModelHeader LoadNewest(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer)
        {
            return LoadNewest(network, optimizer, standardizer, null);
        }

        /// <summary>As the overload without <paramref name="state"/>, and the trainer's state into it (see ModelFormat.Load).</summary>
        public ModelHeader LoadNewest(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer, TrainerState state)
        {
            Check.NotNull(network, "network");
            LastError = null;
            LastReadException = null;
            LoadedSlot = -1;
            Scan();
            int newest = Newest();
            for (int attempt = 0; attempt < 2 && newest >= 0; attempt++)
            {
                int slot = attempt == 0 ? newest : 1 - newest;
                if (!_valid[slot]) continue;
                string mismatch = ModelFormat.Mismatch(_headers[slot], network, standardizer, state);
                if (mismatch != null)
                {
                    Note(slot, mismatch);
                    continue;
                }
                // The buffer holds the slot scanned last; read this one again (retrying, as in the scan).
                ReadSlot(slot);
                if (!_valid[slot]) continue;
                try
                {
                    ModelHeader header = ModelFormat.Load(_buffer, 0, _headers[slot].Size, network, optimizer, standardizer, state);
                    LoadedSlot = slot;
                    return header;
                }
                catch (ModelFormatException exception)
                {
                    Note(slot, exception.Message);
                }
            }
            if (LastError == null) LastError = "no valid checkpoint in either slot";
            return new ModelHeader();
        }

        // Reads both slots again: what they hold may have changed since the last look (a save, a flaky read).
        private void Scan()
        {
            _scanned = true;
            ReadSlot(0);
            ReadSlot(1);
        }

        // Reads and validates a slot, again while it does not validate, up to ReadAttempts times; leaves its bytes in the buffer.
        private void ReadSlot(int slot)
        {
            _valid[slot] = false;
            bool sawData = false, threw = false, tooLarge = false;
            string error = null;
            for (int attempt = 0; attempt < ReadAttempts; attempt++)
            {
                int length;
                try
                {
                    length = _storage.Read(slot, _buffer);
                }
                catch (System.Exception exception)
                {
                    // Whatever a storage throws (IOException on nanoFramework's FileStream) means "not read this time".
                    threw = true;
                    LastReadException = exception;
                    error = "read failed: " + exception.GetType().Name + ": " + exception.Message;
                    continue;
                }
                if (length == 0) continue;
                sawData = true;
                if (length < 0 || length > _buffer.Length)
                {
                    error = "the storage reported " + length + " bytes read into a buffer of " + _buffer.Length + ".";
                    continue;
                }
                try
                {
                    _headers[slot] = ModelFormat.Validate(_buffer, 0, length);
                    _valid[slot] = true;
                    break;
                }
                catch (ModelFormatException exception)
                {
                    error = exception.Message;
                    // A whole buffer of a model that declares more: a valid model, perhaps, that this store is too small for (an Adam
                    // checkpoint read by an SGD trainer's store). Told apart from damage, and never taken for an invalid slot.
                    StoredHeader stored = ModelFormat.ReadStoredHeader(_buffer, 0, length);
                    long declared = ModelFormat.DeclaredSize(stored);
                    if (length == _buffer.Length && stored.Magic == ModelFormat.Magic && declared > _buffer.Length)
                    {
                        error = "holds a model of " + declared + " bytes, more than this store's " + _buffer.Length
                            + " (size the store for the largest model it may load: OnlineTrainer.LoadableCheckpointSize).";
                        tooLarge = true;
                        break;
                    }
                }
            }
            // Unreadable only when no read ever returned data: then the slot may hold the only good model.
            _unreadable[slot] = threw && !sawData;
            _tooLarge[slot] = tooLarge;
            if (!_valid[slot] && error != null) Note(slot, error);
        }

        private int Rank(int slot, TwoLayerNetwork network, OnlineStandardizer standardizer, TrainerState state)
        {
            if (_valid[slot]) return ModelFormat.Mismatch(_headers[slot], network, standardizer, state) == null ? Fits : Foreign;
            // A model too large for this store may be someone's only good model: kept like one of another shape.
            return _unreadable[slot] ? Unreadable : _tooLarge[slot] ? Foreign : Invalid;
        }

        // The valid slot with the later sequence number, in serial-number arithmetic; -1 when neither is valid.
        private int Newest()
        {
            if (!_valid[0]) return _valid[1] ? 1 : -1;
            if (!_valid[1]) return 0;
            return (int)(_headers[1].Sequence - _headers[0].Sequence) > 0 ? 1 : 0;
        }

        private void Note(int slot, string error)
        {
            LastError = (LastError == null ? "" : LastError + "; ") + "slot " + slot + ": " + error;
        }
    }
}
