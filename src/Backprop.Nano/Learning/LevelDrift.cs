namespace Backprop.Nano
{
    /// <summary>
    /// A lasting shift or a slow drift of a channel's level, which a predictor of the next reading never sees (after a
    /// step, "the same as the last reading" is right again): Page's two-sided CUSUM of the standardized readings z,
    /// per channel, S+ = max(0, S+ + z - k) and S- = max(0, S- - z - k), with slack k (standard deviations that count as
    /// normal) and decision limit h. A channel starts to drift when a sum reaches h (z = k + 1 for h readings in a row,
    /// or fewer readings further out) and drifts until that sum is back to 0: a level that hovers around the limit is one
    /// drift, not a new one each time it crosses. Nothing is allocated per reading.
    /// </summary>
    /// <remarks>
    /// Each sum is capped at 2h, so that a drift that lasted a day ends as soon as the level has been back to normal
    /// for about h/k readings, instead of a day later. The z come from the trainer's standardizer, whose long memory
    /// (OnlineStandardizer.Horizon) is what makes a level new: a drift is judged against everything the channel has shown.
    /// </remarks>
    public sealed class LevelDrift
    {
        private readonly float _slack, _limit, _cap;
        private readonly bool[] _drifting;

        /// <summary>Sums for <paramref name="channelCount"/> channels, with slack k and limit h (both positive and finite).</summary>
        public LevelDrift(int channelCount, float slack, float limit)
        {
            Check.AtLeastOne(channelCount, "channelCount");
            Check.PositiveFinite(slack, "slack");
            Check.PositiveFinite(limit, "limit");
            _slack = slack;
            _limit = limit;
            _cap = 2f * limit;
            High = new float[channelCount];
            Low = new float[channelCount];
            _drifting = new bool[channelCount];
        }

        /// <summary>S+ per channel: how far the level has run above normal (what a checkpoint keeps).</summary>
        public float[] High { get; }

        /// <summary>S- per channel: how far it has run below.</summary>
        public float[] Low { get; }

        /// <summary>The largest sum over all channels divided by h, as of the latest Add: 1 or more while a channel drifts.</summary>
        public float Score { get; private set; }

        /// <summary>Forgets the past: every sum 0.</summary>
        public void Reset()
        {
            System.Array.Clear(High, 0, High.Length);
            System.Array.Clear(Low, 0, Low.Length);
            System.Array.Clear(_drifting, 0, _drifting.Length);
            Score = 0f;
        }

        /// <summary>Adds one standardized reading (one finite z per channel); true while a channel drifts.</summary>
        public bool Add(float[] standardized)
        {
            float largest = 0f;
            bool drifting = false;
            for (int c = 0; c < High.Length; c++)
            {
                float z = standardized[c];
                float high = High[c] + z - _slack;
                float low = Low[c] - z - _slack;
                high = high < 0f ? 0f : _cap < high ? _cap : high;
                low = low < 0f ? 0f : _cap < low ? _cap : low;
                High[c] = high;
                Low[c] = low;
                if (largest < high) largest = high;
                if (largest < low) largest = low;
                float sum = high < low ? low : high;
                _drifting[c] = _drifting[c] ? 0f < sum : _limit <= sum;
                drifting |= _drifting[c];
            }
            // h is positive and finite (checked in the constructor), so this divides by no zero on nanoCLR.
            Score = largest / _limit;
            return drifting;
        }
    }
}
