namespace Backprop.Nano
{
    /// <summary>
    /// Xorshift32 pseudo-random numbers: the same sequence on every runtime.
    /// </summary>
    /// <remarks>
    /// System.Random's algorithm differs between desktop .NET and nanoFramework, so weights
    /// initialised with it could not be reproduced across the two.
    /// </remarks>
    public sealed class DeterministicRandom
    {
        private uint _state;

        /// <summary>Starts the sequence for <paramref name="seed"/> (any value, 0 included).</summary>
        public DeterministicRandom(uint seed)
        {
            Reset(seed);
        }

        /// <summary>Restarts the sequence as if newly constructed with <paramref name="seed"/>.</summary>
        public void Reset(uint seed)
        {
            // Xorshift must not start at 0; mixing with the golden ratio spreads nearby seeds apart.
            _state = (seed ^ 0x9E3779B9u) * 0x85EBCA6Bu;
            if (_state == 0) _state = 0x6D2B79F5u;
        }

        /// <summary>The next 32 random bits.</summary>
        public uint NextUInt()
        {
            uint s = _state;
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            _state = s;
            return s;
        }

        /// <summary>Uniform in [0, 1), on a grid of 2^-24 so every value is an exact float.</summary>
        public float NextFloat()
        {
            return (NextUInt() >> 8) * (1f / 16777216f);
        }

        /// <summary>Uniform in [-limit, limit).</summary>
        public float NextSymmetric(float limit)
        {
            return (2f * NextFloat() - 1f) * limit;
        }
    }
}
