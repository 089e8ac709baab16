namespace Backprop.Nano
{
    /// <summary>
    /// How unusual a loss is against the losses before it: score = (loss - level) / spread, where
    /// level and spread are slowly moving averages of the loss and of its absolute deviation from
    /// the level. Robust to the spikes it is meant to find: a loss enters the averages only clipped
    /// to level + ClipWidth·spread, so one huge loss moves them no more than a merely large one.
    /// Nothing is allocated per loss.
    /// </summary>
    /// <remarks>
    /// A mean absolute deviation, not a variance: squaring the (already squared) error would let a
    /// few large losses dominate the spread. The spread is floored before the division (nanoCLR
    /// throws on a float division by zero, and a model that predicts a clean signal almost perfectly
    /// must not turn the next tiny error into a huge score). A fault that lasts is learned by the
    /// averages at the clipped rate (the spread grows by a factor 1 + smoothing·(ClipWidth - 1) per loss),
    /// so a genuine new level stops scoring high after some hundreds of readings.
    /// </remarks>
    public sealed class AnomalyScore
    {
        /// <summary>Spreads of a loss above the level at which it is clipped before it enters the averages.</summary>
        public const float ClipWidth = 3f;

        /// <summary>The spread is never taken below this (standardized loss units)...</summary>
        public const float MinimumSpread = 1e-4f;

        /// <summary>...nor below this fraction of the level.</summary>
        public const float MinimumRelativeSpread = 0.1f;

        private readonly float _smoothing;
        private readonly int _warmup;
        private int _count;

        /// <summary>
        /// Averages with weight <paramref name="smoothing"/> in (0, 1] per loss; scores are 0 until
        /// <paramref name="warmup"/> losses (at least 1) have been seen.
        /// </summary>
        public AnomalyScore(float smoothing, int warmup)
        {
            Check.Fraction(smoothing, "smoothing");
            Check.AtLeastOne(warmup, "warmup");
            _smoothing = smoothing;
            _warmup = warmup;
        }

        /// <summary>The typical loss.</summary>
        public float Level { get; private set; }

        /// <summary>The typical absolute deviation of the loss from the level (before the floor).</summary>
        public float Spread { get; private set; }

        /// <summary>True once the warm-up losses have been seen.</summary>
        public bool IsWarm
        {
            get { return _count >= _warmup; }
        }

        /// <summary>Losses taken in so far, up to the warm-up (what a checkpoint keeps).</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>
        /// Continues from a saved state (Count, Level, Spread of an earlier instance); values out of range (a count below 0,
        /// a level or spread that is negative or not finite) start it afresh instead.
        /// </summary>
        public void Restore(int count, float level, float spread)
        {
            Reset();
            if (count < 0 || !(0f <= level && level <= float.MaxValue) || !(0f <= spread && spread <= float.MaxValue)) return;
            _count = count < _warmup ? count : _warmup;
            Level = level;
            Spread = spread;
        }

        /// <summary>Forgets every loss.</summary>
        public void Reset()
        {
            Level = 0f;
            Spread = 0f;
            _count = 0;
        }

        /// <summary>
        /// The score of <paramref name="loss"/> (a finite number >= 0) against the losses before it, then
        /// takes it into the averages. 0 during the warm-up.
        /// </summary>
        public float Add(float loss)
        {
            float score = 0f;
            if (IsWarm)
            {
                float floor = MinimumRelativeSpread * Level;
                if (floor < MinimumSpread) floor = MinimumSpread;
                float spread = floor < Spread ? Spread : floor;
                score = (loss - Level) / spread;
                float limit = Level + ClipWidth * spread;
                if (limit < loss) loss = limit;
            }
            else
            {
                _count++;
            }
            // During the warm-up a plain running mean (1/n), so the first losses of an untrained
            // network do not stay in the level for long; then the moving average.
            float weight = IsWarm ? _smoothing : 1f / _count;
            if (weight < _smoothing) weight = _smoothing;
            float deviation = loss - Level;
            Level += weight * deviation;
            Spread += weight * ((deviation < 0f ? -deviation : deviation) - Spread);
            return score;
        }
    }
}
