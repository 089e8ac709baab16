namespace Backprop.Nano
{
    /// <summary>What a model's header says, after <see cref="ModelFormat.Validate"/> checked the whole model.</summary>
    public struct ModelHeader
    {
        /// <summary>Shape and activations.</summary>
        public int InputCount, HiddenCount, OutputCount;

        /// <summary>Activations of the two layers.</summary>
        public Activation HiddenActivation, OutputActivation;

        /// <summary>The loss the model was trained with (byte 22; 0, the squared error, in files older than it).</summary>
        public LossFunction LossFunction;

        /// <summary>Training steps when saved (the file holds them as uint32, saturating).</summary>
        public long Step;

        /// <summary>Checkpoint sequence number (higher is newer).</summary>
        public uint Sequence;

        /// <summary>True when the optimizer's velocities are stored.</summary>
        public bool HasVelocities;

        /// <summary>True when Adam's moments m, v and its powers beta1^t, beta2^t are stored (never with velocities).</summary>
        public bool HasAdamMoments;

        /// <summary>Standardizer channels stored (0: none) and its sample count.</summary>
        public int StandardizerChannels, StandardizerSampleCount;

        /// <summary>The format version of the file (1 or 2).</summary>
        public int Version;

        /// <summary>True when the network predicts each reading's change since the last one (byte 23; version 2 only).</summary>
        public bool PredictsChange;

        /// <summary>True when the anomaly detector's state is stored (flag bit 3; version 2 only).</summary>
        public bool HasDetectorState;

        /// <summary>The window geometry stored with the trainer state (Downsample, WindowStride); 0 when the file has no trainer state.</summary>
        public int Downsample, WindowStride;

        /// <summary>Bytes of the whole model, CRC included.</summary>
        public int Size;
    }
}
