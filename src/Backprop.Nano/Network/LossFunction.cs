namespace Backprop.Nano
{
    /// <summary>
    /// The loss E a <see cref="TwoLayerNetwork"/> minimises, for outputs y and targets d.
    /// </summary>
    public enum LossFunction
    {
        /// <summary>
        /// E = 1/2 sum_j (y_j - d_j)^2, the seed's loss, with an Identity, Relu, Sigmoid or Tanh output layer;
        /// delta2 = (y - d) * f2'(u2) (eqs. 3, 4).
        /// </summary>
        SquaredError = 0,

        /// <summary>
        /// Cross-entropy. With a <see cref="Activation.Softmax"/> output (one class of several),
        /// E = -sum_j d_j log y_j for a one-hot d or soft targets d_j &gt;= 0 that sum to 1.
        /// With a <see cref="Activation.Sigmoid"/> output, the binary cross-entropy of every output on its own
        /// (independent yes/no outputs, multi-label), E = -sum_j [d_j log y_j + (1 - d_j) log(1 - y_j)], d_j in [0, 1].
        /// Either way delta2 = dE/du2 = y - d, the seed's delta2 for the identity output.
        /// </summary>
        CrossEntropy = 1,
    }
}
