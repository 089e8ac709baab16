namespace Backprop.Nano
{
    /// <summary>
    /// A deterministic stand-in for a 12-bit ADC: per channel, a slow drift, two periodic
    /// components and uniform noise around mid-scale, rounded and clamped to 0..4095.
    /// The same seed gives the same readings on every runtime.
    /// </summary>
    public sealed class SyntheticSensor : ISensor
    {
        // Shared with SyntheticClassSensor, the other stand-in ADC.
        internal const float MidScale = 2048f;
        internal const float TwoPi = 6.28318548f;
        internal const float Pi = 3.14159274f;
        private const float FullScale = 4095f;

        private readonly DeterministicRandom _random;
        private readonly float[] _phases;     // three components per channel, kept in [-pi, pi)
        private readonly float[] _increments;
        private readonly float _noiseAmplitude;
        private static readonly float[] Amplitudes = { 250f, 600f, 200f };  // drift, main period, fast period
        private static readonly float[] Periods = { 5000f, 200f, 37f };     // in readings

        /// <summary>
        /// <paramref name="channelCount"/> channels, each shifted in phase; noise uniform in
        /// [-noiseAmplitude, noiseAmplitude) counts.
        /// </summary>
        public SyntheticSensor(int channelCount, uint seed, float noiseAmplitude)
        {
            Check.AtLeastOne(channelCount, "channelCount");
            if (!(0f <= noiseAmplitude) || !FloatMath.IsFinite(noiseAmplitude))
            {
                throw new System.ArgumentOutOfRangeException("noiseAmplitude", "noiseAmplitude must be a finite number >= 0.");
            }
            ChannelCount = channelCount;
            _noiseAmplitude = noiseAmplitude;
            _random = new DeterministicRandom(seed);
            _phases = new float[channelCount * 3];
            _increments = new float[channelCount * 3];
            for (int c = 0; c < channelCount; c++)
            {
                for (int m = 0; m < 3; m++)
                {
                    _phases[c * 3 + m] = WrapPhase(c * 0.9f * (m + 1));
                    _increments[c * 3 + m] = TwoPi / Periods[m];
                }
            }
        }

        /// <summary>A one-channel sensor with seed 1 and 20 counts of noise: the default data source.</summary>
        public static SyntheticSensor CreateDefault()
        {
            return new SyntheticSensor(1, 1, 20f);
        }

        /// <inheritdoc />
        public int ChannelCount { get; }

        /// <inheritdoc />
        public void Read(float[] reading)
        {
            Check.Length(reading, ChannelCount, "reading");
            for (int c = 0; c < ChannelCount; c++)
            {
                float value = MidScale + _random.NextSymmetric(_noiseAmplitude);
                for (int m = 0; m < 3; m++)
                {
                    int k = c * 3 + m;
                    value += Amplitudes[m] * FloatMath.Sin(_phases[k]);
                    _phases[k] = WrapPhase(_phases[k] + _increments[k]);
                }
                reading[c] = ToCounts(value);
            }
        }

        // An ADC returns whole counts within its range. Clamped before the conversion, because
        // nanoCLR converts an out-of-range float to int differently from .NET (large noise).
        internal static float ToCounts(float value)
        {
            float rounded = value + 0.5f;
            return rounded < 0f ? 0f : FullScale < rounded ? FullScale : (int)rounded;
        }

        private static float WrapPhase(float phase)
        {
            while (Pi <= phase) phase -= TwoPi;
            return phase;
        }
    }
}
