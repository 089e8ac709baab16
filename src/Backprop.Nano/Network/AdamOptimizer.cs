namespace Backprop.Nano
{
    /// <summary>
    /// Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", Algorithm 1), with mini-batches.
    /// </summary>
    /// <remarks>
    /// Gradients of BatchSize samples are summed in <see cref="GradientOptimizer.Gradients"/>. At update t (t = 1, 2, ...),
    /// with n samples in the batch, every parameter w with summed gradient s is updated, in float, by
    ///   g = s * (1 / n)                                   (the batch mean)
    ///   m = beta1 * m + (1 - beta1) * g                   (first moment)
    ///   v = beta2 * v + (1 - beta2) * (g * g)             (second moment)
    ///   w = w - (alpha * c1) * m / (sqrt(v * c2) + epsilon)
    /// where c1 = 1 / (1 - beta1^t) and c2 = 1 / (1 - beta2^t) are computed once per update, so that
    /// (alpha * c1) * m is alpha times the paper's m-hat and v * c2 its v-hat: epsilon is added to
    /// sqrt(v-hat), where the paper's Algorithm 1 puts it (not to sqrt(v), as its "efficient" variant does).
    /// beta1^t and beta2^t are running products, one multiplication each per update (no Pow), kept in
    /// float in <see cref="StateScalars"/>; m and v start at 0 and the powers at 1 (t = 0).
    /// No division can be by zero: 1 - beta^t >= 1 - beta > 0 for t >= 1 as beta is in [0, 1), and
    /// sqrt(...) + epsilon >= epsilon > 0. A power below 2^-25 is stored as 0: 1 - p then rounds to 1
    /// anyway, so no update changes, and the power never becomes subnormal (which some FPUs flush to 0,
    /// and the desktop and a board would store different bits).
    /// Memory: the gradients, m and v (3 P floats for P parameters) and the two powers, allocated here,
    /// once; nothing allocates after construction.
    /// </remarks>
    public sealed class AdamOptimizer : GradientOptimizer
    {
        /// <summary>alpha suggested by the paper.</summary>
        public const float DefaultLearningRate = 0.001f;

        /// <summary>beta1 suggested by the paper.</summary>
        public const float DefaultBeta1 = 0.9f;

        /// <summary>beta2 suggested by the paper.</summary>
        public const float DefaultBeta2 = 0.999f;

        /// <summary>epsilon suggested by the paper.</summary>
        public const float DefaultEpsilon = 1e-8f;

        // 2^-25: for a power p below it, 1 - p rounds to exactly 1 in float.
        private const float PowerFloor = 2.98023224e-8f;

        private readonly ParameterBuffers _firstMoments, _secondMoments;
        private readonly ParameterBuffers[] _state;
        private readonly float[] _powers;      // beta1^t, beta2^t
        private readonly float _beta1, _beta2, _epsilon;

        /// <summary>Creates an Adam optimizer for <paramref name="network"/>, with its own gradients and moments.</summary>
        /// <param name="network">the network whose parameters are updated.</param>
        /// <param name="learningRate">alpha, positive and finite (the paper suggests <see cref="DefaultLearningRate"/>, 0.001).</param>
        /// <param name="beta1">decay of the first moment, in [0, 1) (paper: 0.9).</param>
        /// <param name="beta2">decay of the second moment, in [0, 1) (paper: 0.999).</param>
        /// <param name="epsilon">added to sqrt(v-hat), positive and finite (paper: 1e-8).</param>
        /// <param name="batchSize">samples per update, at least 1.</param>
        public AdamOptimizer(TwoLayerNetwork network, float learningRate, float beta1, float beta2, float epsilon, int batchSize)
            : base(network, learningRate, batchSize)
        {
            Check.InUnitInterval(beta1, "beta1");
            Check.InUnitInterval(beta2, "beta2");
            Check.PositiveFinite(epsilon, "epsilon");
            _beta1 = beta1;
            _beta2 = beta2;
            _epsilon = epsilon;
            _firstMoments = new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
            _secondMoments = new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
            _state = new ParameterBuffers[] { _firstMoments, _secondMoments };
            _powers = new float[] { 1f, 1f };
        }

        /// <summary><see cref="OptimizerKind.Adam"/>.</summary>
        public override OptimizerKind Kind => OptimizerKind.Adam;

        /// <summary>beta1, fixed at construction.</summary>
        public float Beta1 => _beta1;

        /// <summary>beta2, fixed at construction.</summary>
        public float Beta2 => _beta2;

        /// <summary>epsilon, fixed at construction.</summary>
        public float Epsilon => _epsilon;

        /// <summary>m, the first moments of W1, b1, W2, b2.</summary>
        public ParameterBuffers FirstMoments => _firstMoments;

        /// <summary>v, the second moments (never negative).</summary>
        public ParameterBuffers SecondMoments => _secondMoments;

        /// <summary>beta1^t after t updates (1 before the first; 0 once below 2^-25). UpdateCount is not saved: the powers carry t.</summary>
        public float Beta1Power => _powers[0];

        /// <summary>beta2^t after t updates (1 before the first; 0 once below 2^-25).</summary>
        public float Beta2Power => _powers[1];

        /// <summary>m, then v.</summary>
        public override ParameterBuffers[] State => _state;

        /// <summary>beta1^t, then beta2^t, each in [0, 1] (at the next update a value above 1 or NaN counts as 1, a negative one as 0).</summary>
        public override float[] StateScalars => _powers;

        /// <summary>m and v to 0, the powers to 1: the next update is t = 1 again.</summary>
        public override void ResetState()
        {
            _firstMoments.Clear();
            _secondMoments.Clear();
            _powers[0] = 1f;
            _powers[1] = 1f;
        }

        /// <inheritdoc />
        protected override void Update()
        {
            float[] powers = _powers;
            float beta1 = _beta1, beta2 = _beta2;
            float power1 = powers[0] * beta1, power2 = powers[1] * beta2;
            // A power written into StateScalars above 1 (or NaN) counts as 1, t = 0, so 1 - beta^t is never 0; a negative one ends as 0 below.
            if (!(power1 <= beta1)) power1 = beta1;
            if (!(power2 <= beta2)) power2 = beta2;
            if (power1 < PowerFloor) power1 = 0f;
            if (power2 < PowerFloor) power2 = 0f;
            powers[0] = power1;
            powers[1] = power2;
            // 1 - beta^t >= 1 - beta > 0 (beta < 1, checked at construction); PendingSamples >= 1.
            float c1 = 1f / (1f - power1), c2 = 1f / (1f - power2);
            float meanScale = 1f / _pendingSamples;
            float stepScale = _learningRate * c1;
            ParameterBuffers parameters = _parameters, gradients = _gradients, m = _firstMoments, v = _secondMoments;
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                Adam.Descend(parameters.Get(k), gradients.Get(k), m.Get(k), v.Get(k), meanScale, beta1, beta2, stepScale, c2, _epsilon);
            }
            _pendingSamples = 0;
            _updateCount++;
        }
    }
}
