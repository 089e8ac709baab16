namespace Backprop.Nano
{
    /// <summary>
    /// What a trainer, the model format and the checkpoints need of an optimizer: the per-sample step,
    /// the batch, the learning rate, and the state it carries from one update to the next.
    /// </summary>
    /// <remarks>
    /// The state is one list of buffers shaped like the parameters (<see cref="State"/>) and a few
    /// floats (<see cref="StateScalars"/>), so that snapshots, restores and saved files are loops
    /// over them whatever the optimizer: SGD with momentum keeps its velocities, Adam its moments m
    /// and v and the running powers beta1^t and beta2^t, SGD without momentum nothing.
    /// </remarks>
    public interface IOptimizer
    {
        /// <summary>Which optimizer this is (the model format stores its state under a flag of its own).</summary>
        OptimizerKind Kind { get; }

        /// <summary>The network whose parameters are updated.</summary>
        TwoLayerNetwork Network { get; }

        /// <summary>The learning rate; may be changed between steps (must stay positive and finite).</summary>
        float LearningRate { get; set; }

        /// <summary>Samples per update.</summary>
        int BatchSize { get; }

        /// <summary>Samples accumulated since the last update.</summary>
        int PendingSamples { get; }

        /// <summary>Updates applied so far.</summary>
        int UpdateCount { get; }

        /// <summary>dE/dW1, dE/db1, dE/dW2, dE/db2 summed over the pending samples of the batch.</summary>
        ParameterBuffers Gradients { get; }

        /// <summary>
        /// The buffers carried from one update to the next, in the order the model format stores them
        /// (SGD: the velocities with momentum, none without; Adam: m, then v). Never null.
        /// </summary>
        ParameterBuffers[] State { get; }

        /// <summary>
        /// The floats carried likewise, after the buffers in a file (Adam: beta1^t, beta2^t; SGD: none).
        /// Never null. Restoring copies into it; a value outside what the optimizer documents is the caller's error.
        /// </summary>
        float[] StateScalars { get; }

        /// <summary>Forward and Backward for one sample, accumulating its gradient; updates when the batch is full. Returns E before any update.</summary>
        float Step(float[] x, float[] d);

        /// <summary><see cref="Step"/> for a caller that has just run Network.Forward(x) itself.</summary>
        float StepAfterForward(float[] x, float[] d);

        /// <summary>Drops the gradients accumulated since the last update (e.g. after restoring older weights).</summary>
        void DiscardBatch();

        /// <summary>Applies a partly filled batch now, averaged over the samples it holds; no-op when empty.</summary>
        void Flush();

        /// <summary>Puts the state back where a new optimizer starts (buffers 0, Adam's powers 1); the batch is not touched.</summary>
        void ResetState();
    }
}
