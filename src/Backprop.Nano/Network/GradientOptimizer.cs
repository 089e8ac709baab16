namespace Backprop.Nano
{
    /// <summary>
    /// What SGD and Adam share: the network, the learning rate, the batch, and the gradients the
    /// backward pass adds into; an optimizer adds its update (and its state).
    /// </summary>
    /// <remarks>
    /// A sample runs Forward and Backward, adding its gradient into <see cref="Gradients"/>; when
    /// BatchSize samples are in, <see cref="Update"/> applies them and the batch starts again from zero.
    /// The fields are for the derived optimizers' loops: on nanoCLR a property is a call, a field a load.
    /// </remarks>
    public abstract class GradientOptimizer : IOptimizer
    {
        /// <summary>The network being trained, and its parameters.</summary>
        protected readonly TwoLayerNetwork _network;

        /// <summary>The network's parameters, and the gradients summed over the pending samples.</summary>
        protected readonly ParameterBuffers _parameters, _gradients;

        /// <summary>Samples per update.</summary>
        protected readonly int _batchSize;

        /// <summary>The learning rate, positive and finite.</summary>
        protected float _learningRate;

        /// <summary>Samples accumulated since the last update, and updates applied.</summary>
        protected int _pendingSamples, _updateCount;

        private readonly int _inputCount, _outputCount;

        /// <summary>Checks the common arguments and allocates the gradient buffers, once.</summary>
        /// <param name="network">the network whose parameters are updated.</param>
        /// <param name="learningRate">positive and finite.</param>
        /// <param name="batchSize">samples per update, at least 1.</param>
        protected GradientOptimizer(TwoLayerNetwork network, float learningRate, int batchSize)
        {
            Check.NotNull(network, "network");
            Check.PositiveFinite(learningRate, "learningRate");
            Check.AtLeastOne(batchSize, "batchSize");
            _network = network;
            _learningRate = learningRate;
            _batchSize = batchSize;
            _inputCount = network.InputCount;
            _outputCount = network.OutputCount;
            _parameters = network.Parameters;
            _gradients = new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
        }

        /// <inheritdoc />
        public abstract OptimizerKind Kind { get; }

        /// <summary>The network being trained.</summary>
        public TwoLayerNetwork Network => _network;

        /// <summary>The learning rate; may be changed between steps (must stay positive and finite).</summary>
        public float LearningRate
        {
            get => _learningRate;
            set
            {
                Check.PositiveFinite(value, "value");
                _learningRate = value;
            }
        }

        /// <summary>Samples per update.</summary>
        public int BatchSize => _batchSize;

        /// <summary>Samples accumulated since the last update.</summary>
        public int PendingSamples => _pendingSamples;

        /// <summary>Updates applied so far.</summary>
        public int UpdateCount => _updateCount;

        /// <summary>dE/dW1, dE/db1, dE/dW2, dE/db2 summed over the pending samples of the batch.</summary>
        public ParameterBuffers Gradients => _gradients;

        /// <inheritdoc />
        public abstract ParameterBuffers[] State { get; }

        /// <inheritdoc />
        public abstract float[] StateScalars { get; }

        /// <summary>
        /// Forward and Backward for one sample, accumulating its gradient; applies the update
        /// when the batch is full. Returns the sample's E before any update.
        /// </summary>
        public float Step(float[] x, float[] d)
        {
            CheckSample(x, d);
            _network.ForwardCore(x);
            return StepCore(x, d);
        }

        /// <summary>
        /// <see cref="Step"/> for a caller that has just run Network.Forward(x) itself, e.g. to look
        /// at the loss before deciding to learn from the sample.
        /// </summary>
        public float StepAfterForward(float[] x, float[] d)
        {
            CheckSample(x, d);
            return StepCore(x, d);
        }

        /// <summary>Drops the gradients accumulated since the last update (e.g. after restoring older weights).</summary>
        public void DiscardBatch()
        {
            _pendingSamples = 0;
        }

        /// <summary>Applies a partly filled batch now, averaged over the samples it holds; no-op when empty.</summary>
        public void Flush()
        {
            if (_pendingSamples > 0) Update();
        }

        /// <inheritdoc />
        public abstract void ResetState();

        /// <summary>
        /// Backward for the sample whose forward pass has run, adding its gradient into <see cref="Gradients"/>;
        /// the update when the batch is full. Returns E.
        /// </summary>
        protected virtual float StepCore(float[] x, float[] d)
        {
            // Backward adds into the gradients, so a new batch starts from zero.
            if (_pendingSamples == 0) _gradients.Clear();
            float loss = _network.BackwardCore(x, d, _gradients);
            _pendingSamples++;
            if (_pendingSamples == _batchSize) Update();
            return loss;
        }

        /// <summary>Applies the pending samples' mean gradient (PendingSamples >= 1), then starts a new batch and counts the update.</summary>
        protected abstract void Update();

        private void CheckSample(float[] x, float[] d)
        {
            // The Check calls run only to say what is wrong (see TwoLayerNetwork.TrainStep).
            if (x == null || x.Length != _inputCount || d == null || d.Length != _outputCount)
            {
                Check.Length(x, _inputCount, "x");
                Check.Length(d, _outputCount, "d");
            }
        }
    }
}
