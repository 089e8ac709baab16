namespace Backprop.Nano
{
    /// <summary>
    /// What makes an <see cref="OnlineTrainer"/> one board of a fleet, the same for the firmware's link and the desktop's
    /// simulated boards: the global model taken into the trainer, and the board's model payload with the samples it trained
    /// on since then (FedAvg's weight n_k). The MQTT client that moves the bytes is the caller's.
    /// </summary>
    /// <remarks>
    /// Taking a global model is validate-and-blend (<see cref="GlobalModelReceiver"/>) and then
    /// <see cref="OnlineTrainer.AdoptCurrentParameters"/>: without the second, the trainer's next recovery would restore
    /// its snapshot from before the global model. Doing both here keeps any caller from doing one alone. The receiver
    /// and the payload buffer are allocated here, once.
    /// </remarks>
    public sealed class FleetMember
    {
        private readonly OnlineTrainer _trainer;
        private readonly bool _withStandardizer;
        private long _stepAtGlobal;

        /// <summary>
        /// A member for <paramref name="trainer"/>; its model payloads carry the trainer's standardizer when
        /// <paramref name="withStandardizer"/> (the aggregator averages the parameters only, either way).
        /// </summary>
        public FleetMember(OnlineTrainer trainer, bool withStandardizer)
        {
            Check.NotNull(trainer, "trainer");
            _trainer = trainer;
            _withStandardizer = withStandardizer;
            Receiver = new GlobalModelReceiver(trainer.Network);
            ModelBuffer = new byte[ModelPayload.SizeFor(trainer.Network, withStandardizer ? trainer.Standardizer : null)];
        }

        /// <summary>Counts what was accepted, rejected or repeated, and why the last rejection was.</summary>
        public GlobalModelReceiver Receiver { get; }

        /// <summary>Where <see cref="WriteModel"/> writes; exactly one payload long.</summary>
        public byte[] ModelBuffer { get; }

        /// <summary>
        /// Blends a global model into the trainer's network (see <see cref="GlobalModelReceiver.Apply"/>) and, when it was
        /// taken, makes it the trainer's last good parameters and restarts the samples-since-global count. True when taken.
        /// </summary>
        public bool TakeGlobal(byte[] payload, int offset, int length, float blend)
        {
            if (!Receiver.Apply(payload, offset, length, blend)) return false;
            _trainer.AdoptCurrentParameters();
            _stepAtGlobal = _trainer.Step;
            return true;
        }

        /// <summary>Writes the board's model into <see cref="ModelBuffer"/> and returns its length; does not allocate.</summary>
        public int WriteModel()
        {
            long step = _trainer.Step;
            return ModelPayload.Write(ModelBuffer, 0, _trainer.Network, _withStandardizer ? _trainer.Standardizer : null, step, step - _stepAtGlobal);
        }
    }
}
