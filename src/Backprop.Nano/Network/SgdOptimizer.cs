namespace Backprop.Nano
{
    /// <summary>
    /// Stochastic gradient descent with optional momentum and mini-batches.
    /// </summary>
    /// <remarks>
    /// Gradients of BatchSize samples are summed in the optimizer's <see cref="Gradients"/>; then,
    /// with step = LearningRate / n (n samples in the batch), every parameter w with summed
    /// gradient g is updated by
    ///   without momentum: w = w - step * g
    ///   with momentum mu: v = mu * v - step * g;  w = w + v      (v starts at 0)
    /// With BatchSize 1 and no momentum this is exactly <see cref="TwoLayerNetwork.TrainStep"/>.
    /// The gradient buffers, and the velocities when momentum is non-zero, are allocated here,
    /// once; nothing allocates after construction.
    /// </remarks>
    public sealed class SgdOptimizer : IOptimizer
    {
        // Shared by every optimizer without a state of that kind: empty, so nothing can be written into them.
        private static readonly ParameterBuffers[] NoBuffers = new ParameterBuffers[0];
        private static readonly float[] NoScalars = new float[0];

        private readonly TwoLayerNetwork _network;
        private readonly ParameterBuffers[] _state;
        private readonly ParameterBuffers _parameters, _gradients, _velocities;
        // Fields, not auto-properties, on the per-sample path: nanoCLR interprets a property as a call.
        private readonly int _inputCount, _outputCount, _batchSize;
        private readonly float _momentum;
        private float _learningRate;
        private int _pendingSamples, _updateCount;

        /// <summary>Creates an optimizer for <paramref name="network"/>, with its own gradient buffers.</summary>
        /// <param name="network">the network whose parameters are updated.</param>
        /// <param name="learningRate">eta, positive and finite.</param>
        /// <param name="momentum">mu in [0, 1); 0 disables momentum.</param>
        /// <param name="batchSize">samples per update, at least 1.</param>
        public SgdOptimizer(TwoLayerNetwork network, float learningRate, float momentum, int batchSize)
        {
            Check.NotNull(network, "network");
            Check.PositiveFinite(learningRate, "learningRate");
            Check.InUnitInterval(momentum, "momentum");
            Check.AtLeastOne(batchSize, "batchSize");

            _network = network;
            _learningRate = learningRate;
            _momentum = momentum;
            _batchSize = batchSize;
            _inputCount = network.InputCount;
            _outputCount = network.OutputCount;
            _parameters = network.Parameters;
            _gradients = new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
            if (momentum != 0f)
            {
                _velocities = new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
            }
            _state = _velocities == null ? NoBuffers : new ParameterBuffers[] { _velocities };
        }

        /// <summary><see cref="OptimizerKind.Sgd"/>.</summary>
        public OptimizerKind Kind => OptimizerKind.Sgd;

        /// <summary>The network being trained.</summary>
        public TwoLayerNetwork Network => _network;

        /// <summary>eta; may be changed between steps (must stay positive and finite).</summary>
        public float LearningRate
        {
            get => _learningRate;
            set
            {
                Check.PositiveFinite(value, "value");
                _learningRate = value;
            }
        }

        /// <summary>mu, fixed at construction.</summary>
        public float Momentum => _momentum;

        /// <summary>Samples per update.</summary>
        public int BatchSize => _batchSize;

        /// <summary>Samples accumulated since the last update.</summary>
        public int PendingSamples => _pendingSamples;

        /// <summary>Updates applied so far.</summary>
        public int UpdateCount => _updateCount;

        /// <summary>
        /// dE/dW1, dE/db1, dE/dW2, dE/db2 summed over the pending samples of the batch. A batch of one
        /// with momentum updates inside the backward pass and leaves them untouched.
        /// </summary>
        public ParameterBuffers Gradients => _gradients;

        /// <summary>The velocities v of W1, b1, W2, b2 (null without momentum), for inspection and saving.</summary>
        public ParameterBuffers Velocities => _velocities;

        /// <summary>The velocities with momentum (one buffer list), nothing without.</summary>
        public ParameterBuffers[] State => _state;

        /// <summary>None: SGD keeps no scalar state.</summary>
        public float[] StateScalars => NoScalars;

        /// <summary>Zeroes the velocities (without momentum there is nothing to reset).</summary>
        public void ResetState()
        {
            if (_velocities != null) _velocities.Clear();
        }

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

        private void CheckSample(float[] x, float[] d)
        {
            // The Check calls run only to say what is wrong (see TwoLayerNetwork.TrainStep).
            if (x == null || x.Length != _inputCount || d == null || d.Length != _outputCount)
            {
                Check.Length(x, _inputCount, "x");
                Check.Length(d, _outputCount, "d");
            }
        }

        private float StepCore(float[] x, float[] d)
        {
            // A batch of one with momentum updates in place, inside the backward pass: the same
            // operations as below, without the passes over the gradient buffers.
            if (_batchSize == 1 && _velocities != null)
            {
                _updateCount++;
                return _network.MomentumStepCore(x, d, _learningRate, _momentum, _velocities);
            }
            // Backward adds into the gradients, so a new batch starts from zero.
            if (_pendingSamples == 0) _gradients.Clear();
            float loss = _network.BackwardCore(x, d, _gradients);
            _pendingSamples++;
            if (_pendingSamples == _batchSize) Update();
            return loss;
        }

        private void Update()
        {
            float step = _learningRate / _pendingSamples;
            ParameterBuffers parameters = _parameters, gradients = _gradients, velocities = _velocities;
            float momentum = _momentum;
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                if (velocities == null) Sgd.Descend(parameters.Get(k), gradients.Get(k), step);
                else Sgd.DescendWithMomentum(parameters.Get(k), gradients.Get(k), velocities.Get(k), step, momentum);
            }
            _pendingSamples = 0;
            _updateCount++;
        }
    }
}
