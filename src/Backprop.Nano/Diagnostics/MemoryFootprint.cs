namespace Backprop.Nano
{
    /// <summary>
    /// The buffers a configuration allocates, known before allocating anything, so a board can
    /// check that a shape fits its managed heap.
    /// </summary>
    /// <remarks>
    /// Bytes are the float payload (4 per value) plus <see cref="ArrayOverheadBytes"/> per array,
    /// an estimate of nanoCLR's array header; small objects (the network, optimizer and trainer
    /// instances themselves) add a few hundred bytes more. A desktop test checks this list
    /// against what the constructors really allocate.
    /// </remarks>
    public sealed class MemoryFootprint
    {
        /// <summary>Estimated bytes of header per array on nanoCLR (not measured on a device).</summary>
        public const int ArrayOverheadBytes = 24;

        private const int MaxEntries = 64;
        private readonly string[] _names = new string[MaxEntries];
        private readonly int[] _floats = new int[MaxEntries];

        /// <summary>Buffers listed.</summary>
        public int Count { get; private set; }

        /// <summary>Name of buffer <paramref name="index"/>.</summary>
        public string Name(int index) { return _names[index]; }

        /// <summary>Floats in buffer <paramref name="index"/>.</summary>
        public int Floats(int index) { return _floats[index]; }

        /// <summary>Estimated bytes of buffer <paramref name="index"/>.</summary>
        public int Bytes(int index) { return 4 * _floats[index] + ArrayOverheadBytes; }

        /// <summary>Sum of the payloads, 4 bytes per float, without overhead.</summary>
        public int PayloadBytes
        {
            get
            {
                int total = 0;
                for (int k = 0; k < Count; k++) total += 4 * _floats[k];
                return total;
            }
        }

        /// <summary>Estimated total, overhead included.</summary>
        public int TotalBytes
        {
            get { return PayloadBytes + Count * ArrayOverheadBytes; }
        }

        /// <summary>What <see cref="TwoLayerNetwork"/> allocates for this shape (enough for TrainStep).</summary>
        public static MemoryFootprint ForNetwork(int inputCount, int hiddenCount, int outputCount)
        {
            return ForNetwork(inputCount, hiddenCount, outputCount, LossFunction.SquaredError);
        }

        /// <summary>What <see cref="TwoLayerNetwork"/> allocates for this shape and loss (cross-entropy keeps u2).</summary>
        public static MemoryFootprint ForNetwork(int inputCount, int hiddenCount, int outputCount, LossFunction lossFunction)
        {
            var footprint = new MemoryFootprint();
            footprint.AddNetwork(inputCount, hiddenCount, outputCount, lossFunction);
            return footprint;
        }

        /// <summary>
        /// What a network plus an <see cref="SgdOptimizer"/> with this momentum allocate: its gradients,
        /// and its velocities with momentum (mini-batches add nothing).
        /// </summary>
        public static MemoryFootprint ForOptimizer(int inputCount, int hiddenCount, int outputCount, float momentum)
        {
            return ForOptimizer(inputCount, hiddenCount, outputCount, momentum, LossFunction.SquaredError);
        }

        /// <summary>As <see cref="ForOptimizer(int, int, int, float)"/>, for a network with this loss.</summary>
        public static MemoryFootprint ForOptimizer(int inputCount, int hiddenCount, int outputCount, float momentum, LossFunction lossFunction)
        {
            var footprint = new MemoryFootprint();
            footprint.AddOptimizer(inputCount, hiddenCount, outputCount, OptimizerKind.Sgd, momentum, lossFunction);
            return footprint;
        }

        /// <summary>
        /// What a network plus an <see cref="AdamOptimizer"/> allocate: its gradients, the moments m and v,
        /// and beta1^t, beta2^t (mini-batches add nothing).
        /// </summary>
        public static MemoryFootprint ForAdam(int inputCount, int hiddenCount, int outputCount)
        {
            var footprint = new MemoryFootprint();
            footprint.AddOptimizer(inputCount, hiddenCount, outputCount, OptimizerKind.Adam, 0f, LossFunction.SquaredError);
            return footprint;
        }

        /// <summary>What an <see cref="OnlineTrainer"/> with these settings allocates, its network and optimizer included.</summary>
        public static MemoryFootprint ForTrainer(OnlineTrainerSettings settings)
        {
            Check.NotNull(settings, "settings");
            settings.Validate();
            int inputs = settings.InputCount, outputs = settings.OutputCount, channels = settings.ChannelCount;
            var footprint = new MemoryFootprint();
            footprint.AddOptimizer(inputs, settings.HiddenCount, outputs, settings.Optimizer, settings.Momentum, settings.LossFunction);
            footprint.AddParameters("snapshot ", inputs, settings.HiddenCount, outputs);
            footprint.AddOptimizerState("snapshot ", inputs, settings.HiddenCount, outputs, settings.Optimizer, settings.Momentum);
            footprint.Add("stuck check: last values", channels);
            footprint.Add("stuck check: repeats (int)", channels);
            footprint.Add("standardizer mean", channels);
            footprint.Add("standardizer squared deviations", channels);
            footprint.Add("standardizer 1/spread", channels);
            footprint.Add("standardized reading", channels);
            footprint.Add("new level: mean", channels);
            footprint.Add("new level: squared deviations", channels);
            footprint.Add("new level: 1/spread", channels);
            footprint.Add("window x", inputs);
            footprint.Add("target d", outputs);
            if (settings.ReplayCapacity > 0 && settings.IsClassifier)
            {
                footprint.Add("replay inputs (a share per class)", settings.ReplayCapacity / outputs * outputs * inputs);
                footprint.Add("replay held and seen per class (int)", 2 * outputs);
                footprint.Add("replay x", inputs);
                footprint.Add("replay d", outputs);
            }
            else if (settings.ReplayCapacity > 0)
            {
                footprint.Add("replay inputs", settings.ReplayCapacity * inputs);
                footprint.Add("replay targets", settings.ReplayCapacity * outputs);
                footprint.Add("replay x", inputs);
                footprint.Add("replay d", outputs);
            }
            footprint.Add("previous reading (the change is from it)", channels);
            footprint.Add("window point sums (Downsample)", channels);
            if (settings.IsClassifier) footprint.Add("accuracy and acc_last rings (bool, 4 to a float)", (2 * settings.AccuracyWindow + 3) / 4);
            if (!settings.IsClassifier && 0f < settings.DriftLimit)
            {
                footprint.Add("level drift S+", channels);
                footprint.Add("level drift S-", channels);
            }
            footprint.Add("trainer state: drift S+ (checkpoint)", channels);
            footprint.Add("trainer state: drift S- (checkpoint)", channels);
            footprint.Add("session reading (TrainingSession)", channels);
            return footprint;
        }

        private void AddOptimizer(int inputCount, int hiddenCount, int outputCount, OptimizerKind kind, float momentum, LossFunction lossFunction)
        {
            AddNetwork(inputCount, hiddenCount, outputCount, lossFunction);
            AddParameters("dE/d", inputCount, hiddenCount, outputCount);
            AddOptimizerState("", inputCount, hiddenCount, outputCount, kind, momentum);
        }

        // What IOptimizer.State and StateScalars hold: SGD's velocities with momentum; Adam's m, v and its two powers.
        private void AddOptimizerState(string prefix, int inputCount, int hiddenCount, int outputCount, OptimizerKind kind, float momentum)
        {
            if (kind == OptimizerKind.Adam)
            {
                AddParameters(prefix + "Adam m ", inputCount, hiddenCount, outputCount);
                AddParameters(prefix + "Adam v ", inputCount, hiddenCount, outputCount);
                Add(prefix + "Adam beta1^t, beta2^t", 2);
            }
            else if (momentum != 0f)
            {
                AddParameters(prefix + "velocity ", inputCount, hiddenCount, outputCount);
            }
        }

        // One entry per buffer of a ParameterBuffers list, named after the notes.
        private void AddParameters(string prefix, int inputCount, int hiddenCount, int outputCount)
        {
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                Add(prefix + ParameterBuffers.NameOf(k), ParameterBuffers.LengthOf(k, inputCount, hiddenCount, outputCount));
            }
        }

        private void AddNetwork(int inputCount, int hiddenCount, int outputCount, LossFunction lossFunction)
        {
            Check.Defined(lossFunction, "lossFunction");
            Check.AtLeastOne(inputCount, "inputCount");
            Check.AtLeastOne(hiddenCount, "hiddenCount");
            Check.AtLeastOne(outputCount, "outputCount");
            AddParameters("", inputCount, hiddenCount, outputCount);
            Add("z1", hiddenCount);
            Add("y", outputCount);
            Add("delta1", hiddenCount);
            Add("delta2", outputCount);
            if (lossFunction == LossFunction.CrossEntropy) Add("u2 (cross-entropy)", outputCount);
        }

        private void Add(string name, int floats)
        {
            if (Count == MaxEntries) throw new System.InvalidOperationException("MemoryFootprint holds at most " + MaxEntries + " buffers.");
            _names[Count] = name;
            _floats[Count] = floats;
            Count++;
        }
    }
}
