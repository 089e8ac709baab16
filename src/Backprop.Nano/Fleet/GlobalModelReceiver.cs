namespace Backprop.Nano
{
    /// <summary>
    /// Takes the fleet's global model into a board's network: w = (1 - blend) w + blend w_global for every
    /// parameter (blend 1 replaces). A payload that does not validate or does not fit the network is
    /// rejected and counted, and the network is left as it was.
    /// </summary>
    /// <remarks>
    /// The payload is loaded into a scratch network of the same shape first (ModelFormat.Load validates
    /// everything before it copies anything), so the board's own parameters are only touched once the whole
    /// payload is known good. Nothing is allocated after construction on the accepting path; a rejection
    /// allocates its message. A global model of the round last taken (the broker delivers the retained
    /// global again on every reconnect) is ignored and counted, so a board does not fall back to it after
    /// training on; any other round is taken, so a fleet whose aggregator lost its state still reaches it.
    /// </remarks>
    public sealed class GlobalModelReceiver
    {
        private readonly TwoLayerNetwork _network;
        private readonly TwoLayerNetwork _scratch;
        private bool _hasRound;

        /// <summary>A receiver for <paramref name="network"/>; allocates a network of its shape as scratch.</summary>
        public GlobalModelReceiver(TwoLayerNetwork network)
        {
            Check.NotNull(network, "network");
            _network = network;
            _scratch = new TwoLayerNetwork(network.InputCount, network.HiddenCount, network.OutputCount,
                network.HiddenActivation, network.OutputActivation, network.LossFunction);
        }

        /// <summary>Global models blended into the network (a FleetMember may then restore its own: see FleetMember.Taken).</summary>
        public int Accepted { get; private set; }

        /// <summary>Payloads refused (invalid, corrupted or of another shape); the network was not touched.</summary>
        public int Rejected { get; private set; }

        /// <summary>Valid global models ignored because their round was the one taken last.</summary>
        public int Repeated { get; private set; }

        /// <summary>Why the last rejected payload was refused (null until one is).</summary>
        public string LastError { get; private set; }

        /// <summary>The round of the last global model taken (valid once <see cref="Accepted"/> is above 0).</summary>
        public uint LastRound { get; private set; }

        /// <summary>
        /// Validates payload[offset, offset + length) and, when it is a model of this network's shape from a
        /// round not taken last, blends it in with weight <paramref name="blend"/> in [0, 1]; returns true
        /// when the network took it. A trainer's network takes it through <see cref="FleetMember.TakeGlobal"/>, which
        /// also tells the trainer and restarts the samples-since-global count.
        /// </summary>
        public bool Apply(byte[] payload, int offset, int length, float blend)
        {
            if (!(0f <= blend && blend <= 1f))
            {
                throw new System.ArgumentOutOfRangeException("blend", "blend must be in [0, 1], was " + blend + ".");
            }
            ModelHeader header;
            try
            {
                header = ModelFormat.Load(payload, offset, length, _scratch, null, null);
            }
            catch (ModelFormatException exception)
            {
                Rejected++;
                LastError = exception.Message;
                return false;
            }
            uint round = ModelPayload.RoundOf(header);
            if (_hasRound && round == LastRound)
            {
                Repeated++;
                return false;
            }
            Blend(_network.Parameters, _scratch.Parameters, blend);
            _hasRound = true;
            LastRound = round;
            Accepted++;
            return true;
        }

        // w = (1 - blend) w + blend w_global; replaced bit for bit when blend is 1.
        private static void Blend(ParameterBuffers own, ParameterBuffers global, float blend)
        {
            // blend is in [0, 1] here, so not below 1 means 1.
            if (!(blend < 1f))
            {
                own.CopyFrom(global);
                return;
            }
            float keep = 1f - blend;
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                float[] w = own.Get(k), g = global.Get(k);
                for (int i = 0; i < w.Length; i++) w[i] = keep * w[i] + blend * g[i];
            }
        }
    }
}
