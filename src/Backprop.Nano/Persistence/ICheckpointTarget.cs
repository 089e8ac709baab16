namespace Backprop.Nano
{
    /// <summary>
    /// Where a <see cref="TrainingSession"/> saves its checkpoints: a <see cref="CheckpointStore"/>'s two slots on a
    /// board (a power cut mid-write keeps the other), one file replaced atomically on the desktop.
    /// </summary>
    public interface ICheckpointTarget
    {
        /// <summary>
        /// Saves the model (the trainer's state may be null) and its step count, or throws: the session counts the failure (save_errors), says why in
        /// a comment line and tries again at its next interval, so a target need not retry itself.
        /// </summary>
        void Save(TwoLayerNetwork network, IOptimizer optimizer, OnlineStandardizer standardizer, TrainerState state, long step);
    }
}
