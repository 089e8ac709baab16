namespace Backprop.Nano
{
    /// <summary>Which <see cref="IOptimizer"/> an <see cref="OnlineTrainer"/> builds.</summary>
    public enum OptimizerKind
    {
        /// <summary>Stochastic gradient descent, with momentum when it is non-zero (<see cref="SgdOptimizer"/>).</summary>
        Sgd = 0,

        /// <summary>Adam, Kingma and Ba (<see cref="AdamOptimizer"/>).</summary>
        Adam = 1,
    }
}
