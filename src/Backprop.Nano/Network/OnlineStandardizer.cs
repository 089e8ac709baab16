namespace Backprop.Nano
{
    /// <summary>
    /// Running mean and variance per channel (Welford's algorithm, float) that turn raw readings,
    /// such as ADC counts 0..4095, into values near mean 0 and variance 1. Can be frozen.
    /// </summary>
    /// <remarks>
    /// Built to run forever on any finite input: values are clamped to ±<see cref="MaximumMagnitude"/>
    /// before they enter the sums, and after <see cref="Horizon"/> samples the statistics forget
    /// exponentially (weight 1/Horizon per new sample), so the sum of squares stays below
    /// Horizon·(2·MaximumMagnitude)² ≈ 2.6e35, far from float overflow, and never stops growing
    /// because of float rounding while the count goes on (which made the variance decay as 1/n).
    /// </remarks>
    public sealed class OnlineStandardizer
    {
        /// <summary>Readings are clamped to ±this before they enter the statistics.</summary>
        public const float MaximumMagnitude = 1e15f;

        /// <summary>Samples after which the statistics weigh each new sample 1/Horizon (exponential forgetting).</summary>
        public const int Horizon = 65536;

        // A channel whose spread is below this fraction of its level (or of 1) is given that
        // spread, so a stuck sensor does not blow its next change up to huge inputs.
        private const float MinimumRelativeSpread = 1e-3f;

        private readonly float[] _sumOfSquaredDeviations;
        private readonly float[] _inverseSpread;

        /// <summary>Standardizes <paramref name="channelCount"/> channels; starts with no samples.</summary>
        public OnlineStandardizer(int channelCount)
        {
            Check.AtLeastOne(channelCount, "channelCount");
            ChannelCount = channelCount;
            Mean = new float[channelCount];
            _sumOfSquaredDeviations = new float[channelCount];
            _inverseSpread = new float[channelCount];
            Reset();
        }

        /// <summary>Number of channels.</summary>
        public int ChannelCount { get; }

        /// <summary>Running mean per channel.</summary>
        public float[] Mean { get; }

        /// <summary>Samples taken into the statistics (saturates at int.MaxValue).</summary>
        public int SampleCount { get; private set; }

        /// <summary>While frozen, Update leaves the statistics alone.</summary>
        public bool IsFrozen { get; set; }

        /// <summary>Population variance of channel <paramref name="channel"/> (0 before two samples).</summary>
        public float Variance(int channel)
        {
            int n = EffectiveCount;
            return n < 2 ? 0f : _sumOfSquaredDeviations[channel] / n;
        }

        /// <summary>Forgets every sample (and unfreezes).</summary>
        public void Reset()
        {
            SampleCount = 0;
            IsFrozen = false;
            for (int c = 0; c < ChannelCount; c++)
            {
                Mean[c] = 0f;
                _sumOfSquaredDeviations[c] = 0f;
                _inverseSpread[c] = 1f;
            }
        }

        /// <summary>
        /// Adds one reading per channel to the statistics, unless frozen. A value that is not finite
        /// throws ArgumentOutOfRangeException before anything changes.
        /// </summary>
        public void Update(float[] values)
        {
            Check.Length(values, ChannelCount, "values");
            for (int c = 0; c < ChannelCount; c++)
            {
                if (!FloatMath.IsFinite(values[c])) throw new System.ArgumentOutOfRangeException("values", "values must be finite numbers.");
            }
            if (IsFrozen) return;
            if (SampleCount < int.MaxValue) SampleCount++;
            int n = EffectiveCount;
            // Below the horizon exactly Welford; from there M2 <- (1 - 1/n) M2 + delta (x - mean'), the
            // same update with exponential weights.
            float keep = n < Horizon ? 1f : 1f - 1f / Horizon;
            for (int c = 0; c < ChannelCount; c++)
            {
                float value = values[c];
                if (MaximumMagnitude < value) value = MaximumMagnitude;
                else if (value < -MaximumMagnitude) value = -MaximumMagnitude;
                float delta = value - Mean[c];
                Mean[c] += delta / n;
                _sumOfSquaredDeviations[c] = keep * _sumOfSquaredDeviations[c] + delta * (value - Mean[c]);
                _inverseSpread[c] = 1f / Scale(c);
            }
        }

        // The count the statistics are weighted by: the samples, up to the horizon.
        private int EffectiveCount
        {
            get { return SampleCount < Horizon ? SampleCount : Horizon; }
        }

        /// <summary>Running sum of squared deviations per channel (Welford's M2), for saving and loading.</summary>
        public float[] SumOfSquaredDeviations
        {
            get { return _sumOfSquaredDeviations; }
        }

        /// <summary>
        /// After Mean and SumOfSquaredDeviations were written directly (a model load), sets the
        /// sample count and recomputes the scaling from them.
        /// </summary>
        public void SetLoadedSampleCount(int sampleCount)
        {
            if (sampleCount < 0) throw new System.ArgumentOutOfRangeException("sampleCount", "sampleCount must be >= 0.");
            SampleCount = sampleCount;
            for (int c = 0; c < ChannelCount; c++)
            {
                _inverseSpread[c] = 1f / Scale(c);
            }
        }

        /// <summary>Takes <paramref name="other"/>'s statistics (same channels): a level adopted from readings gathered apart.</summary>
        public void CopyFrom(OnlineStandardizer other)
        {
            Check.NotNull(other, "other");
            Check.Length(other.Mean, ChannelCount, "other");
            System.Array.Copy(other.Mean, Mean, ChannelCount);
            System.Array.Copy(other._sumOfSquaredDeviations, _sumOfSquaredDeviations, ChannelCount);
            SetLoadedSampleCount(other.SampleCount);
        }

        /// <summary>(value - mean) / spread for channel <paramref name="channel"/>.</summary>
        public float Standardize(int channel, float value)
        {
            return (value - Mean[channel]) * _inverseSpread[channel];
        }

        /// <summary>The inverse of <see cref="Standardize"/>: back to raw units.</summary>
        public float Restore(int channel, float standardized)
        {
            // Times the scale, not divided by its inverse: that inverse is 0 for an infinite spread,
            // and nanoCLR throws on float division by zero.
            return standardized * Scale(channel) + Mean[channel];
        }

        /// <summary>A change of <paramref name="standardizedChange"/> in standardized units, in raw units (the mean plays no part).</summary>
        public float RestoreChange(int channel, float standardizedChange)
        {
            return standardizedChange * Scale(channel);
        }

        // What Standardize divides by: 1 until there is a sample, then the spread (never 0).
        private float Scale(int channel)
        {
            return SampleCount == 0 ? 1f : Spread(channel);
        }

        private float Spread(int channel)
        {
            float mean = Mean[channel];
            float floor = MinimumRelativeSpread * (mean < 0f ? -mean : mean);
            if (floor < MinimumRelativeSpread) floor = MinimumRelativeSpread;
            float spread = FloatMath.Sqrt(Variance(channel));
            return floor < spread ? spread : floor;
        }
    }
}
