namespace Backprop.Nano
{
    /// <summary>
    /// A classifier's replay memory: up to PerClass inputs of every class, each a uniform random choice among all the samples
    /// of its class seen so far (reservoir sampling, Vitter's algorithm R, per class). A ring of recent samples holds only the
    /// class of the last few hundred readings when a class lasts that long; this keeps every class the board has seen, in
    /// equal shares, however long ago and however rare. Nothing is allocated after construction.
    /// </summary>
    public sealed class ClassReservoir
    {
        private readonly float[] _inputs;   // ClassCount x PerClass x InputCount, row-major
        private readonly int[] _held;       // per class: samples held, up to PerClass
        private readonly int[] _seen;       // per class: samples offered, saturating (the odds of a keep are PerClass / seen)

        /// <summary>Room for <paramref name="perClass"/> inputs of <paramref name="inputCount"/> values for each of <paramref name="classCount"/> classes.</summary>
        public ClassReservoir(int classCount, int perClass, int inputCount)
        {
            Check.AtLeastOne(classCount, "classCount");
            Check.AtLeastOne(perClass, "perClass");
            Check.AtLeastOne(inputCount, "inputCount");
            ClassCount = classCount;
            PerClass = perClass;
            InputCount = inputCount;
            _inputs = new float[classCount * perClass * inputCount];
            _held = new int[classCount];
            _seen = new int[classCount];
        }

        /// <summary>Classes.</summary>
        public int ClassCount { get; }

        /// <summary>Most inputs held of one class.</summary>
        public int PerClass { get; }

        /// <summary>Length of an input x.</summary>
        public int InputCount { get; }

        /// <summary>Inputs held now, all classes together.</summary>
        public int Count { get; private set; }

        /// <summary>Inputs of class <paramref name="label"/> held now.</summary>
        public int HeldOf(int label)
        {
            return _held[label];
        }

        /// <summary>Offers x of class <paramref name="label"/>: kept while its class has room, then in place of a random one with odds PerClass / seen.</summary>
        public void Add(float[] x, int label, DeterministicRandom random)
        {
            Check.Length(x, InputCount, "x");
            if (label < 0 || label >= ClassCount) throw new System.ArgumentOutOfRangeException("label", "label must be in [0, " + ClassCount + ").");
            if (_seen[label] < int.MaxValue) _seen[label]++;
            int slot;
            if (_held[label] < PerClass)
            {
                slot = _held[label]++;
                Count++;
            }
            else
            {
                uint pick = random.NextUInt() % (uint)_seen[label];
                if (pick >= (uint)PerClass) return;
                slot = (int)pick;
            }
            System.Array.Copy(x, 0, _inputs, (label * PerClass + slot) * InputCount, InputCount);
        }

        /// <summary>
        /// Copies a random held input into x and returns its class: the class first, uniformly among the classes held, then
        /// one of its inputs, so that replay is balanced whatever the classes' frequencies. Needs Count > 0.
        /// </summary>
        public int CopyRandom(DeterministicRandom random, float[] x)
        {
            Check.Length(x, InputCount, "x");
            if (Count == 0) throw new System.InvalidOperationException("The reservoir is empty.");
            int classesHeld = 0;
            for (int c = 0; c < ClassCount; c++)
            {
                if (_held[c] > 0) classesHeld++;
            }
            int wanted = (int)(random.NextUInt() % (uint)classesHeld);
            int label = 0;
            for (; label < ClassCount; label++)
            {
                if (_held[label] > 0 && wanted-- == 0) break;
            }
            int slot = (int)(random.NextUInt() % (uint)_held[label]);
            System.Array.Copy(_inputs, (label * PerClass + slot) * InputCount, x, 0, InputCount);
            return label;
        }

        /// <summary>Copies input <paramref name="slot"/> (0 to HeldOf(label) - 1) of class <paramref name="label"/> into x.</summary>
        public void CopyAt(int label, int slot, float[] x)
        {
            Check.Length(x, InputCount, "x");
            if (label < 0 || label >= ClassCount || slot < 0 || slot >= _held[label])
            {
                throw new System.ArgumentOutOfRangeException("slot", "no input " + slot + " of class " + label + " is held.");
            }
            System.Array.Copy(_inputs, (label * PerClass + slot) * InputCount, x, 0, InputCount);
        }

        /// <summary>Empties the reservoir.</summary>
        public void Clear()
        {
            System.Array.Clear(_held, 0, ClassCount);
            System.Array.Clear(_seen, 0, ClassCount);
            Count = 0;
        }
    }
}
