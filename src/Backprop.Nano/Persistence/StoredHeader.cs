namespace Backprop.Nano
{
    /// <summary>
    /// A model's 40-byte header as stored, before anything is checked (<see cref="ModelFormat.ReadStoredHeader"/>):
    /// for showing what a broken file says. Trust only a <see cref="ModelHeader"/> from Validate.
    /// </summary>
    public struct StoredHeader
    {
        /// <summary>Header bytes that were present (0..40); fields beyond them are 0.</summary>
        public int BytesPresent;

        /// <summary>Bytes 0..3, <see cref="ModelFormat.Magic"/> in a model.</summary>
        public uint Magic;

        /// <summary>Format version (bytes 4..5) and flags (bytes 6..7).</summary>
        public uint Version, Flags;

        /// <summary>Shape as stored.</summary>
        public uint InputCount, HiddenCount, OutputCount;

        /// <summary>Bytes 20..23: hidden activation, output activation, loss function, one reserved byte.</summary>
        public uint Activations;

        /// <summary>Step count and checkpoint sequence number.</summary>
        public uint Step, Sequence;

        /// <summary>Standardizer channels and sample count.</summary>
        public uint StandardizerChannels, StandardizerSampleCount;
    }
}
