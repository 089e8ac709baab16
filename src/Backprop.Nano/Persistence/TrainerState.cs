namespace Backprop.Nano
{
    /// <summary>
    /// What a trainer keeps in its model file besides the network, the optimizer and the standardizer (see the README's
    /// "Model format", version 2): what the network's outputs mean, and the anomaly detector's running state, so that a
    /// board that reboots judges its next reading as it would have judged it without the reboot.
    /// </summary>
    public sealed class TrainerState
    {
        /// <summary>Room for the detector state of <paramref name="channelCount"/> channels (those of the standardizer).</summary>
        public TrainerState(int channelCount)
        {
            Check.AtLeastOne(channelCount, "channelCount");
            DriftHigh = new float[channelCount];
            DriftLow = new float[channelCount];
        }

        /// <summary>Channels of the drift sums (the standardizer's channels).</summary>
        public int ChannelCount
        {
            get { return DriftHigh.Length; }
        }

        /// <summary>True when the network predicts each reading's change since the last one (header byte 23, bit 0).</summary>
        public bool PredictsChange;

        /// <summary>
        /// False when the detector fields hold nothing: a file written before them was loaded, or nothing was. A trainer then
        /// starts its detector afresh; a save always writes them.
        /// </summary>
        public bool HasDetector;

        /// <summary>Losses the anomaly score has taken in, up to its warm-up (AnomalyScore).</summary>
        public int ScoredLosses;

        /// <summary>The anomaly score's typical loss and typical deviation (AnomalyScore.Level and Spread).</summary>
        public float LossLevel, LossSpread;

        /// <summary>A classifier's window geometry (OnlineTrainerSettings.Downsample and WindowStride; 1 and 1 for regression and in older files).</summary>
        public int Downsample = 1, WindowStride = 1;

        /// <summary>The level-drift sums S+ and S- per channel (LevelDrift.High and Low).</summary>
        public readonly float[] DriftHigh, DriftLow;
    }
}
