namespace Backprop.Nano
{
    /// <summary>
    /// The two-layer network of the seed notes: u1 = W1 x + b1, z1 = f1(u1),
    /// u2 = W2 z1 + b2, y = f2(u2), and the loss E = 1/2 sum_j (y_j - d_j)^2, or for classification
    /// a softmax or sigmoid output with cross-entropy (<see cref="LossFunction"/>).
    /// </summary>
    /// <remarks>
    /// Every buffer is a flat row-major float[] allocated once in the constructor:
    /// W1[j * InputCount + i] is w_ji of layer 1 (hidden unit j, input i) and
    /// W2[j * HiddenCount + i] is w_ji of layer 2 (output j, hidden unit i).
    /// Nothing called per sample allocates.
    /// </remarks>
    public sealed class TwoLayerNetwork
    {
        /// <summary>The seed the constructor initialises the weights with.</summary>
        public const uint DefaultSeed = 1;

        // The hot loops read these fields into locals once per call (nanoCLR interprets every
        // property call and field load); the public properties return the same objects.
        private readonly int _inputCount, _hiddenCount, _outputCount;
        private readonly Activation _hiddenActivation, _outputActivation;
        private readonly LossFunction _lossFunction;
        private readonly float[] _w1, _b1, _w2, _b2, _z1, _y, _delta1, _delta2;
        // Cross-entropy only (null otherwise): u2 of the last Forward, less max_j u2_j for a softmax, kept for the
        // loss's log-sum-exp form; and the softmax's sum_j e^(u2_j - max), at least 1 (or NaN).
        private readonly float[] _u2;
        private float _softmaxSum;

        /// <summary>
        /// Creates the network with the squared-error loss (<see cref="LossFunction.SquaredError"/>) and
        /// initialises it with <see cref="DefaultSeed"/>.
        /// </summary>
        public TwoLayerNetwork(int inputCount, int hiddenCount, int outputCount,
            Activation hiddenActivation, Activation outputActivation)
            : this(inputCount, hiddenCount, outputCount, hiddenActivation, outputActivation, LossFunction.SquaredError)
        {
        }

        /// <summary>
        /// Creates the network and initialises it with <see cref="DefaultSeed"/>. The loss decides which output
        /// activations are allowed: <see cref="LossFunction.SquaredError"/> with Identity, Relu, Sigmoid or Tanh;
        /// <see cref="LossFunction.CrossEntropy"/> with Softmax (one class of several) or Sigmoid (independent
        /// yes/no outputs). Softmax is never a hidden activation. Anything else is an ArgumentException.
        /// </summary>
        public TwoLayerNetwork(int inputCount, int hiddenCount, int outputCount,
            Activation hiddenActivation, Activation outputActivation, LossFunction lossFunction)
        {
            Check.Defined(hiddenActivation, "hiddenActivation");
            Check.DefinedOutput(outputActivation, "outputActivation");
            Check.Defined(lossFunction, "lossFunction");
            string invalid = InvalidPair(hiddenActivation, outputActivation, lossFunction);
            if (invalid != null) throw new System.ArgumentException(invalid, "outputActivation");
            // Checks the three sizes (at least 1 each) before anything else is allocated.
            Parameters = new ParameterBuffers(inputCount, hiddenCount, outputCount);

            _inputCount = inputCount;
            _hiddenCount = hiddenCount;
            _outputCount = outputCount;
            _hiddenActivation = hiddenActivation;
            _outputActivation = outputActivation;
            _lossFunction = lossFunction;
            _w1 = Parameters.W1;
            _b1 = Parameters.B1;
            _w2 = Parameters.W2;
            _b2 = Parameters.B2;
            _z1 = new float[hiddenCount];
            _y = new float[outputCount];
            _delta1 = new float[hiddenCount];
            _delta2 = new float[outputCount];
            if (lossFunction == LossFunction.CrossEntropy) _u2 = new float[outputCount];

            Initialize(DefaultSeed);
        }

        /// <summary>Number of inputs (length of x).</summary>
        public int InputCount => _inputCount;

        /// <summary>Number of hidden units (length of z1).</summary>
        public int HiddenCount => _hiddenCount;

        /// <summary>Number of outputs (length of y and d).</summary>
        public int OutputCount => _outputCount;

        /// <summary>f1, the hidden layer's activation.</summary>
        public Activation HiddenActivation => _hiddenActivation;

        /// <summary>f2, the output layer's activation (Identity in the seed).</summary>
        public Activation OutputActivation => _outputActivation;

        /// <summary>The loss E that Backward, TrainStep and Loss compute and the gradients descend.</summary>
        public LossFunction LossFunction => _lossFunction;

        /// <summary>
        /// Why this combination cannot make a network (the message the constructor throws), or null when it can;
        /// the model format refuses a file with such a header for the same reason.
        /// </summary>
        public static string InvalidPair(Activation hiddenActivation, Activation outputActivation, LossFunction lossFunction)
        {
            if (hiddenActivation == Activation.Softmax)
            {
                return "Softmax is an output activation (a function of the whole layer), not a hidden one.";
            }
            if (lossFunction == LossFunction.CrossEntropy)
            {
                return outputActivation == Activation.Softmax || outputActivation == Activation.Sigmoid ? null
                    : "Cross-entropy needs probabilities: a Softmax output (one class) or a Sigmoid output (yes/no per output).";
            }
            return outputActivation == Activation.Softmax
                ? "A Softmax output goes with cross-entropy (LossFunction.CrossEntropy), not with the squared error."
                : null;
        }

        /// <summary>W1, b1, W2, b2 as one list (the buffers below, in the model format's order).</summary>
        public ParameterBuffers Parameters { get; }

        /// <summary>Layer-1 weights, HiddenCount x InputCount, row-major.</summary>
        public float[] W1 => _w1;

        /// <summary>Layer-1 biases, HiddenCount.</summary>
        public float[] B1 => _b1;

        /// <summary>Layer-2 weights, OutputCount x HiddenCount, row-major.</summary>
        public float[] W2 => _w2;

        /// <summary>Layer-2 biases, OutputCount.</summary>
        public float[] B2 => _b2;

        /// <summary>z1 = f1(u1) of the last Forward.</summary>
        public float[] Z1 => _z1;

        /// <summary>y = f2(u2) of the last Forward (with Softmax, class probabilities that sum to 1 up to rounding).</summary>
        public float[] Y => _y;

        /// <summary>delta1 = dE/du1 of the last Backward or TrainStep.</summary>
        public float[] Delta1 => _delta1;

        /// <summary>delta2 = dE/du2 of the last Backward or TrainStep.</summary>
        public float[] Delta2 => _delta2;

        /// <summary>
        /// Deterministic initialisation: weights uniform in [-limit, limit) with
        /// limit = sqrt(6 / fanIn) for a ReLU layer (He) and sqrt(6 / (fanIn + fanOut))
        /// otherwise (Xavier); biases 0.
        /// </summary>
        public void Initialize(uint seed)
        {
            var random = new DeterministicRandom(seed);
            FillUniform(random, _w1, InitLimit(_hiddenActivation, _inputCount, _hiddenCount));
            FillUniform(random, _w2, InitLimit(_outputActivation, _hiddenCount, _outputCount));
            System.Array.Clear(_b1, 0, _b1.Length);
            System.Array.Clear(_b2, 0, _b2.Length);
        }

        /// <summary>Computes y for input x; returns <see cref="Y"/> (the network's own buffer).</summary>
        public float[] Forward(float[] x)
        {
            // The condition inline and the Check call only on failure: on nanoCLR every call costs.
            if (x == null || x.Length != _inputCount) Check.Length(x, _inputCount, "x");
            ForwardCore(x);
            return _y;
        }

        /// <summary>
        /// After Forward(x), ADDS this sample's dE/dW1, dE/db1, dE/dW2, dE/db2 into
        /// <paramref name="gradients"/> (shaped like <see cref="Parameters"/>, e.g. an optimizer's)
        /// and returns the loss E (see <see cref="Loss"/>). The weights are not changed.
        /// </summary>
        public float Backward(float[] x, float[] d, ParameterBuffers gradients)
        {
            Check.Length(x, _inputCount, "x");
            Check.Length(d, _outputCount, "d");
            Parameters.RequireSameShape(gradients, "gradients");
            return BackwardCore(x, d, gradients);
        }

        /// <summary>
        /// The loss E for the y of the last Forward: 1/2 sum_j (y_j - d_j)^2, or the cross-entropy of
        /// <see cref="LossFunction.CrossEntropy"/>, finite whenever u2 is (even where a y_j rounds to 0 or 1).
        /// </summary>
        public float Loss(float[] d)
        {
            Check.Length(d, _outputCount, "d");
            if (_u2 != null) return CrossEntropy(d);
            float[] y = _y;
            float sumOfSquares = 0f;
            for (int j = 0; j < y.Length; j++)
            {
                float difference = y[j] - d[j];
                sumOfSquares += difference * difference;
            }
            return 0.5f * sumOfSquares;
        }

        /// <summary>
        /// One per-sample SGD step, w -= learningRate * dE/dw for every parameter, and returns E
        /// before the update. Each weight is updated inside the backward pass right after its last
        /// use, so no gradient buffer exists; the weights are those of Forward, Backward into zeroed
        /// gradients and then the update, bit for bit. Allocates nothing.
        /// </summary>
        public float TrainStep(float[] x, float[] d, float learningRate)
        {
            // One branch on the usual path; the Check calls run only to say what is wrong.
            if (x == null || x.Length != _inputCount || d == null || d.Length != _outputCount
                || !(0f < learningRate && learningRate <= float.MaxValue))
            {
                Check.Length(x, _inputCount, "x");
                Check.Length(d, _outputCount, "d");
                Check.PositiveFinite(learningRate, "learningRate");
            }
            ForwardCore(x);
            // The update w -= eta * dE/dw of Backward's gradients done in place: the same products in
            // the same order, each weight of W2 changed right after delta1 has read it; b2 first.
            float loss = OutputDeltas(d, learningRate);
            int inputCount = _inputCount;
            int hiddenCount = _hiddenCount;
            int outputCount = _outputCount;
            Activation hiddenActivation = _hiddenActivation;
            bool relu = hiddenActivation == Activation.Relu;
            float[] w1 = _w1, b1 = _b1, w2 = _w2, z1 = _z1, delta1 = _delta1, delta2 = _delta2;

            // f1'(u1) for every unit first, into delta1 (overwritten below): no call inside the loop, where
            // it would cost a call per unit on nanoCLR and make the desktop JIT keep the rate in memory.
            if (!relu) Activations.Derivatives(hiddenActivation, z1, delta1, hiddenCount);
            // Row i of W1 is updated by 4 terms a round and the last 0 to 3 in one switch (see ForwardCore).
            int remainder = inputCount & 3, unrolled = inputCount - remainder;
            float x0 = remainder > 0 ? x[unrolled] : 0f, x1 = remainder > 1 ? x[unrolled + 1] : 0f, x2 = remainder > 2 ? x[unrolled + 2] : 0f;
            for (int i = 0; i < hiddenCount; i++)
            {
                float z = z1[i];
                // A dead ReLU unit: relu'(u1_i) = 0, and z1_i = 0 leaves column i of W2 as it is.
                if (relu && !(0f < z))
                {
                    delta1[i] = 0f;
                    continue;
                }
                // delta1_i = sum_j w_ji(2) delta2_j from the old weight, then w_ji(2) -= eta delta2_j z1_i (eq. 5)
                // (do-while: there is at least one output; see ForwardCore)
                float sum = 0f;
                int j = 0, k = i;
                do
                {
                    float delta = delta2[j];
                    float w = w2[k];
                    sum += w * delta;
                    w2[k] = w - learningRate * (delta * z);
                    k += hiddenCount;
                }
                while (++j < outputCount);
                float g = relu ? sum : sum * delta1[i];
                delta1[i] = g;
                if (g == 0f) continue;

                // W1 -= eta delta1 x^T, b1 -= eta delta1
                b1[i] -= learningRate * g;
                int n = 0, m = i * inputCount;
                for (; n < unrolled; n += 4, m += 4)
                {
                    w1[m] -= learningRate * (g * x[n]);
                    w1[m + 1] -= learningRate * (g * x[n + 1]);
                    w1[m + 2] -= learningRate * (g * x[n + 2]);
                    w1[m + 3] -= learningRate * (g * x[n + 3]);
                }
                switch (remainder)
                {
                    case 3: w1[m + 2] -= learningRate * (g * x2); goto case 2;
                    case 2: w1[m + 1] -= learningRate * (g * x1); goto case 1;
                    case 1: w1[m] -= learningRate * (g * x0); break;
                }
            }
            return loss;
        }

        // Forward without the argument check, for callers that checked x already. Both layers run the
        // same row loop, u_j = b_j + w_j0 v_0 + w_j1 v_1 + ..., the sum unrolled by four with the additions
        // in the same order (the same bits as one term at a time) and the last 0 to 3 terms in one switch:
        // on nanoCLR every loop test, increment and index costs an interpreted instruction.
        internal void ForwardCore(float[] x)
        {
            float[] w = _w1, b = _b1, v = x, u = _z1;
            int inCount = _inputCount, outCount = _hiddenCount;
            Activation activation = _hiddenActivation;
            // ReLU in place ("0 not below it" also maps NaN to 0), the others after the loop (a call per unit anyway).
            bool relu = activation == Activation.Relu;
            for (int layer = 1; ; layer++)
            {
                // The last 0 to 3 inputs, the same for every row, in locals: no index or array load for them per row.
                int remainder = inCount & 3, unrolled = inCount - remainder;
                float v0 = remainder > 0 ? v[unrolled] : 0f, v1 = remainder > 1 ? v[unrolled + 1] : 0f, v2 = remainder > 2 ? v[unrolled + 2] : 0f;
                // do-while: every layer has at least one unit, and nanoCLR is spared a test
                int j = 0, k = 0;
                do
                {
                    float sum = b[j];
                    for (int i = 0; i < unrolled; i += 4, k += 4) sum = sum + w[k] * v[i] + w[k + 1] * v[i + 1] + w[k + 2] * v[i + 2] + w[k + 3] * v[i + 3];
                    switch (remainder)
                    {
                        case 1: sum += w[k] * v0; break;
                        case 2: sum = sum + w[k] * v0 + w[k + 1] * v1; break;
                        case 3: sum = sum + w[k] * v0 + w[k + 1] * v1 + w[k + 2] * v2; break;
                    }
                    k += remainder;
                    if (relu && !(0f < sum)) sum = 0f;
                    u[j] = sum;
                }
                while (++j < outCount);
                // eq. (1): z1 = f1(u1) for the hidden layer, y = f2(u2) for the output layer; under cross-entropy
                // u2 is in its own buffer, kept for the loss.
                if (layer == 2 && u != _y)
                {
                    if (activation == Activation.Softmax) _softmaxSum = Activations.Softmax(u, _y, outCount);
                    else
                    {
                        float[] y = _y;
                        for (j = 0; j < outCount; j++) y[j] = FloatMath.Sigmoid(u[j]);
                    }
                    return;
                }
                if (!relu && activation != Activation.Identity) Activations.Apply(activation, u, outCount);
                if (layer == 2) return;
                w = _w2; b = _b2; v = _z1; u = _u2 ?? _y;
                inCount = _hiddenCount; outCount = _outputCount;
                activation = _outputActivation;
                relu = false;
            }
        }

        // Backward without the argument checks. One pass per hidden unit i: column i of W2 gives
        // delta1_i and its gradient, then row i of W1 its gradient.
        internal float BackwardCore(float[] x, float[] d, ParameterBuffers gradients)
        {
            float loss = OutputDeltas(d, 0f);
            int inputCount = _inputCount;
            int hiddenCount = _hiddenCount;
            int outputCount = _outputCount;
            Activation hiddenActivation = _hiddenActivation;
            bool relu = hiddenActivation == Activation.Relu;
            float[] w2 = _w2, z1 = _z1, delta1 = _delta1, delta2 = _delta2;
            float[] gradW1 = gradients.W1, gradB1 = gradients.B1, gradW2 = gradients.W2, gradB2 = gradients.B2;

            // eq. (5): dE/db_j(2) = delta2_j
            for (int j = 0; j < outputCount; j++)
            {
                gradB2[j] += delta2[j];
            }
            // f1'(u1) first, into delta1: no call inside the loop (see TrainStep).
            if (!relu) Activations.Derivatives(hiddenActivation, z1, delta1, hiddenCount);
            // Rows of dE/dW1 by 4 terms a round and the last 0 to 3 in one switch (see ForwardCore).
            int remainder = inputCount & 3, unrolled = inputCount - remainder;
            float x0 = remainder > 0 ? x[unrolled] : 0f, x1 = remainder > 1 ? x[unrolled + 1] : 0f, x2 = remainder > 2 ? x[unrolled + 2] : 0f;
            for (int i = 0; i < hiddenCount; i++)
            {
                float z = z1[i];
                // A dead ReLU unit: relu'(u1_i) = 0, and its z1_i = 0 adds exactly zero to column i of dE/dW2.
                if (relu && !(0f < z))
                {
                    delta1[i] = 0f;
                    continue;
                }
                // eq. (5): dE/dw_ji(2) = delta2_j z1_i; delta1_i = sum_j w_ji(2) delta2_j, j in order
                // (do-while: there is at least one output)
                float sum = 0f;
                int j = 0, k = i;
                do
                {
                    float delta = delta2[j];
                    sum += w2[k] * delta;
                    gradW2[k] += delta * z;
                    k += hiddenCount;
                }
                while (++j < outputCount);
                // delta1 = (W2^T delta2) * f1'(u1); relu' of a live unit is 1.
                float g = relu ? sum : sum * delta1[i];
                delta1[i] = g;
                // A zero delta adds exactly zero: skipping the row saves interpreted work.
                if (g == 0f) continue;

                // dE/dW1 = delta1 x^T, dE/db1 = delta1 (eq. 5 with z(0) = x)
                gradB1[i] += g;
                int n = 0, m = i * inputCount;
                for (; n < unrolled; n += 4, m += 4)
                {
                    gradW1[m] += g * x[n];
                    gradW1[m + 1] += g * x[n + 1];
                    gradW1[m + 2] += g * x[n + 2];
                    gradW1[m + 3] += g * x[n + 3];
                }
                switch (remainder)
                {
                    case 3: gradW1[m + 2] += g * x2; goto case 2;
                    case 2: gradW1[m + 1] += g * x1; goto case 1;
                    case 1: gradW1[m] += g * x0; break;
                }
            }
            return loss;
        }

        // After ForwardCore: one SGD step with momentum on a batch of one sample, in place,
        //   g = 0 + dE/dw,  v = mu v - step g,  w = w + v,
        // the operations of BackwardCore into zeroed gradients and Sgd.DescendWithMomentum, in the same
        // order (g starts from the zeroed buffer's 0f, so a -0 product is +0 there too). Every
        // parameter moves, dead units included: their velocity carries on. Where g is exactly +0 (see
        // below) v = mu v - step * 0 is exactly mu v, and the products are left out.
        internal float MomentumStepCore(float[] x, float[] d, float step, float momentum, ParameterBuffers velocities)
        {
            float loss = OutputDeltas(d, 0f);
            int inputCount = _inputCount;
            int hiddenCount = _hiddenCount;
            int outputCount = _outputCount;
            Activation hiddenActivation = _hiddenActivation;
            bool relu = hiddenActivation == Activation.Relu;
            float[] w1 = _w1, b1 = _b1, w2 = _w2, b2 = _b2, z1 = _z1, delta1 = _delta1, delta2 = _delta2;
            float[] v1 = velocities.W1, vb1 = velocities.B1, v2 = velocities.W2, vb2 = velocities.B2;
            float v;

            for (int j = 0; j < outputCount; j++)
            {
                vb2[j] = v = momentum * vb2[j] - step * (0f + delta2[j]);
                b2[j] += v;
            }
            // f1'(u1) first, into delta1: no call inside the loop (see TrainStep).
            if (!relu) Activations.Derivatives(hiddenActivation, z1, delta1, hiddenCount);
            // For a dead ReLU unit (z1_i = 0, delta1_i = 0) every g of its column of W2, its b1 and its row of W1 is
            // exactly +0, and v = mu v - step * 0 is exactly mu v, when every delta2_j is finite (which a finite E
            // guarantees: each |y_j - d_j| is finite and f2' is at most 1, or 1 under cross-entropy, whose finite
            // E needs every d_j finite) and every x_n is: such a unit only decays.
            bool decayDeadUnits = relu && loss - loss == 0f;
            for (int n = 0; n < inputCount; n++)
            {
                if (!(x[n] - x[n] == 0f)) decayDeadUnits = false;
            }
            // Rows of W1 by 4 terms a round and the last 0 to 3 in one switch (see ForwardCore).
            int remainder = inputCount & 3, unrolled = inputCount - remainder;
            float x0 = remainder > 0 ? x[unrolled] : 0f, x1 = remainder > 1 ? x[unrolled + 1] : 0f, x2 = remainder > 2 ? x[unrolled + 2] : 0f;
            for (int i = 0; i < hiddenCount; i++)
            {
                float z = z1[i];
                // do-while: there is at least one output.
                int j = 0, k = i, m = i * inputCount, end = m + unrolled;
                if (decayDeadUnits && !(0f < z))
                {
                    do
                    {
                        v = v2[k] *= momentum;
                        w2[k] += v;
                        k += hiddenCount;
                    }
                    while (++j < outputCount);
                    delta1[i] = 0f;
                    v = vb1[i] *= momentum;
                    b1[i] += v;
                    for (; m < end; m += 4)
                    {
                        v = v1[m] *= momentum; w1[m] += v;
                        v = v1[m + 1] *= momentum; w1[m + 1] += v;
                        v = v1[m + 2] *= momentum; w1[m + 2] += v;
                        v = v1[m + 3] *= momentum; w1[m + 3] += v;
                    }
                    switch (remainder)
                    {
                        case 3: v = v1[m + 2] *= momentum; w1[m + 2] += v; goto case 2;
                        case 2: v = v1[m + 1] *= momentum; w1[m + 1] += v; goto case 1;
                        case 1: v = v1[m] *= momentum; w1[m] += v; break;
                    }
                    continue;
                }
                // delta1_i from the old column i of W2, which moves by its velocity right after (eq. 5)
                float sum = 0f;
                do
                {
                    float delta = delta2[j], w = w2[k];
                    sum += w * delta;
                    v2[k] = v = momentum * v2[k] - step * (0f + delta * z);
                    w2[k] = w + v;
                    k += hiddenCount;
                }
                while (++j < outputCount);
                float g = relu ? (0f < z ? sum : 0f) : sum * delta1[i];
                delta1[i] = g;

                // b1 and W1: g = delta1 and delta1 x^T
                vb1[i] = v = momentum * vb1[i] - step * (0f + g);
                b1[i] += v;
                for (int n = 0; m < end; n += 4, m += 4)
                {
                    v1[m] = v = momentum * v1[m] - step * (0f + g * x[n]); w1[m] += v;
                    v1[m + 1] = v = momentum * v1[m + 1] - step * (0f + g * x[n + 1]); w1[m + 1] += v;
                    v1[m + 2] = v = momentum * v1[m + 2] - step * (0f + g * x[n + 2]); w1[m + 2] += v;
                    v1[m + 3] = v = momentum * v1[m + 3] - step * (0f + g * x[n + 3]); w1[m + 3] += v;
                }
                switch (remainder)
                {
                    case 3: v1[m + 2] = v = momentum * v1[m + 2] - step * (0f + g * x2); w1[m + 2] += v; goto case 2;
                    case 2: v1[m + 1] = v = momentum * v1[m + 1] - step * (0f + g * x1); w1[m + 1] += v; goto case 1;
                    case 1: v1[m] = v = momentum * v1[m] - step * (0f + g * x0); w1[m] += v; break;
                }
            }
            return loss;
        }

        // eqs. (3), (4): delta2 = dE/du2 = (y - d) * f2'(u2); returns E = 1/2 sum_j (y_j - d_j)^2.
        // With a learning rate (TrainStep; 0 for the others) also b_j(2) -= eta delta2_j (eq. 5 folded into
        // SGD), in the same loop when the output layer is the identity: one loop less per step on nanoCLR.
        //
        // Cross-entropy gives the same delta2 = y - d with no f2' factor, so it takes the identity's loop and
        // everything after delta2 (eq. 5, delta1, the updates) is unchanged:
        //   Softmax, E = -sum_j d_j log y_j with y_j = e^(u_j) / sum_k e^(u_k), so dy_j/du_k = y_j (delta_jk - y_k):
        //     dE/du_k = sum_j (-d_j / y_j) y_j (delta_jk - y_k) = -d_k + y_k sum_j d_j = y_k - d_k,
        //     when the targets sum to 1 (one-hot, or soft targets that are a distribution; otherwise the
        //     gradient is that of a different loss, y_k sum_j d_j - d_k, and this one is wrong).
        //   Sigmoid per output, E_j = -[d_j log y_j + (1 - d_j) log(1 - y_j)], dy_j/du_j = y_j (1 - y_j):
        //     dE/du_j = (y_j - d_j) / (y_j (1 - y_j)) * y_j (1 - y_j) = y_j - d_j.
        private float OutputDeltas(float[] d, float learningRate)
        {
            int outputCount = _outputCount;
            float[] y = _y, delta2 = _delta2, b2 = _b2;
            bool crossEntropy = _u2 != null;
            bool identity = crossEntropy || _outputActivation == Activation.Identity;
            bool updateBias = 0f < learningRate;
            bool updateInLoop = identity && updateBias;
            float sumOfSquares = 0f;
            for (int j = 0; j < outputCount; j++)
            {
                float difference = y[j] - d[j];
                delta2[j] = difference;
                sumOfSquares += difference * difference;
                if (updateInLoop) b2[j] -= learningRate * difference;
            }
            if (!identity)
            {
                // A non-identity output layer multiplies by f2'(u2) (eq. 2's dy/du).
                Activations.MultiplyByDerivative(_outputActivation, delta2, y, outputCount);
                if (updateBias)
                {
                    for (int j = 0; j < outputCount; j++) b2[j] -= learningRate * delta2[j];
                }
            }
            return crossEntropy ? CrossEntropy(d) : 0.5f * sumOfSquares;
        }

        // The cross-entropy of the last Forward from u2, never from log y (a y_j that rounds to 0, or to 1 for a
        // sigmoid, would give an infinite log): finite whenever u2 and d are.
        //   Softmax: log y_j = s_j - log S with s_j = u_j - max_k u_k and S = sum_k e^(s_k) >= 1, so
        //     E = sum_j d_j (log S - s_j), each term a non-negative finite number for d_j >= 0.
        //   Sigmoid: -[d log y + (1 - d) log(1 - y)] with y = 1 / (1 + e^-u) is log(1 + e^u) - d u
        //     = max(u, 0) - d u + log(1 + e^-|u|), no exp that overflows and a log1p of a number in (0, 1].
        private float CrossEntropy(float[] d)
        {
            float[] u2 = _u2;
            int outputCount = _outputCount;
            float loss = 0f;
            if (_outputActivation == Activation.Softmax)
            {
                float logSum = FloatMath.Log(_softmaxSum);
                for (int j = 0; j < outputCount; j++) loss += d[j] * (logSum - u2[j]);
                return loss;
            }
            for (int j = 0; j < outputCount; j++)
            {
                float u = u2[j];
                // "not below 0" sends NaN to the second branch, and -NaN stays NaN through the exp.
                float magnitude = u < 0f ? -u : u;
                loss += ((0f < u ? u : 0f) - d[j] * u) + FloatMath.Log1p(FloatMath.Exp(-magnitude));
            }
            return loss;
        }

        private static float InitLimit(Activation activation, int fanIn, int fanOut)
        {
            float denominator = activation == Activation.Relu ? fanIn : fanIn + fanOut;
            return FloatMath.Sqrt(6f / denominator);
        }

        private static void FillUniform(DeterministicRandom random, float[] weights, float limit)
        {
            for (int k = 0; k < weights.Length; k++)
            {
                weights[k] = random.NextSymmetric(limit);
            }
        }
    }
}
