namespace Backprop.Nano
{
    /// <summary>Activation function f of a layer: z = f(u).</summary>
    public enum Activation
    {
        /// <summary>f(u) = u, the seed's output layer (eq. 4: dy/du = 1).</summary>
        Identity = 0,

        /// <summary>f(u) = max(0, u).</summary>
        Relu = 1,

        /// <summary>f(u) = 1 / (1 + e^-u).</summary>
        Sigmoid = 2,

        /// <summary>f(u) = tanh(u).</summary>
        Tanh = 3,

        /// <summary>
        /// y_j = e^(u_j) / sum_k e^(u_k) over the whole layer: class probabilities. Output layer only, and
        /// only with <see cref="LossFunction.CrossEntropy"/>.
        /// </summary>
        Softmax = 4,
    }
}
