namespace Backprop.Nano
{
    /// <summary>
    /// Stochastic gradient descent with optional momentum and mini-batches.
    /// </summary>
    /// <remarks>
    /// Gradients of BatchSize samples are summed in the network's Grad buffers; then, with
    /// step = LearningRate / n (n samples in the batch), every parameter w with summed
    /// gradient g is updated by
    ///   without momentum: w = w - step * g
    ///   with momentum mu: v = mu * v - step * g;  w = w + v      (v starts at 0)
    /// With BatchSize 1 and no momentum this is exactly <see cref="TwoLayerNetwork.TrainStep"/>.
    /// Velocity buffers exist only when momentum is non-zero; nothing allocates after construction.
    /// </remarks>
    public sealed class SgdOptimizer
    {
        private readonly TwoLayerNetwork _network;
        private readonly float[] _velocityW1, _velocityB1, _velocityW2, _velocityB2;
        private float _learningRate;

        /// <summary>Creates an optimizer that owns the Grad buffers of <paramref name="network"/>.</summary>
        /// <param name="network">the network whose parameters are updated.</param>
        /// <param name="learningRate">eta, positive and finite.</param>
        /// <param name="momentum">mu in [0, 1); 0 disables momentum.</param>
        /// <param name="batchSize">samples per update, at least 1.</param>
        public SgdOptimizer(TwoLayerNetwork network, float learningRate, float momentum, int batchSize)
        {
            Check.NotNull(network, "network");
            if (network.IsFused)
            {
                throw new System.ArgumentException("The optimizer needs the gradient buffers, which a fused network does not have.", "network");
            }
            Check.PositiveFinite(learningRate, "learningRate");
            Check.InUnitInterval(momentum, "momentum");
            Check.AtLeastOne(batchSize, "batchSize");

            _network = network;
            _learningRate = learningRate;
            Momentum = momentum;
            BatchSize = batchSize;
            if (momentum != 0f)
            {
                _velocityW1 = new float[network.W1.Length];
                _velocityB1 = new float[network.B1.Length];
                _velocityW2 = new float[network.W2.Length];
                _velocityB2 = new float[network.B2.Length];
            }
        }

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
        public float Momentum { get; }

        /// <summary>Samples per update.</summary>
        public int BatchSize { get; }

        /// <summary>Samples accumulated since the last update.</summary>
        public int PendingSamples { get; private set; }

        /// <summary>Updates applied so far.</summary>
        public int UpdateCount { get; private set; }

        /// <summary>Velocity of W1 (null without momentum), for inspection and saving.</summary>
        public float[] VelocityW1 => _velocityW1;

        /// <summary>Velocity of b1 (null without momentum).</summary>
        public float[] VelocityB1 => _velocityB1;

        /// <summary>Velocity of W2 (null without momentum).</summary>
        public float[] VelocityW2 => _velocityW2;

        /// <summary>Velocity of b2 (null without momentum).</summary>
        public float[] VelocityB2 => _velocityB2;

        /// <summary>
        /// Forward and Backward for one sample, accumulating its gradient; applies the update
        /// when the batch is full. Returns the sample's E before any update.
        /// </summary>
        public float Step(float[] x, float[] d)
        {
            Check.Length(d, _network.OutputCount, "d");
            _network.Forward(x);
            return StepAfterForward(x, d);
        }

        /// <summary>
        /// <see cref="Step"/> for a caller that has just run Network.Forward(x) itself, e.g. to look
        /// at the error before deciding to learn from the sample.
        /// </summary>
        public float StepAfterForward(float[] x, float[] d)
        {
            TwoLayerNetwork network = _network;
            Check.Length(x, network.InputCount, "x");
            Check.Length(d, network.OutputCount, "d");

            // Backward adds into the gradients, so a new batch starts from zero.
            if (PendingSamples == 0) network.ZeroGradients();
            float error = network.Backward(x, d);
            PendingSamples++;
            if (PendingSamples == BatchSize) Update();
            return error;
        }

        /// <summary>Drops the gradients accumulated since the last update (e.g. after restoring older weights).</summary>
        public void DiscardBatch()
        {
            PendingSamples = 0;
        }

        /// <summary>Applies a partly filled batch now, averaged over the samples it holds; no-op when empty.</summary>
        public void Flush()
        {
            if (PendingSamples > 0) Update();
        }

        private void Update()
        {
            TwoLayerNetwork network = _network;
            float step = _learningRate / PendingSamples;
            if (_velocityW1 == null)
            {
                Sgd.Descend(network.W1, network.GradW1, step);
                Sgd.Descend(network.B1, network.GradB1, step);
                Sgd.Descend(network.W2, network.GradW2, step);
                Sgd.Descend(network.B2, network.GradB2, step);
            }
            else
            {
                float momentum = Momentum;
                Sgd.DescendWithMomentum(network.W1, network.GradW1, _velocityW1, step, momentum);
                Sgd.DescendWithMomentum(network.B1, network.GradB1, _velocityB1, step, momentum);
                Sgd.DescendWithMomentum(network.W2, network.GradW2, _velocityW2, step, momentum);
                Sgd.DescendWithMomentum(network.B2, network.GradB2, _velocityB2, step, momentum);
            }
            PendingSamples = 0;
            UpdateCount++;
        }
    }

    /// <summary>The two SGD update loops, shared by the network's TrainStep and the optimizer.</summary>
    internal static class Sgd
    {
        // Not inlined: inlined into TrainStep, the desktop JIT kept the learning rate on the stack
        // across Forward and Backward and reloaded it on every iteration of this loop (10-15% of a step).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static void Descend(float[] weights, float[] gradient, float step)
        {
            for (int k = 0; k < weights.Length; k++)
            {
                weights[k] -= step * gradient[k];
            }
        }

        public static void DescendWithMomentum(float[] weights, float[] gradient, float[] velocity, float step, float momentum)
        {
            for (int k = 0; k < weights.Length; k++)
            {
                float v = momentum * velocity[k] - step * gradient[k];
                velocity[k] = v;
                weights[k] += v;
            }
        }
    }
}
