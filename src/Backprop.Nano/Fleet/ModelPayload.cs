namespace Backprop.Nano
{
    /// <summary>
    /// The payload of a board's .../model topic and of the fleet's global topic: the model format's bytes
    /// (<see cref="ModelFormat"/>, checked by its CRC and bounds), without the optimizer's velocities.
    /// </summary>
    /// <remarks>
    /// The header's two counters carry what federated averaging needs, so no field is added to the format:
    /// in a board's model, Step is the board's training steps so far (it only grows, so the aggregator drops a
    /// duplicated or reordered model whose step is not newer than the last one it saw from that board) and
    /// Sequence is the samples the board trained on since it last took a global model, the weight n_k of
    /// McMahan et al.'s average (saturating at 2^32 - 1). In the global model, Sequence is the round that
    /// produced it and Step the samples averaged into that round.
    /// </remarks>
    public static class ModelPayload
    {
        /// <summary>Bytes of a payload of this network (and standardizer, may be null).</summary>
        public static int SizeFor(TwoLayerNetwork network, OnlineStandardizer standardizer)
        {
            return ModelFormat.SizeFor(network, null, standardizer);
        }

        /// <summary>
        /// Writes a board's model into buffer[offset..) and returns the bytes written; does not allocate.
        /// <paramref name="samplesSinceGlobal"/> is the samples trained on since the board last took a global model.
        /// </summary>
        public static int Write(byte[] buffer, int offset, TwoLayerNetwork network, OnlineStandardizer standardizer,
            long step, long samplesSinceGlobal)
        {
            if (samplesSinceGlobal < 0) throw new System.ArgumentOutOfRangeException("samplesSinceGlobal", "samplesSinceGlobal must be >= 0.");
            return ModelFormat.Save(buffer, offset, network, null, standardizer, step, Saturate(samplesSinceGlobal));
        }

        /// <summary>Writes the global model of <paramref name="round"/>, averaged from <paramref name="samples"/> samples.</summary>
        public static int WriteGlobal(byte[] buffer, int offset, TwoLayerNetwork network, long samples, uint round)
        {
            if (samples < 0) throw new System.ArgumentOutOfRangeException("samples", "samples must be >= 0.");
            return ModelFormat.Save(buffer, offset, network, null, null, samples, round);
        }

        /// <summary>The samples a board's model says it trained on since its last global model (its weight).</summary>
        public static long SamplesOf(ModelHeader header)
        {
            return header.Sequence;
        }

        /// <summary>The round a global model says produced it.</summary>
        public static uint RoundOf(ModelHeader header)
        {
            return header.Sequence;
        }

        private static uint Saturate(long value)
        {
            return value > uint.MaxValue ? uint.MaxValue : (uint)value;
        }
    }
}
