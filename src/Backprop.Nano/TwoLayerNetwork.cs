namespace Backprop.Nano
{
    /// <summary>
    /// The two-layer network of the seed notes: u1 = W1 x + b1, z1 = f1(u1),
    /// u2 = W2 z1 + b2, y = f2(u2), error E = 1/2 sum_j (y_j - d_j)^2.
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

        /// <summary>Creates the network and initialises it with <see cref="DefaultSeed"/>.</summary>
        public TwoLayerNetwork(int inputCount, int hiddenCount, int outputCount,
            Activation hiddenActivation, Activation outputActivation)
            : this(inputCount, hiddenCount, outputCount, hiddenActivation, outputActivation, false)
        {
        }

        /// <summary>
        /// Creates the network and initialises it with <see cref="DefaultSeed"/>. With
        /// <paramref name="fusedUpdates"/>, TrainStep updates each weight inside the backward pass
        /// and the gradient buffers are never allocated (Grad* are null, Backward and SgdOptimizer
        /// are unavailable): the same weights as the unfused TrainStep, bit for bit, in less memory.
        /// </summary>
        public TwoLayerNetwork(int inputCount, int hiddenCount, int outputCount,
            Activation hiddenActivation, Activation outputActivation, bool fusedUpdates)
        {
            Check.AtLeastOne(inputCount, "inputCount");
            Check.AtLeastOne(hiddenCount, "hiddenCount");
            Check.AtLeastOne(outputCount, "outputCount");
            Check.Defined(hiddenActivation, "hiddenActivation");
            Check.Defined(outputActivation, "outputActivation");

            InputCount = inputCount;
            HiddenCount = hiddenCount;
            OutputCount = outputCount;
            HiddenActivation = hiddenActivation;
            OutputActivation = outputActivation;
            IsFused = fusedUpdates;

            W1 = new float[hiddenCount * inputCount];
            B1 = new float[hiddenCount];
            W2 = new float[outputCount * hiddenCount];
            B2 = new float[outputCount];
            if (!fusedUpdates)
            {
                GradW1 = new float[W1.Length];
                GradB1 = new float[hiddenCount];
                GradW2 = new float[W2.Length];
                GradB2 = new float[outputCount];
            }
            Hidden = new float[hiddenCount];
            Output = new float[outputCount];
            Delta1 = new float[hiddenCount];
            Delta2 = new float[outputCount];

            Initialize(DefaultSeed);
        }

        /// <summary>True when TrainStep updates the weights inside the backward pass (no gradient buffers).</summary>
        public bool IsFused { get; }

        /// <summary>Number of inputs (length of x).</summary>
        public int InputCount { get; }

        /// <summary>Number of hidden units (length of z1).</summary>
        public int HiddenCount { get; }

        /// <summary>Number of outputs (length of y and d).</summary>
        public int OutputCount { get; }

        /// <summary>f1, the hidden layer's activation.</summary>
        public Activation HiddenActivation { get; }

        /// <summary>f2, the output layer's activation (Identity in the seed).</summary>
        public Activation OutputActivation { get; }

        /// <summary>Layer-1 weights, HiddenCount x InputCount, row-major.</summary>
        public float[] W1 { get; }

        /// <summary>Layer-1 biases, HiddenCount.</summary>
        public float[] B1 { get; }

        /// <summary>Layer-2 weights, OutputCount x HiddenCount, row-major.</summary>
        public float[] W2 { get; }

        /// <summary>Layer-2 biases, OutputCount.</summary>
        public float[] B2 { get; }

        /// <summary>Accumulated dE/dW1, same shape as W1 (null when fused).</summary>
        public float[] GradW1 { get; }

        /// <summary>Accumulated dE/db1.</summary>
        public float[] GradB1 { get; }

        /// <summary>Accumulated dE/dW2, same shape as W2.</summary>
        public float[] GradW2 { get; }

        /// <summary>Accumulated dE/db2.</summary>
        public float[] GradB2 { get; }

        /// <summary>z1 = f1(u1) of the last Forward.</summary>
        public float[] Hidden { get; }

        /// <summary>y = f2(u2) of the last Forward.</summary>
        public float[] Output { get; }

        /// <summary>delta1 = dE/du1 of the last Backward.</summary>
        public float[] Delta1 { get; }

        /// <summary>delta2 = dE/du2 of the last Backward.</summary>
        public float[] Delta2 { get; }

        /// <summary>
        /// Deterministic initialisation: weights uniform in [-limit, limit) with
        /// limit = sqrt(6 / fanIn) for a ReLU layer (He) and sqrt(6 / (fanIn + fanOut))
        /// otherwise (Xavier); biases 0. Gradients are zeroed too.
        /// </summary>
        public void Initialize(uint seed)
        {
            var random = new DeterministicRandom(seed);
            FillUniform(random, W1, InitLimit(HiddenActivation, InputCount, HiddenCount));
            FillUniform(random, W2, InitLimit(OutputActivation, HiddenCount, OutputCount));
            Clear(B1);
            Clear(B2);
            ZeroGradients();
        }

        /// <summary>Computes y for input x; returns <see cref="Output"/> (the network's own buffer).</summary>
        public float[] Forward(float[] x)
        {
            Check.Length(x, InputCount, "x");
            int inputCount = InputCount;
            int hiddenCount = HiddenCount;
            int outputCount = OutputCount;
            float[] w1 = W1, b1 = B1, w2 = W2, b2 = B2, z1 = Hidden, y = Output;

            // eq. (1), l = 1: u1 = W1 x + b1 (held in z1 until f1 is applied)
            for (int j = 0; j < hiddenCount; j++)
            {
                int row = j * inputCount;
                float u = b1[j];
                for (int i = 0; i < inputCount; i++)
                {
                    u += w1[row + i] * x[i];
                }
                z1[j] = u;
            }
            Activations.Apply(HiddenActivation, z1, hiddenCount);

            // eq. (1), l = 2: u2 = W2 z1 + b2, then y = f2(u2)
            for (int j = 0; j < outputCount; j++)
            {
                int row = j * hiddenCount;
                float u = b2[j];
                for (int i = 0; i < hiddenCount; i++)
                {
                    u += w2[row + i] * z1[i];
                }
                y[j] = u;
            }
            Activations.Apply(OutputActivation, y, outputCount);
            return y;
        }

        /// <summary>
        /// After Forward(x), ADDS this sample's dE/dW1, dE/db1, dE/dW2, dE/db2 into the Grad
        /// buffers and returns E = 1/2 sum_j (y_j - d_j)^2.
        /// </summary>
        public float Backward(float[] x, float[] d)
        {
            Check.Length(x, InputCount, "x");
            Check.Length(d, OutputCount, "d");
            RequireGradients();
            float error = ComputeDeltas(d);
            int inputCount = InputCount;
            int hiddenCount = HiddenCount;
            int outputCount = OutputCount;
            float[] z1 = Hidden, delta1 = Delta1, delta2 = Delta2;
            float[] gradW1 = GradW1, gradB1 = GradB1, gradW2 = GradW2, gradB2 = GradB2;

            // eq. (5): dE/dw_ji(2) = delta2_j z1_i, dE/db_j(2) = delta2_j.
            for (int j = 0; j < outputCount; j++)
            {
                int row = j * hiddenCount;
                float delta = delta2[j];
                gradB2[j] += delta;
                for (int i = 0; i < hiddenCount; i++)
                {
                    gradW2[row + i] += delta * z1[i];
                }
            }

            // dE/dW1 = delta1 x^T, dE/db1 = delta1 (eq. 5 with z(0) = x)
            for (int j = 0; j < hiddenCount; j++)
            {
                float delta = delta1[j];
                // A dead ReLU unit adds exactly zero; skipping it saves a row of interpreted work.
                if (delta == 0f) continue;
                int row = j * inputCount;
                gradB1[j] += delta;
                for (int i = 0; i < inputCount; i++)
                {
                    gradW1[row + i] += delta * x[i];
                }
            }
            return error;
        }

        /// <summary>E = 1/2 sum_j (y_j - d_j)^2 for the Output of the last Forward.</summary>
        public float Error(float[] d)
        {
            Check.Length(d, OutputCount, "d");
            float[] y = Output;
            float sumOfSquares = 0f;
            for (int j = 0; j < y.Length; j++)
            {
                float difference = y[j] - d[j];
                sumOfSquares += difference * difference;
            }
            return 0.5f * sumOfSquares;
        }

        /// <summary>Sets every Grad buffer to zero (nothing to do when fused).</summary>
        public void ZeroGradients()
        {
            if (IsFused) return;
            Clear(GradW1);
            Clear(GradB1);
            Clear(GradW2);
            Clear(GradB2);
        }

        /// <summary>
        /// One plain per-sample SGD step: zero the gradients, Forward, Backward, then
        /// w -= learningRate * dE/dw for every parameter. Returns E before the update.
        /// </summary>
        public float TrainStep(float[] x, float[] d, float learningRate)
        {
            Check.Length(x, InputCount, "x");
            Check.Length(d, OutputCount, "d");
            Check.PositiveFinite(learningRate, "learningRate");

            Forward(x);
            if (IsFused) return FusedUpdate(x, d, learningRate);

            ZeroGradients();
            float error = Backward(x, d);
            Sgd.Descend(W1, GradW1, learningRate);
            Sgd.Descend(B1, GradB1, learningRate);
            Sgd.Descend(W2, GradW2, learningRate);
            Sgd.Descend(B2, GradB2, learningRate);
            return error;
        }

        // delta2 (eqs. 3, 4) and delta1 = (W2^T delta2) * f1'(u1) from the current weights; returns E.
        private float ComputeDeltas(float[] d)
        {
            int hiddenCount = HiddenCount;
            int outputCount = OutputCount;
            float[] w2 = W2, z1 = Hidden, y = Output, delta1 = Delta1, delta2 = Delta2;

            // eq. (3): dE/dy = y - d; with eq. (4) (identity output) delta2 = dE/du2 = y - d.
            float sumOfSquares = 0f;
            for (int j = 0; j < outputCount; j++)
            {
                float difference = y[j] - d[j];
                delta2[j] = difference;
                sumOfSquares += difference * difference;
            }
            // A non-identity output layer multiplies by f2'(u2) (eq. 2's dy/du).
            Activations.MultiplyByDerivative(OutputActivation, delta2, y, outputCount);

            // delta1 = (W2^T delta2) * f1'(u1)
            for (int i = 0; i < hiddenCount; i++)
            {
                delta1[i] = 0f;
            }
            for (int j = 0; j < outputCount; j++)
            {
                int row = j * hiddenCount;
                float delta = delta2[j];
                for (int i = 0; i < hiddenCount; i++)
                {
                    delta1[i] += w2[row + i] * delta;
                }
            }
            Activations.MultiplyByDerivative(HiddenActivation, delta1, z1, hiddenCount);
            return 0.5f * sumOfSquares;
        }

        // The fused step: w -= eta * dE/dw computed in place, each weight changed after its last use
        // (W2 only once delta1 no longer needs it). The products and their order are those of
        // Backward + Sgd.Descend, so the weights match the unfused step bit for bit.
        private float FusedUpdate(float[] x, float[] d, float learningRate)
        {
            float error = ComputeDeltas(d);
            int inputCount = InputCount;
            int hiddenCount = HiddenCount;
            int outputCount = OutputCount;
            float[] w1 = W1, b1 = B1, w2 = W2, b2 = B2, z1 = Hidden, delta1 = Delta1, delta2 = Delta2;

            // eq. (5) folded into SGD: w_ji(2) -= eta delta2_j z1_i
            for (int j = 0; j < outputCount; j++)
            {
                int row = j * hiddenCount;
                float delta = delta2[j];
                b2[j] -= learningRate * delta;
                for (int i = 0; i < hiddenCount; i++)
                {
                    w2[row + i] -= learningRate * (delta * z1[i]);
                }
            }

            // W1 -= eta delta1 x^T; a dead ReLU unit's row would not change.
            for (int j = 0; j < hiddenCount; j++)
            {
                float delta = delta1[j];
                if (delta == 0f) continue;
                int row = j * inputCount;
                b1[j] -= learningRate * delta;
                for (int i = 0; i < inputCount; i++)
                {
                    w1[row + i] -= learningRate * (delta * x[i]);
                }
            }
            return error;
        }

        private void RequireGradients()
        {
            if (IsFused)
            {
                throw new System.InvalidOperationException(
                    "This network was built with fused updates and has no gradient buffers; use TrainStep.");
            }
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

        // Array.Clear is a native call on nanoCLR (no interpreted loop) and a memset on the desktop.
        private static void Clear(float[] buffer)
        {
            System.Array.Clear(buffer, 0, buffer.Length);
        }
    }
}
