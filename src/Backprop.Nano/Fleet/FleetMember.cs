namespace Backprop.Nano
{
    /// <summary>
    /// What makes an <see cref="OnlineTrainer"/> one board of a fleet, the same for the firmware's link and the desktop's
    /// simulated boards: the global model taken into the trainer, and the board's model payload with the samples it trained
    /// on since then (FedAvg's weight n_k). The MQTT client that moves the bytes is the caller's.
    /// </summary>
    /// <remarks>
    /// Taking a global model is validate-and-blend (<see cref="GlobalModelReceiver"/>), then a check on the board's own
    /// data: the blended model's loss on the samples held for replay (<see cref="OnlineTrainer.ReplayLoss"/>) must be at
    /// most GlobalLossFactor times the board's own (plus GlobalLossSlack), or the board keeps its model, counts the global
    /// as refused and says why; the next round's global is judged afresh. A model taken is on trial
    /// (<see cref="OnlineTrainer.TryCurrentParameters"/>): the board's own last good parameters stay what a recovery returns
    /// to until the global has trained a snapshot interval on this board's data. (Issue 20: one hostile board's model, taken
    /// and made every board's last good snapshot at once, kept the whole fleet at a loss of 1e11.) The receiver, the payload
    /// buffer and the copy of the board's parameters are allocated here, once.
    /// </remarks>
    public sealed class FleetMember
    {
        private readonly OnlineTrainer _trainer;
        private readonly bool _withStandardizer;
        private long _stepAtGlobal;
        private readonly ParameterBuffers _own;   // the board's parameters while a global model is judged

        /// <summary>The most a global model may raise the board's own loss on its recent samples by, as a factor.</summary>
        public const float GlobalLossFactor = 2f;

        /// <summary>Loss a global model may add besides (standardized units): a board that fits its data almost exactly still takes a global.</summary>
        public const float GlobalLossSlack = 0.001f;

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
            TwoLayerNetwork network = trainer.Network;
            _own = new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
            ModelBuffer = new byte[ModelPayload.SizeFor(trainer.Network, withStandardizer ? trainer.Standardizer : null)];
        }

        /// <summary>Counts what was accepted, rejected or repeated, and why the last rejection was.</summary>
        public GlobalModelReceiver Receiver { get; }

        /// <summary>Global models the board took (Receiver.Accepted counts the refused ones too: they were blended in before being judged).</summary>
        public int Taken { get; private set; }

        /// <summary>Valid global models the board did not take because they did worse than its own on its recent samples.</summary>
        public int Refused { get; private set; }

        /// <summary>Why the last global model was refused (null until one is).</summary>
        public string LastRefusal { get; private set; }

        /// <summary>Where <see cref="WriteModel"/> writes; exactly one payload long.</summary>
        public byte[] ModelBuffer { get; }

        /// <summary>
        /// Blends a global model into the trainer's network (see <see cref="GlobalModelReceiver.Apply"/>), keeps it only when it
        /// does not do much worse than the board's own model on the board's recent samples (see the remarks), and then puts it on
        /// trial in the trainer and restarts the samples-since-global count. True when taken.
        /// </summary>
        public bool TakeGlobal(byte[] payload, int offset, int length, float blend)
        {
            // Without replay samples there is nothing to judge by: the global is taken on trial alone.
            float ownLoss = _trainer.ReplayLoss();
            if (0f <= ownLoss) _own.CopyFrom(_trainer.Network.Parameters);
            if (!Receiver.Apply(payload, offset, length, blend)) return false;
            if (0f <= ownLoss)
            {
                float globalLoss = _trainer.ReplayLoss();
                if (!(globalLoss <= GlobalLossFactor * ownLoss + GlobalLossSlack))
                {
                    _trainer.Network.Parameters.CopyFrom(_own);
                    Refused++;
                    LastRefusal = "round " + Receiver.LastRound + " has a loss of " + globalLoss + " on this board's recent samples, its own " + ownLoss;
                    return false;
                }
            }
            _trainer.TryCurrentParameters();
            _stepAtGlobal = _trainer.Step;
            Taken++;
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
