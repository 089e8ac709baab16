namespace Backprop.Nano
{
    /// <summary>
    /// Stochastic gradient descent with optional momentum and mini-batches.
    /// </summary>
    /// <remarks>
    /// Gradients of BatchSize samples are summed in the optimizer's <see cref="GradientOptimizer.Gradients"/>; then,
    /// with step = LearningRate / n (n samples in the batch), every parameter w with summed
    /// gradient g is updated by
    ///   without momentum: w = w - step * g
    ///   with momentum mu: v = mu * v - step * g;  w = w + v      (v starts at 0)
    /// With BatchSize 1 and no momentum this is exactly <see cref="TwoLayerNetwork.TrainStep"/>.
    /// The gradient buffers, and the velocities when momentum is non-zero, are allocated here,
    /// once; nothing allocates after construction.
    /// </remarks>
    public sealed class SgdOptimizer : GradientOptimizer
    {
        // Shared by every optimizer without a state of that kind: empty, so nothing can be written into them.
        private static readonly ParameterBuffers[] NoBuffers = new ParameterBuffers[0];
        private static readonly float[] NoScalars = new float[0];

        private readonly ParameterBuffers _velocities;
        private readonly ParameterBuffers[] _state;
        private readonly float _momentum;

        /// <summary>Creates an optimizer for <paramref name="network"/>, with its own gradient buffers.</summary>
        /// <param name="network">the network whose parameters are updated.</param>
        /// <param name="learningRate">eta, positive and finite.</param>
        /// <param name="momentum">mu in [0, 1); 0 disables momentum.</param>
        /// <param name="batchSize">samples per update, at least 1.</param>
        public SgdOptimizer(TwoLayerNetwork network, float learningRate, float momentum, int batchSize)
            : base(network, learningRate, batchSize)
        {
            Check.InUnitInterval(momentum, "momentum");
            _momentum = momentum;
            if (momentum != 0f)
            {
                _velocities = new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
            }
            _state = _velocities == null ? NoBuffers : new ParameterBuffers[] { _velocities };
        }

        /// <summary><see cref="OptimizerKind.Sgd"/>.</summary>
        public override OptimizerKind Kind => OptimizerKind.Sgd;

        /// <summary>mu, fixed at construction.</summary>
        public float Momentum => _momentum;

        /// <summary>The velocities v of W1, b1, W2, b2 (null without momentum), for inspection and saving.</summary>
        /// <remarks>A batch of one with momentum updates inside the backward pass and leaves <see cref="GradientOptimizer.Gradients"/> untouched.</remarks>
        public ParameterBuffers Velocities => _velocities;

        /// <summary>The velocities with momentum (one buffer list), nothing without.</summary>
        public override ParameterBuffers[] State => _state;

        /// <summary>None: SGD keeps no scalar state.</summary>
        public override float[] StateScalars => NoScalars;

        /// <summary>Zeroes the velocities (without momentum there is nothing to reset).</summary>
        public override void ResetState()
        {
            if (_velocities != null) _velocities.Clear();
        }

        /// <inheritdoc />
        protected override float StepCore(float[] x, float[] d)
        {
            // A batch of one with momentum updates in place, inside the backward pass: the same
            // operations as Update, without the passes over the gradient buffers.
            if (_batchSize == 1 && _velocities != null)
            {
                _updateCount++;
                return _network.MomentumStepCore(x, d, _learningRate, _momentum, _velocities);
            }
            return base.StepCore(x, d);
        }

        /// <inheritdoc />
        protected override void Update()
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
