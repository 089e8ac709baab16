namespace Backprop.Nano
{
    /// <summary>
    /// A fixed-size ring of recent (x, d) samples for replay; when full, each Add overwrites the oldest.
    /// </summary>
    public sealed class SampleRing
    {
        private readonly float[] _inputs;
        private readonly float[] _targets;
        private int _next;

        /// <summary>Holds up to <paramref name="capacity"/> samples of the given sizes, allocated now.</summary>
        public SampleRing(int capacity, int inputCount, int outputCount)
        {
            Check.AtLeastOne(capacity, "capacity");
            Check.AtLeastOne(inputCount, "inputCount");
            Check.AtLeastOne(outputCount, "outputCount");
            Capacity = capacity;
            InputCount = inputCount;
            OutputCount = outputCount;
            _inputs = new float[capacity * inputCount];
            _targets = new float[capacity * outputCount];
        }

        /// <summary>Most samples held.</summary>
        public int Capacity { get; }

        /// <summary>Length of x.</summary>
        public int InputCount { get; }

        /// <summary>Length of d.</summary>
        public int OutputCount { get; }

        /// <summary>Samples held now.</summary>
        public int Count { get; private set; }

        /// <summary>Copies (x, d) in, overwriting the oldest sample when full.</summary>
        public void Add(float[] x, float[] d)
        {
            Check.Length(x, InputCount, "x");
            Check.Length(d, OutputCount, "d");
            System.Array.Copy(x, 0, _inputs, _next * InputCount, InputCount);
            System.Array.Copy(d, 0, _targets, _next * OutputCount, OutputCount);
            _next = _next + 1 == Capacity ? 0 : _next + 1;
            if (Count < Capacity) Count++;
        }

        /// <summary>Copies sample <paramref name="age"/> (0 = oldest held, Count - 1 = newest) into x and d.</summary>
        public void CopyTo(int age, float[] x, float[] d)
        {
            if (age < 0 || age >= Count)
            {
                throw new System.ArgumentOutOfRangeException("age", "age must be in [0, " + Count + "), was " + age + ".");
            }
            Check.Length(x, InputCount, "x");
            Check.Length(d, OutputCount, "d");
            int oldest = Count < Capacity ? 0 : _next;
            int slot = (oldest + age) % Capacity;
            System.Array.Copy(_inputs, slot * InputCount, x, 0, InputCount);
            System.Array.Copy(_targets, slot * OutputCount, d, 0, OutputCount);
        }

        /// <summary>Empties the ring.</summary>
        public void Clear()
        {
            Count = 0;
            _next = 0;
        }
    }
}
