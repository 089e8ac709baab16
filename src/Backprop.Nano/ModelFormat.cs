namespace Backprop.Nano
{
    /// <summary>
    /// The binary model format (byte by byte in the README, "Model format"): a 40-byte header,
    /// the parameters W1, b1, W2, b2, optionally the optimizer's velocities and the
    /// standardizer's statistics, all little-endian float32, then a CRC-32 of everything before it.
    /// Saving writes into a caller's byte[] and loading reads from one; neither allocates.
    /// Loading validates everything before it copies anything.
    /// </summary>
    public static class ModelFormat
    {
        /// <summary>"BPNN" read as a little-endian uint32.</summary>
        public const uint Magic = 0x4E4E5042u;

        /// <summary>The format version written, and the only one read.</summary>
        public const int Version = 1;

        /// <summary>Bytes before the first float.</summary>
        public const int HeaderBytes = 40;

        private const int FlagVelocities = 1;
        private const int FlagStandardizer = 2;
        private const int KnownFlags = FlagVelocities | FlagStandardizer;

        /// <summary>Bytes a save of this configuration takes; known before anything is allocated.</summary>
        public static int SizeFor(int inputCount, int hiddenCount, int outputCount, bool withVelocities, int standardizerChannels)
        {
            int parameters = hiddenCount * inputCount + hiddenCount + outputCount * hiddenCount + outputCount;
            int floats = parameters * (withVelocities ? 2 : 1) + 2 * standardizerChannels;
            return HeaderBytes + 4 * floats + 4;
        }

        /// <summary>Bytes a save of these objects takes (optimizer and standardizer may be null).</summary>
        public static int SizeFor(TwoLayerNetwork network, SgdOptimizer optimizer, OnlineStandardizer standardizer)
        {
            Check.NotNull(network, "network");
            return SizeFor(network.InputCount, network.HiddenCount, network.OutputCount,
                optimizer != null && optimizer.Velocities != null, standardizer == null ? 0 : standardizer.ChannelCount);
        }

        /// <summary>
        /// Writes the model into buffer[offset..); returns the bytes written. The optimizer's
        /// velocities and the standardizer are included when given (either may be null).
        /// </summary>
        public static int Save(byte[] buffer, int offset, TwoLayerNetwork network, SgdOptimizer optimizer,
            OnlineStandardizer standardizer, int step, uint sequence)
        {
            Check.NotNull(buffer, "buffer");
            int size = SizeFor(network, optimizer, standardizer);
            if (offset < 0 || buffer.Length - offset < size)
            {
                throw new System.ArgumentException("The buffer needs " + size + " bytes from offset " + offset + ".", "buffer");
            }
            bool withVelocities = optimizer != null && optimizer.Velocities != null;
            int channels = standardizer == null ? 0 : standardizer.ChannelCount;

            LittleEndian.WriteUInt32(buffer, offset, Magic);
            LittleEndian.WriteUInt32(buffer, offset + 4, (uint)Version | (uint)((withVelocities ? FlagVelocities : 0) | (channels > 0 ? FlagStandardizer : 0)) << 16);
            LittleEndian.WriteUInt32(buffer, offset + 8, (uint)network.InputCount);
            LittleEndian.WriteUInt32(buffer, offset + 12, (uint)network.HiddenCount);
            LittleEndian.WriteUInt32(buffer, offset + 16, (uint)network.OutputCount);
            LittleEndian.WriteUInt32(buffer, offset + 20, (uint)network.HiddenActivation | (uint)network.OutputActivation << 8);
            LittleEndian.WriteUInt32(buffer, offset + 24, (uint)step);
            LittleEndian.WriteUInt32(buffer, offset + 28, sequence);
            LittleEndian.WriteUInt32(buffer, offset + 32, (uint)channels);
            LittleEndian.WriteUInt32(buffer, offset + 36, channels > 0 ? (uint)standardizer.SampleCount : 0u);

            int position = offset + HeaderBytes;
            position = WriteFloats(buffer, position, network.Parameters);
            if (withVelocities) position = WriteFloats(buffer, position, optimizer.Velocities);
            if (channels > 0)
            {
                position = WriteFloats(buffer, position, standardizer.Mean);
                position = WriteFloats(buffer, position, standardizer.SumOfSquaredDeviations);
            }
            LittleEndian.WriteUInt32(buffer, position, Crc32.Compute(buffer, offset, position - offset));
            return size;
        }

        /// <summary>
        /// Checks buffer[offset, offset + length) completely (magic, version, flags, CRC, length,
        /// finite values) without comparing it to any network; returns its header.
        /// Throws <see cref="ModelFormatException"/> saying what is wrong.
        /// </summary>
        public static ModelHeader Validate(byte[] buffer, int offset, int length)
        {
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ModelFormatException("The byte range to read is outside the buffer.");
            }
            if (length < HeaderBytes + 4) throw new ModelFormatException("Truncated: " + length + " bytes, less than a header.");
            if (LittleEndian.ReadUInt32(buffer, offset) != Magic) throw new ModelFormatException("Wrong magic: not a Backprop.Nano model.");
            uint versionAndFlags = LittleEndian.ReadUInt32(buffer, offset + 4);
            int version = (int)(versionAndFlags & 0xFFFF);
            int flags = (int)(versionAndFlags >> 16);
            if (version != Version) throw new ModelFormatException("Unknown format version " + version + " (this library reads " + Version + ").");
            if ((flags & ~KnownFlags) != 0) throw new ModelFormatException("Unknown flags 0x" + flags.ToString("X") + ".");

            var header = new ModelHeader();
            header.InputCount = ReadCount(buffer, offset + 8, "input count");
            header.HiddenCount = ReadCount(buffer, offset + 12, "hidden count");
            header.OutputCount = ReadCount(buffer, offset + 16, "output count");
            uint activations = LittleEndian.ReadUInt32(buffer, offset + 20);
            header.HiddenActivation = ReadActivation(activations & 0xFF, "hidden");
            header.OutputActivation = ReadActivation((activations >> 8) & 0xFF, "output");
            if ((activations >> 16) != 0) throw new ModelFormatException("Reserved activation bytes are not zero.");
            header.Step = (int)LittleEndian.ReadUInt32(buffer, offset + 24);
            if (header.Step < 0) throw new ModelFormatException("Negative step count.");
            header.Sequence = LittleEndian.ReadUInt32(buffer, offset + 28);
            header.HasVelocities = (flags & FlagVelocities) != 0;
            uint channels = LittleEndian.ReadUInt32(buffer, offset + 32);
            header.StandardizerSampleCount = (int)LittleEndian.ReadUInt32(buffer, offset + 36);
            if ((flags & FlagStandardizer) != 0 ? channels == 0 || channels > 4096 : channels != 0)
            {
                throw new ModelFormatException("Standardizer channel count " + channels + " does not match the flags.");
            }
            header.StandardizerChannels = (int)channels;
            if (header.StandardizerSampleCount < 0) throw new ModelFormatException("Negative standardizer sample count.");

            header.Size = SizeFor(header.InputCount, header.HiddenCount, header.OutputCount, header.HasVelocities, header.StandardizerChannels);
            if (length < header.Size) throw new ModelFormatException("Truncated: " + length + " bytes of " + header.Size + ".");
            uint stored = LittleEndian.ReadUInt32(buffer, offset + header.Size - 4);
            if (stored != Crc32.Compute(buffer, offset, header.Size - 4)) throw new ModelFormatException("Bad CRC: the data is corrupted.");
            for (int position = offset + HeaderBytes; position < offset + header.Size - 4; position += 4)
            {
                if (!FloatMath.IsFinite(LittleEndian.ReadSingle(buffer, position)))
                {
                    throw new ModelFormatException("A stored value is not a finite number (byte " + (position - offset) + ").");
                }
            }
            return header;
        }

        /// <summary>
        /// Loads buffer[offset, offset + length) into the network (and the optimizer's velocities and
        /// the standardizer, when given and present in the data; velocities absent from the data are
        /// zeroed). Everything is validated first: on <see cref="ModelFormatException"/> nothing changed.
        /// </summary>
        public static ModelHeader Load(byte[] buffer, int offset, int length, TwoLayerNetwork network,
            SgdOptimizer optimizer, OnlineStandardizer standardizer)
        {
            Check.NotNull(network, "network");
            ModelHeader header = Validate(buffer, offset, length);
            if (header.InputCount != network.InputCount || header.HiddenCount != network.HiddenCount || header.OutputCount != network.OutputCount)
            {
                throw new ModelFormatException("Shape mismatch: the model is " + header.InputCount + "-" + header.HiddenCount + "-" + header.OutputCount
                    + ", the network " + network.InputCount + "-" + network.HiddenCount + "-" + network.OutputCount + ".");
            }
            if (header.HiddenActivation != network.HiddenActivation || header.OutputActivation != network.OutputActivation)
            {
                throw new ModelFormatException("Activation mismatch between the model and the network.");
            }
            if (standardizer != null && header.StandardizerChannels != 0 && header.StandardizerChannels != standardizer.ChannelCount)
            {
                throw new ModelFormatException("Standardizer mismatch: the model has " + header.StandardizerChannels
                    + " channels, the standardizer " + standardizer.ChannelCount + ".");
            }

            int position = offset + HeaderBytes;
            position = ReadFloats(buffer, position, network.Parameters);
            ParameterBuffers velocities = optimizer == null ? null : optimizer.Velocities;
            if (header.HasVelocities)
            {
                if (velocities != null) position = ReadFloats(buffer, position, velocities);
                else position += 4 * network.Parameters.TotalLength;
            }
            else if (velocities != null)
            {
                velocities.Clear();
            }
            if (header.StandardizerChannels > 0 && standardizer != null)
            {
                position = ReadFloats(buffer, position, standardizer.Mean);
                ReadFloats(buffer, position, standardizer.SumOfSquaredDeviations);
                standardizer.SetLoadedSampleCount(header.StandardizerSampleCount);
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

        // W1, b1, W2, b2 (or their velocities) one after the other, in the list's order.
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

        private static int ReadCount(byte[] buffer, int position, string what)
        {
            uint value = LittleEndian.ReadUInt32(buffer, position);
            // 65535 per dimension is far beyond any device and keeps the size arithmetic in range.
            if (value < 1 || value > 65535) throw new ModelFormatException("Invalid " + what + " " + value + ".");
            return (int)value;
        }

        private static Activation ReadActivation(uint value, string layer)
        {
            if (value > (uint)Activation.Tanh) throw new ModelFormatException("Unknown " + layer + " activation " + value + ".");
            return (Activation)value;
        }
    }

    /// <summary>What a model's header says, after <see cref="ModelFormat.Validate"/> checked the whole model.</summary>
    public struct ModelHeader
    {
        /// <summary>Shape and activations.</summary>
        public int InputCount, HiddenCount, OutputCount;

        /// <summary>Activations of the two layers.</summary>
        public Activation HiddenActivation, OutputActivation;

        /// <summary>Training steps when saved.</summary>
        public int Step;

        /// <summary>Checkpoint sequence number (higher is newer).</summary>
        public uint Sequence;

        /// <summary>True when the optimizer's velocities are stored.</summary>
        public bool HasVelocities;

        /// <summary>Standardizer channels stored (0: none) and its sample count.</summary>
        public int StandardizerChannels, StandardizerSampleCount;

        /// <summary>Bytes of the whole model, CRC included.</summary>
        public int Size;
    }
}
