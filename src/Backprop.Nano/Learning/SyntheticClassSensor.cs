namespace Backprop.Nano
{
    /// <summary>
    /// A deterministic stand-in for a labelled recording: channel 0 is a 12-bit ADC reading of a sine
    /// around mid-scale whose period says the class (Periods: class 0 slow, 1 medium, 2 fast), with uniform
    /// noise; channel 1 is the class index 0, 1 or 2, as a button or a second sensor would give it. The class
    /// changes after a random stretch of readings (see the constructor), each stretch starting
    /// at a random phase, so that only the signal's shape over the last few readings tells the class.
    /// The same seed gives the same readings on every runtime.
    /// </summary>
    public sealed class SyntheticClassSensor : ISensor
    {
        /// <summary>Classes of the signal.</summary>
        public const int ClassCount = 3;

        /// <summary>The label's channel.</summary>
        public const int LabelChannel = 1;


        private const float Amplitude = 800f;
        private const float TwoPi = SyntheticSensor.TwoPi;

        // The phase step 2 pi / period per class, for sine periods of 24, 12 and 6 readings (distinct within a
        // window of 8 readings); constant expressions, so no division runs on the device.
        private static readonly float[] Increments = { TwoPi / 24f, TwoPi / 12f, TwoPi / 6f };

        private readonly DeterministicRandom _random;
        private readonly float _noiseAmplitude;
        private readonly int _minimumStretch;
        private int _class, _readingsLeft;
        private float _phase, _increment;

        /// <summary>
        /// Noise uniform in [-noiseAmplitude, noiseAmplitude) counts; each class lasts from
        /// <paramref name="minimumStretch"/> (at least 1) to twice that many readings.
        /// </summary>
        public SyntheticClassSensor(uint seed, float noiseAmplitude, int minimumStretch)
        {
            Check.AtLeastOne(minimumStretch, "minimumStretch");
            if (!(0f <= noiseAmplitude) || !FloatMath.IsFinite(noiseAmplitude))
            {
                throw new System.ArgumentOutOfRangeException("noiseAmplitude", "noiseAmplitude must be a finite number >= 0.");
            }
            _noiseAmplitude = noiseAmplitude;
            _minimumStretch = minimumStretch;
            _random = new DeterministicRandom(seed);
        }

        /// <summary>Seed 1, 50 counts of noise, classes of 200 to 400 readings: the three-class demo source.</summary>
        public static SyntheticClassSensor CreateDefault()
        {
            return new SyntheticClassSensor(1, 50f, 200);
        }

        /// <inheritdoc />
        public int ChannelCount
        {
            get { return 2; }
        }

        /// <summary>The class of the latest reading (the label it carried).</summary>
        public int CurrentClass
        {
            get { return _class; }
        }

        /// <inheritdoc />
        public void Read(float[] reading)
        {
            Check.Length(reading, 2, "reading");
            if (_readingsLeft == 0) StartStretch();
            _readingsLeft--;
            float value = SyntheticSensor.MidScale + Amplitude * FloatMath.Sin(_phase) + _random.NextSymmetric(_noiseAmplitude);
            _phase += _increment;
            if (SyntheticSensor.Pi <= _phase) _phase -= TwoPi;
            reading[0] = SyntheticSensor.ToCounts(value);
            reading[1] = _class;
        }

        // A new class (it may be the same one again), its length and its phase, from the seed's sequence.
        private void StartStretch()
        {
            _class = (int)(_random.NextUInt() % ClassCount);
            _readingsLeft = _minimumStretch + (int)(_random.NextUInt() % (uint)_minimumStretch);
            _increment = Increments[_class];
            _phase = _random.NextSymmetric(SyntheticSensor.Pi);
        }
    }
}
