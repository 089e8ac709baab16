namespace Backprop.Nano
{
    /// <summary>The share of right guesses among the latest Capacity ones (a ring of outcomes allocated once).</summary>
    public sealed class HitRate
    {
        private readonly bool[] _hits;
        private int _next, _hitCount;

        /// <summary>Counts over the latest <paramref name="capacity"/> guesses.</summary>
        public HitRate(int capacity)
        {
            Check.AtLeastOne(capacity, "capacity");
            _hits = new bool[capacity];
        }

        /// <summary>Guesses counted, up to the capacity.</summary>
        public int Count { get; private set; }

        /// <summary>Right guesses among them over Count, in [0, 1]; 0 before the first.</summary>
        public float Rate
        {
            // Count is at least 1 when it divides (nanoCLR throws on a float division by 0).
            get { return Count == 0 ? 0f : (float)_hitCount / Count; }
        }

        /// <summary>Counts one guess, forgetting the oldest when full.</summary>
        public void Add(bool hit)
        {
            bool[] hits = _hits;
            if (Count == hits.Length)
            {
                if (hits[_next]) _hitCount--;
            }
            else
            {
                Count++;
            }
            hits[_next] = hit;
            if (hit) _hitCount++;
            _next = _next + 1 == hits.Length ? 0 : _next + 1;
        }

        /// <summary>Forgets every guess.</summary>
        public void Clear()
        {
            Count = 0;
            _hitCount = 0;
            _next = 0;
        }
    }
}
