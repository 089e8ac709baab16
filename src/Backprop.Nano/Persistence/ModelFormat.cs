namespace Backprop.Nano
{
    /// <summary>
    /// The binary model format (byte by byte in the README, "Model format"): a 40-byte header,
    /// the parameters W1, b1, W2, b2, optionally the optimizer's state (SGD's velocities, or Adam's
    /// moments and powers), the standardizer's statistics and the anomaly detector's state (<see cref="TrainerState"/>),
    /// all little-endian, then a CRC-32 of everything before it.
    /// Saving writes into a caller's byte[] and loading reads from one; neither allocates.
    /// Loading validates everything before it copies anything.
    /// </summary>
    public static class ModelFormat
    {
        /// <summary>"BPNN" read as a little-endian uint32.</summary>
        public const uint Magic = 0x4E4E5042u;

        /// <summary>
        /// The format version written. Version 1 (before the trainer state: byte 23 reserved, no detector) is read too.
        /// </summary>
        public const int Version = 2;

        /// <summary>Bytes before the first float.</summary>
        public const int HeaderBytes = 40;

        private const int FlagVelocities = 1;
        private const int FlagStandardizer = 2;
        private const int FlagAdamMoments = 4;
        private const int FlagDetector = 8;
        private const int KnownFlags = FlagVelocities | FlagStandardizer | FlagAdamMoments | FlagDetector;
        // Byte 23 (version 2): what the outputs mean; bit 0, the change since the last reading.
        private const uint OutputsPredictChange = 1;
        // The trainer's state: the count of losses scored, the loss level and spread, a classifier's downsample and window stride,
        // then S+ and S- per standardizer channel.
        private const int DetectorScalars = 5;
        // Adam's state: m and v (two parameter-shaped lists), then beta1^t and beta2^t.
        private const int AdamBuffers = 2, AdamScalars = 2;
        private const uint MaximumStandardizerChannels = 4096;

        /// <summary>Bound of a stored level-drift sum (LevelDrift caps its sums at twice a limit that is far below).</summary>
        public const float DriftSumLimit = 1e6f;

        /// <summary>
        /// A weight, bias, velocity or Adam first moment beyond this magnitude is refused by Validate (and so
        /// never loaded nor checkpointed): trained in standardized units they are of order 1, a raw-units bias
        /// of a million is beyond what this library is for, and a file of 3e38 weights would only overflow.
        /// An Adam second moment (a mean of squared gradients) may reach its square, 1e12.
        /// </summary>
        public const float ParameterLimit = 1e6f;

        private const float SecondMomentLimit = ParameterLimit * ParameterLimit;

        /// <summary>Bytes a save of this configuration takes, with SGD's velocities or none; known before anything is allocated.</summary>
        public static int SizeFor(int inputCount, int hiddenCount, int outputCount, bool withVelocities, int standardizerChannels)
        {
            return SizeFor(inputCount, hiddenCount, outputCount, OptimizerKind.Sgd, withVelocities, standardizerChannels);
        }

        /// <summary>
        /// Bytes a save of this configuration takes; known before anything is allocated. For Adam the
        /// moments and powers are stored (<paramref name="withOptimizerState"/> true) or not; for SGD the velocities.
        /// </summary>
        public static int SizeFor(int inputCount, int hiddenCount, int outputCount, OptimizerKind optimizer, bool withOptimizerState, int standardizerChannels)
        {
            return SizeFor(inputCount, hiddenCount, outputCount, optimizer, withOptimizerState, standardizerChannels, false);
        }

        /// <summary>As the overload before, with the trainer's detector state (<see cref="TrainerState"/>) or without; the state needs standardizer channels.</summary>
        public static int SizeFor(int inputCount, int hiddenCount, int outputCount, OptimizerKind optimizer, bool withOptimizerState, int standardizerChannels,
            bool withTrainerState)
        {
            if (withTrainerState && standardizerChannels < 1)
            {
                throw new System.ArgumentOutOfRangeException("standardizerChannels", "The trainer state is saved with the standardizer (at least 1 channel).");
            }
            Check.AtLeastOne(inputCount, "inputCount");
            Check.AtLeastOne(hiddenCount, "hiddenCount");
            Check.AtLeastOne(outputCount, "outputCount");
            if (standardizerChannels < 0) throw new System.ArgumentOutOfRangeException("standardizerChannels", "standardizerChannels must be >= 0.");
            int flag = (withOptimizerState ? (optimizer == OptimizerKind.Adam ? FlagAdamMoments : FlagVelocities) : 0) | (withTrainerState ? FlagDetector : 0);
            long size = SizeInBytes(inputCount, hiddenCount, outputCount, flag, standardizerChannels);
            if (size > int.MaxValue) throw new System.ArgumentOutOfRangeException("hiddenCount", "A model of this shape would exceed 2 GB.");
            return (int)size;
        }

        // In 64 bits: counts of up to 65535 each (or uint32 read from a hostile header) overflow int.
        private static long SizeInBytes(long inputCount, long hiddenCount, long outputCount, int flags, long standardizerChannels)
        {
            long parameters = hiddenCount * inputCount + hiddenCount + outputCount * hiddenCount + outputCount;
            long floats = parameters * (1 + StateBuffers(flags)) + StateScalars(flags) + 2 * standardizerChannels
                + ((flags & FlagDetector) != 0 ? DetectorScalars + 2 * standardizerChannels : 0);
            return HeaderBytes + 4 * floats + 4;
        }

        // Parameter-shaped lists and single floats of optimizer state that these flags store.
        private static int StateBuffers(int flags)
        {
            return (flags & FlagAdamMoments) != 0 ? AdamBuffers : (flags & FlagVelocities) != 0 ? 1 : 0;
        }

        private static int StateScalars(int flags)
        {
            return (flags & FlagAdamMoments) != 0 ? AdamScalars : 0;
        }

        // The flag under which this optimizer's state is stored, 0 for an optimizer without state (or none).
        // An optimizer of another layout (a class of someone's own) is refused before anything is written or read.
        private static int StateFlag(IOptimizer optimizer)
        {
            if (optimizer == null) return 0;
            int flag = optimizer.Kind == OptimizerKind.Adam ? FlagAdamMoments : optimizer.State.Length > 0 ? FlagVelocities : 0;
            if (optimizer.State.Length != StateBuffers(flag) || optimizer.StateScalars.Length != StateScalars(flag))
            {
                throw new System.ArgumentException("The model format stores SGD's velocities or Adam's moments and powers; this optimizer's state is neither.", "optimizer");
            }
            return flag;
        }

        /// <summary>Bytes a save of these objects takes (optimizer and standardizer may be null).</summary>
        public static int SizeFor(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer)
        {
            return SizeFor(network, optimizer, standardizer, null);
        }

        /// <summary>Bytes a save of these objects takes (optimizer, standardizer and trainer state may be null; the state needs the standardizer).</summary>
        public static int SizeFor(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer, TrainerState state)
        {
            Check.NotNull(network, "network");
            int flags = StateFlag(optimizer) | ContentFlags(standardizer, state);
            long size = SizeInBytes(network.InputCount, network.HiddenCount, network.OutputCount, flags, standardizer == null ? 0 : standardizer.ChannelCount);
            if (size > int.MaxValue) throw new System.ArgumentOutOfRangeException("network", "A model of this shape would exceed 2 GB.");
            return (int)size;
        }

        // The standardizer's and the detector's flags; the detector's sums are per standardizer channel, so it needs one of the same channels.
        private static int ContentFlags(OnlineStandardizer standardizer, TrainerState state)
        {
            if (state == null) return standardizer == null ? 0 : FlagStandardizer;
            if (standardizer == null || standardizer.ChannelCount != state.ChannelCount)
            {
                throw new System.ArgumentException("The trainer state is saved with a standardizer of its " + state.ChannelCount + " channels.", "state");
            }
            return FlagStandardizer | FlagDetector;
        }

        /// <summary>
        /// Writes the model into buffer[offset..); returns the bytes written. The optimizer's state
        /// (<see cref="IOptimizer.State"/> then <see cref="IOptimizer.StateScalars"/>: SGD's velocities, or
        /// Adam's m, v, beta1^t, beta2^t) and the standardizer are included when given (either may be null). The file
        /// keeps the step in 32 bits: a larger step is stored as 4294967295 (about 50 days at 1 kHz),
        /// and the trainer counts on from there after a resume.
        /// </summary>
        public static int Save(byte[] buffer, int offset, TwoLayerNetwork network, IOptimizer optimizer,
            OnlineStandardizer standardizer, long step, uint sequence)
        {
            return Save(buffer, offset, network, optimizer, standardizer, null, step, sequence);
        }

        /// <summary>
        /// As the overload without <paramref name="state"/>, and with the trainer's state when given (it needs the
        /// standardizer): what the outputs mean and the anomaly detector's running state.
        /// </summary>
        public static int Save(byte[] buffer, int offset, TwoLayerNetwork network, IOptimizer optimizer,
            OnlineStandardizer standardizer, TrainerState state, long step, uint sequence)
        {
            Check.NotNull(buffer, "buffer");
            if (step < 0) throw new System.ArgumentOutOfRangeException("step", "step must be >= 0.");
            int size = SizeFor(network, optimizer, standardizer, state);
            if (offset < 0 || buffer.Length - offset < size)
            {
                throw new System.ArgumentException("The buffer needs " + size + " bytes from offset " + offset + ".", "buffer");
            }
            int stateFlag = StateFlag(optimizer);
            int channels = standardizer == null ? 0 : standardizer.ChannelCount;
            uint outputs = state != null && state.PredictsChange ? OutputsPredictChange : 0u;

            LittleEndian.WriteUInt32(buffer, offset, Magic);
            LittleEndian.WriteUInt32(buffer, offset + 4, (uint)Version | (uint)(stateFlag | ContentFlags(standardizer, state)) << 16);
            LittleEndian.WriteUInt32(buffer, offset + 8, (uint)network.InputCount);
            LittleEndian.WriteUInt32(buffer, offset + 12, (uint)network.HiddenCount);
            LittleEndian.WriteUInt32(buffer, offset + 16, (uint)network.OutputCount);
            LittleEndian.WriteUInt32(buffer, offset + 20, (uint)network.HiddenActivation | (uint)network.OutputActivation << 8 | (uint)network.LossFunction << 16 | outputs << 24);
            LittleEndian.WriteUInt32(buffer, offset + 24, step > uint.MaxValue ? uint.MaxValue : (uint)step);
            LittleEndian.WriteUInt32(buffer, offset + 28, sequence);
            LittleEndian.WriteUInt32(buffer, offset + 32, (uint)channels);
            LittleEndian.WriteUInt32(buffer, offset + 36, channels > 0 ? (uint)standardizer.SampleCount : 0u);

            int position = offset + HeaderBytes;
            position = WriteFloats(buffer, position, network.Parameters);
            if (stateFlag != 0)
            {
                ParameterBuffers[] optimizerState = optimizer.State;
                for (int k = 0; k < optimizerState.Length; k++) position = WriteFloats(buffer, position, optimizerState[k]);
                position = WriteFloats(buffer, position, optimizer.StateScalars);
            }
            if (channels > 0)
            {
                position = WriteFloats(buffer, position, standardizer.Mean);
                position = WriteFloats(buffer, position, standardizer.SumOfSquaredDeviations);
            }
            if (state != null)
            {
                LittleEndian.WriteUInt32(buffer, position, state.ScoredLosses < 0 ? 0u : (uint)state.ScoredLosses);
                LittleEndian.WriteSingle(buffer, position + 4, state.LossLevel);
                LittleEndian.WriteSingle(buffer, position + 8, state.LossSpread);
                LittleEndian.WriteUInt32(buffer, position + 12, (uint)state.Downsample);
                LittleEndian.WriteUInt32(buffer, position + 16, (uint)state.WindowStride);
                position = WriteFloats(buffer, position + 20, state.DriftHigh);
                position = WriteFloats(buffer, position, state.DriftLow);
            }
            LittleEndian.WriteUInt32(buffer, position, Crc32.Compute(buffer, offset, position - offset));
            return size;
        }

        /// <summary>
        /// The header's fields exactly as stored, not yet judged, as far as buffer[offset, offset + length)
        /// reaches (see <see cref="StoredHeader.BytesPresent"/>). The one place that knows where each
        /// field lies: Validate judges what it returns, and bpnano inspect shows it for a broken file.
        /// </summary>
        public static StoredHeader ReadStoredHeader(byte[] buffer, int offset, int length)
        {
            CheckRange(buffer, offset, length);
            var stored = new StoredHeader();
            stored.BytesPresent = length < HeaderBytes ? length : HeaderBytes;
            // Each field only when all four of its bytes are there; missing ones stay 0.
            if (length >= 4) stored.Magic = LittleEndian.ReadUInt32(buffer, offset);
            if (length >= 8)
            {
                uint versionAndFlags = LittleEndian.ReadUInt32(buffer, offset + 4);
                stored.Version = versionAndFlags & 0xFFFF;
                stored.Flags = versionAndFlags >> 16;
            }
            if (length >= 12) stored.InputCount = LittleEndian.ReadUInt32(buffer, offset + 8);
            if (length >= 16) stored.HiddenCount = LittleEndian.ReadUInt32(buffer, offset + 12);
            if (length >= 20) stored.OutputCount = LittleEndian.ReadUInt32(buffer, offset + 16);
            if (length >= 24) stored.Activations = LittleEndian.ReadUInt32(buffer, offset + 20);
            if (length >= 28) stored.Step = LittleEndian.ReadUInt32(buffer, offset + 24);
            if (length >= 32) stored.Sequence = LittleEndian.ReadUInt32(buffer, offset + 28);
            if (length >= 36) stored.StandardizerChannels = LittleEndian.ReadUInt32(buffer, offset + 32);
            if (length >= 40) stored.StandardizerSampleCount = LittleEndian.ReadUInt32(buffer, offset + 36);
            return stored;
        }

        /// <summary>
        /// Bytes of the model a stored header describes, computed in 64 bits, or -1 when its counts are
        /// out of range (so no size can be trusted from it).
        /// </summary>
        public static long DeclaredSize(StoredHeader stored)
        {
            if (!IsCount(stored.InputCount) || !IsCount(stored.HiddenCount) || !IsCount(stored.OutputCount)
                || stored.StandardizerChannels > MaximumStandardizerChannels)
            {
                return -1;
            }
            return SizeInBytes(stored.InputCount, stored.HiddenCount, stored.OutputCount, (int)(stored.Flags & KnownFlags), stored.StandardizerChannels);
        }

        /// <summary>
        /// Checks buffer[offset, offset + length) completely (magic, version, flags, counts, CRC, length,
        /// finite values within their bounds) without comparing it to any network; returns its header.
        /// Throws <see cref="ModelFormatException"/> saying what is wrong, and nothing else, whatever the bytes.
        /// </summary>
        public static ModelHeader Validate(byte[] buffer, int offset, int length)
        {
            StoredHeader stored = ReadStoredHeader(buffer, offset, length);
            if (length < HeaderBytes + 4) throw new ModelFormatException("Truncated: " + length + " bytes, less than a header.");
            ModelHeader header = Judge(stored);
            // The size is bounded by the buffer before any offset is computed from it.
            long size = DeclaredSize(stored);
            if (length < size) throw new ModelFormatException("Truncated: " + length + " bytes of " + size + ".");
            // Whatever follows a model is no part of it: a file or payload is one model, exactly.
            if (length > size) throw new ModelFormatException((length - size) + " bytes after the model's " + size + " (one model per file or payload).");
            header.Size = (int)size;
            uint crc = LittleEndian.ReadUInt32(buffer, offset + header.Size - 4);
            if (crc != Crc32.Compute(buffer, offset, header.Size - 4)) throw new ModelFormatException("Bad CRC: the data is corrupted.");

            // What the declared size holds besides the header, the CRC, the standardizer's two floats per channel and Adam's state.
            int momentBytes = 4 * ParameterBuffers.TotalLengthFor(header.InputCount, header.HiddenCount, header.OutputCount);
            int adamBytes = header.HasAdamMoments ? AdamBuffers * momentBytes + 4 * AdamScalars : 0;
            int detectorBytes = header.HasDetectorState ? 4 * DetectorScalars + 8 * header.StandardizerChannels : 0;
            int parameterBytes = header.Size - HeaderBytes - 4 - 8 * header.StandardizerChannels - adamBytes - detectorBytes;
            int position = CheckValues(buffer, offset, offset + HeaderBytes, parameterBytes, -ParameterLimit, ParameterLimit, "parameter");
            if (header.HasAdamMoments)
            {
                position = CheckValues(buffer, offset, position, momentBytes, -ParameterLimit, ParameterLimit, "Adam first moment");
                position = CheckValues(buffer, offset, position, momentBytes, 0f, SecondMomentLimit, "Adam second moment");
                position = CheckValues(buffer, offset, position, 4 * AdamScalars, 0f, 1f, "Adam power of beta");
            }
            position = CheckValues(buffer, offset, position, 4 * header.StandardizerChannels,
                -OnlineStandardizer.MaximumMagnitude, OnlineStandardizer.MaximumMagnitude, "standardizer mean");
            int meanPosition = position;
            position = CheckValues(buffer, offset, position, 4 * header.StandardizerChannels, 0f, float.MaxValue, "standardizer sum of squares");
            CheckStandardizerMeaning(buffer, offset, meanPosition - 4 * header.StandardizerChannels, header);
            if (header.HasDetectorState)
            {
                // The count (position) is any uint32; the loss level and spread are losses, the sums capped by LevelDrift.
                CheckValues(buffer, offset, position + 4, 8, 0f, float.MaxValue, "anomaly score level or spread");
                header.Downsample = JudgeGeometry(LittleEndian.ReadUInt32(buffer, position + 12), "downsample");
                header.WindowStride = JudgeGeometry(LittleEndian.ReadUInt32(buffer, position + 16), "window stride");
                CheckValues(buffer, offset, position + 20, 8 * header.StandardizerChannels, 0f, DriftSumLimit, "level-drift sum");
            }
            return header;
        }

        /// <summary>
        /// Why a validated model cannot be loaded into these objects (shape, activations, loss function, standardizer
        /// channels), or null when it can. The store uses it to know which slot holds a model that fits.
        /// </summary>
        public static string Mismatch(ModelHeader header, TwoLayerNetwork network, OnlineStandardizer standardizer)
        {
            return Mismatch(header, network, standardizer, null);
        }

        /// <summary>As the overload without <paramref name="state"/>, and what the outputs mean must agree with the trainer's (when given).</summary>
        public static string Mismatch(ModelHeader header, TwoLayerNetwork network, OnlineStandardizer standardizer, TrainerState state)
        {
            Check.NotNull(network, "network");
            if (state != null && header.HasDetectorState && (header.Downsample != state.Downsample || header.WindowStride != state.WindowStride))
            {
                return "Window mismatch: the model's windows are of points of " + header.Downsample + " readings every " + header.WindowStride
                    + " points, the trainer's of " + state.Downsample + " every " + state.WindowStride + ".";
            }
            if (state != null && header.PredictsChange != state.PredictsChange)
            {
                return header.PredictsChange ? "Output mismatch: the model predicts the change since the last reading, the trainer the reading itself."
                    : "Output mismatch: the model predicts the reading itself, the trainer the change since the last reading.";
            }
            if (header.InputCount != network.InputCount || header.HiddenCount != network.HiddenCount || header.OutputCount != network.OutputCount)
            {
                return "Shape mismatch: the model is " + header.InputCount + "-" + header.HiddenCount + "-" + header.OutputCount
                    + ", the network " + network.InputCount + "-" + network.HiddenCount + "-" + network.OutputCount + ".";
            }
            if (header.HiddenActivation != network.HiddenActivation || header.OutputActivation != network.OutputActivation)
            {
                return "Activation mismatch between the model and the network.";
            }
            if (header.LossFunction != network.LossFunction)
            {
                return "Loss function mismatch: the model was trained with " + LossName(header.LossFunction)
                    + ", the network uses " + LossName(network.LossFunction) + ".";
            }
            if (standardizer != null && header.StandardizerChannels != 0 && header.StandardizerChannels != standardizer.ChannelCount)
            {
                return "Standardizer mismatch: the model has " + header.StandardizerChannels
                    + " channels, the standardizer " + standardizer.ChannelCount + ".";
            }
            return null;
        }

        /// <summary>
        /// Loads buffer[offset, offset + length) into the network (and the optimizer's state and the
        /// standardizer, when given and present in the data). The optimizer's state loads when the data holds
        /// state of its kind (SGD with momentum: velocities; Adam: moments and powers); otherwise, e.g. an Adam
        /// file loaded into an SGD trainer or the reverse, the weights load and the optimizer starts its state
        /// afresh (<see cref="IOptimizer.ResetState"/>), as velocities absent from the data have always been
        /// zeroed. Everything is validated first: on <see cref="ModelFormatException"/> nothing changed.
        /// </summary>
        public static ModelHeader Load(byte[] buffer, int offset, int length, TwoLayerNetwork network,
            IOptimizer optimizer, OnlineStandardizer standardizer)
        {
            return Load(buffer, offset, length, network, optimizer, standardizer, null);
        }

        /// <summary>
        /// As the overload without <paramref name="state"/>, and the detector's state into it when the data holds one
        /// (<see cref="TrainerState.HasDetector"/> says whether it did). What the outputs mean must agree (see Mismatch).
        /// </summary>
        public static ModelHeader Load(byte[] buffer, int offset, int length, TwoLayerNetwork network,
            IOptimizer optimizer, OnlineStandardizer standardizer, TrainerState state)
        {
            Check.NotNull(network, "network");
            ModelHeader header = Validate(buffer, offset, length);
            string mismatch = Mismatch(header, network, standardizer, state);
            if (mismatch != null) throw new ModelFormatException(mismatch);
            int optimizerFlag = StateFlag(optimizer);
            int storedFlag = header.HasAdamMoments ? FlagAdamMoments : header.HasVelocities ? FlagVelocities : 0;
            if (storedFlag == FlagAdamMoments && optimizerFlag == FlagAdamMoments)
            {
                var adam = optimizer as AdamOptimizer;
                if (adam != null) CheckAdamMeaning(buffer, offset + HeaderBytes + 4 * network.Parameters.TotalLength, network.Parameters.TotalLength, adam.Beta1, adam.Beta2);
            }

            int position = offset + HeaderBytes;
            position = ReadFloats(buffer, position, network.Parameters);
            if (storedFlag != 0 && storedFlag == optimizerFlag)
            {
                ParameterBuffers[] optimizerState = optimizer.State;
                for (int k = 0; k < optimizerState.Length; k++) position = ReadFloats(buffer, position, optimizerState[k]);
                position = ReadFloats(buffer, position, optimizer.StateScalars);
            }
            else
            {
                position += 4 * (StateBuffers(storedFlag) * network.Parameters.TotalLength + StateScalars(storedFlag));
                if (optimizer != null) optimizer.ResetState();
            }
            if (header.StandardizerChannels > 0 && standardizer != null)
            {
                ReadFloats(buffer, position, standardizer.Mean);
                ReadFloats(buffer, position + 4 * header.StandardizerChannels, standardizer.SumOfSquaredDeviations);
                standardizer.SetLoadedSampleCount(header.StandardizerSampleCount);
            }
            position += 8 * header.StandardizerChannels;
            if (state == null) return header;
            // The sums are per channel: they load into a state of the standardizer's channels only.
            state.HasDetector = header.HasDetectorState && header.StandardizerChannels == state.ChannelCount;
            if (state.HasDetector)
            {
                uint scored = LittleEndian.ReadUInt32(buffer, position);
                state.ScoredLosses = scored > int.MaxValue ? int.MaxValue : (int)scored;
                state.LossLevel = LittleEndian.ReadSingle(buffer, position + 4);
                state.LossSpread = LittleEndian.ReadSingle(buffer, position + 8);
                position = ReadFloats(buffer, position + 20, state.DriftHigh);
                ReadFloats(buffer, position, state.DriftLow);
            }
            return header;
        }

        private static int WriteFloats(byte[] buffer, int position, float[] values)
        {
            for (int k = 0; k < values.Length; k++, position += 4)
            {
                LittleEndian.WriteSingle(buffer, position, values[k]);
            }
            return position;
        }

        // W1, b1, W2, b2 (or their velocities or moments) one after the other, in the list's order.
        private static int WriteFloats(byte[] buffer, int position, ParameterBuffers list)
        {
            for (int k = 0; k < ParameterBuffers.Count; k++) position = WriteFloats(buffer, position, list.Get(k));
            return position;
        }

        private static int ReadFloats(byte[] buffer, int position, ParameterBuffers list)
        {
            for (int k = 0; k < ParameterBuffers.Count; k++) position = ReadFloats(buffer, position, list.Get(k));
            return position;
        }

        private static int ReadFloats(byte[] buffer, int position, float[] values)
        {
            for (int k = 0; k < values.Length; k++, position += 4)
            {
                values[k] = LittleEndian.ReadSingle(buffer, position);
            }
            return position;
        }

        private static void CheckRange(byte[] buffer, int offset, int length)
        {
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ModelFormatException("The byte range to read is outside the buffer.");
            }
        }

        // The header's own rules, before the size it declares is trusted for anything.
        private static ModelHeader Judge(StoredHeader stored)
        {
            if (stored.Magic != Magic) throw new ModelFormatException("Wrong magic: not a Backprop.Nano model.");
            if (stored.Version != 1 && stored.Version != Version)
            {
                throw new ModelFormatException("Unknown format version " + stored.Version + " (this library reads 1 and " + Version + ").");
            }
            // Version 1 knew neither the detector's state nor byte 23.
            uint known = stored.Version == 1 ? (uint)(KnownFlags & ~FlagDetector) : (uint)KnownFlags;
            if ((stored.Flags & ~known) != 0) throw new ModelFormatException("Unknown flags 0x" + stored.Flags.ToString("X") + " for version " + stored.Version + ".");
            if ((stored.Flags & (FlagVelocities | FlagAdamMoments)) == (FlagVelocities | FlagAdamMoments))
            {
                throw new ModelFormatException("Flags 0x" + stored.Flags.ToString("X") + " store both SGD velocities and Adam moments.");
            }
            var header = new ModelHeader();
            header.InputCount = JudgeCount(stored.InputCount, "input count");
            header.HiddenCount = JudgeCount(stored.HiddenCount, "hidden count");
            header.OutputCount = JudgeCount(stored.OutputCount, "output count");
            header.HiddenActivation = JudgeActivation(stored.Activations & 0xFF, "hidden");
            header.OutputActivation = JudgeActivation((stored.Activations >> 8) & 0xFF, "output");
            // Byte 22, the loss function, was 0 (reserved) in files written before it existed: the squared error.
            uint loss = (stored.Activations >> 16) & 0xFF;
            if (loss > (uint)LossFunction.CrossEntropy) throw new ModelFormatException("Unknown loss function " + loss + ".");
            header.LossFunction = (LossFunction)loss;
            uint outputs = stored.Activations >> 24;
            if (stored.Version == 1 && outputs != 0) throw new ModelFormatException("The reserved byte 23 of a version 1 model is not zero.");
            if ((outputs & ~OutputsPredictChange) != 0) throw new ModelFormatException("Unknown output meaning " + outputs + " in byte 23.");
            header.PredictsChange = (outputs & OutputsPredictChange) != 0;
            header.Version = (int)stored.Version;
            string invalid = TwoLayerNetwork.InvalidPair(header.HiddenActivation, header.OutputActivation, header.LossFunction);
            if (invalid != null) throw new ModelFormatException("Invalid activations and loss: " + invalid);
            // Unsigned: a trainer that ran past 2^31 steps wrote a valid file (older versions refused it as negative).
            header.Step = stored.Step;
            header.Sequence = stored.Sequence;
            header.HasVelocities = (stored.Flags & FlagVelocities) != 0;
            header.HasAdamMoments = (stored.Flags & FlagAdamMoments) != 0;
            bool withStandardizer = (stored.Flags & FlagStandardizer) != 0;
            header.HasDetectorState = (stored.Flags & FlagDetector) != 0;
            if (header.HasDetectorState && !withStandardizer)
            {
                throw new ModelFormatException("Flags 0x" + stored.Flags.ToString("X") + " store the detector's state without the standardizer its sums belong to.");
            }
            uint channels = stored.StandardizerChannels;
            if (withStandardizer ? channels == 0 || channels > MaximumStandardizerChannels : channels != 0)
            {
                throw new ModelFormatException("Standardizer channel count " + channels + " does not match the flags.");
            }
            if (!withStandardizer && stored.StandardizerSampleCount != 0)
            {
                throw new ModelFormatException("Standardizer sample count " + stored.StandardizerSampleCount + " without a standardizer.");
            }
            header.StandardizerChannels = (int)channels;
            // The standardizer saturates its count there; a larger stored count means the same.
            header.StandardizerSampleCount = stored.StandardizerSampleCount > int.MaxValue ? int.MaxValue : (int)stored.StandardizerSampleCount;
            return header;
        }

        // Statistics that some readings could have produced: n readings within ±MaximumMagnitude whose mean is m deviate from it
        // by at most n (L² - m²) in squares (n_eff after the standardizer's horizon; one reading, or none, not at all). A file of
        // count 2 and float.MaxValue would make every reading look like the mean, blinding the detector.
        private static void CheckStandardizerMeaning(byte[] buffer, int offset, int meanPosition, ModelHeader header)
        {
            int channels = header.StandardizerChannels;
            int count = header.StandardizerSampleCount < OnlineStandardizer.Horizon ? header.StandardizerSampleCount : OnlineStandardizer.Horizon;
            const float limit = OnlineStandardizer.MaximumMagnitude;
            for (int c = 0; c < channels; c++)
            {
                float mean = LittleEndian.ReadSingle(buffer, meanPosition + 4 * c);
                float squares = LittleEndian.ReadSingle(buffer, meanPosition + 4 * (channels + c));
                // 1e-3 of slack for float rounding in the running sums.
                float bound = count < 2 ? 0f : count * (limit * limit - mean * mean) * 1.001f;
                if (!(squares <= bound))
                {
                    throw new ModelFormatException("The standardizer's sum of squares " + squares + " (channel " + c + ") is more than " + count
                        + " readings within ±" + limit + " around a mean of " + mean + " can give (" + bound + ").");
                }
            }
        }

        // Moments that Adam's own updates could have produced with these betas. m_t = (1 - b1) sum b1^(t-i) g_i and
        // v_t = (1 - b2) sum b2^(t-i) g_i^2, so by Cauchy-Schwarz m_t^2 <= K_t v_t with
        // K_t = (1 - b1)^2 / (1 - b2) * sum_(k < t) r^k, r = b1^2 / b2, and r^t = (b1^t)^2 / b2^t from the stored powers.
        // (m^2 <= v alone is false: after one step m = 0.1 g, v = 0.001 g^2.) First moments of 1e6 over second moments of
        // 0 made a resumed board's loss 1e18 without an alert.
        private static void CheckAdamMeaning(byte[] buffer, int momentPosition, int parameters, float beta1, float beta2)
        {
            int powers = momentPosition + 8 * parameters;
            float beta1Power = LittleEndian.ReadSingle(buffer, powers), beta2Power = LittleEndian.ReadSingle(buffer, powers + 4);
            // beta2 = 0 keeps only the latest g^2 in v, which no sum bounds: no check then (and no division by it).
            float ratio = beta2 == 0f ? 0f : beta1 * beta1 / beta2;
            // r = 1 leaves the sum at t terms, which the file does not say: no bound to check then. A second-moment power of 0
            // (t so large that b2^t underflowed) leaves r^t unknown too; the sum is then taken whole, r < 1.
            if (beta2 == 0f || ratio == 1f || (beta2Power == 0f && !(ratio < 1f))) return;
            float ratioPower = beta2Power == 0f ? 0f : beta1Power * beta1Power / beta2Power;
            float terms = (1f - ratioPower) / (1f - ratio);
            float k = (1f - beta1) * (1f - beta1) / (1f - beta2) * terms;
            for (int i = 0; i < parameters; i++)
            {
                float m = LittleEndian.ReadSingle(buffer, momentPosition + 4 * i);
                float v = LittleEndian.ReadSingle(buffer, momentPosition + 4 * (parameters + i));
                // 1e-3 of slack for float rounding, and 1e-30 for squares that underflow.
                if (!(m * m <= k * v * 1.001f + 1e-30f))
                {
                    throw new ModelFormatException("Adam's moments of parameter " + i + " cannot come from its updates: first moment " + m
                        + ", second moment " + v + " (beta1 " + beta1 + ", beta2 " + beta2 + ": m^2 may be at most " + k + " v).");
                }
            }
        }

        // Every float in buffer[position, position + bytes) must lie in [lowest, highest] (so NaN fails too); returns the end.
        private static int CheckValues(byte[] buffer, int offset, int position, int bytes, float lowest, float highest, string what)
        {
            int end = position + bytes;
            for (; position < end; position += 4)
            {
                float value = LittleEndian.ReadSingle(buffer, position);
                if (!(lowest <= value && value <= highest))
                {
                    throw new ModelFormatException("A stored " + what + " is " + (FloatMath.IsFinite(value) ? "out of range" : "not a finite number")
                        + " (" + value + " at byte " + (position - offset) + "; allowed " + lowest + " to " + highest + ").");
                }
            }
            return end;
        }

        // 65535 per dimension is far beyond any device; the size arithmetic is 64-bit anyway.
        private static bool IsCount(uint value)
        {
            return value >= 1 && value <= 65535;
        }

        // Enum.ToString() gives the number on nanoCLR (see NanoClrDifferences.md); only an error message needs it.
        private static string LossName(LossFunction lossFunction)
        {
            return lossFunction == LossFunction.CrossEntropy ? "cross-entropy" : "squared error";
        }

        // A classifier's window geometry: 1 to 65535 (OnlineTrainerSettings.MaximumWindowGeometry).
        private static int JudgeGeometry(uint value, string what)
        {
            if (value < 1 || value > OnlineTrainerSettings.MaximumWindowGeometry) throw new ModelFormatException("Invalid " + what + " " + value + " in the trainer state.");
            return (int)value;
        }

        private static int JudgeCount(uint value, string what)
        {
            if (!IsCount(value)) throw new ModelFormatException("Invalid " + what + " " + value + ".");
            return (int)value;
        }

        private static Activation JudgeActivation(uint value, string layer)
        {
            if (value > (uint)Activation.Softmax) throw new ModelFormatException("Unknown " + layer + " activation " + value + ".");
            return (Activation)value;
        }
    }
}
