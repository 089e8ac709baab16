using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    [TestClass]
    public class FleetTests
    {
        [TestMethod]
        public void Topics_are_built_under_one_tree_per_fleet_and_parse_back()
        {
            Assert.AreEqual("bpnano/plant-3/pump7/report", FleetTopics.Report("plant-3", "pump7"), "report");
            Assert.AreEqual("bpnano/plant-3/pump7/model", FleetTopics.Model("plant-3", "pump7"), "model");
            Assert.AreEqual("bpnano/plant-3/global", FleetTopics.Global("plant-3"), "global");
            Assert.AreEqual("bpnano/plant-3/+/model", FleetTopics.AllModels("plant-3"), "all models");
            Assert.AreEqual("bpnano/plant-3/+/report", FleetTopics.AllReports("plant-3"), "all reports");

            string fleet, device;
            Assert.AreEqual((int)FleetTopicKind.Model, (int)FleetTopics.TryParse(FleetTopics.Model("f", "d-1"), out fleet, out device), "model kind");
            Assert.AreEqual("f", fleet, "fleet");
            Assert.AreEqual("d-1", device, "device");
            Assert.AreEqual((int)FleetTopicKind.Report, (int)FleetTopics.TryParse("bpnano/f/d/report", out fleet, out device), "report kind");
            Assert.AreEqual((int)FleetTopicKind.Global, (int)FleetTopics.TryParse("bpnano/f/global", out fleet, out device), "global kind");
            Assert.AreEqual("f", fleet, "global fleet");
            Assert.IsTrue(device == null, "global has no device");

            string[] foreign = { null, "", "bpnano", "bpnano/", "bpnano/f", "other/f/d/model", "bpnano/f/d/model/x", "bpnano/f/d/weights",
                "bpnano//d/model", "bpnano/f//model", "bpnano/f/+/model", "bpnano/f/d", "bpnanox/f/d/model" };
            for (int k = 0; k < foreign.Length; k++)
            {
                Assert.AreEqual((int)FleetTopicKind.None, (int)FleetTopics.TryParse(foreign[k], out fleet, out device), "not a fleet topic: " + foreign[k]);
                Assert.IsTrue(fleet == null, "no fleet for " + foreign[k]);
                Assert.IsTrue(device == null, "no device for " + foreign[k]);
            }
        }

        [TestMethod]
        public void Names_that_could_reach_another_tree_or_act_as_wildcards_are_refused()
        {
            Assert.IsTrue(FleetTopics.IsValidName("a"), "one character");
            Assert.IsTrue(FleetTopics.IsValidName(new string('x', 64)), "64 characters");
            // No NUL among them: nanoCLR's strings end at a NUL ("nul\0" is "nul" there), so a board cannot be handed one.
            string[] bad = { null, "", new string('x', 65), "a/b", "a+", "#", "a b", "tab\t", "nl\n", "del" + (char)127, "soh" + (char)1, (char)31 + "us" };
            for (int k = 0; k < bad.Length; k++)
            {
                Assert.IsFalse(FleetTopics.IsValidName(bad[k]), "invalid name #" + k);
            }
            Expect.ThrowsArgument("fleet", () => FleetTopics.Report("a/b", "d"), "fleet with a slash");
            Expect.ThrowsArgument("device", () => FleetTopics.Model("f", "+"), "wildcard device");
            Expect.ThrowsArgument("fleet", () => FleetTopics.Global(""), "empty fleet");
            Expect.ThrowsArgument("name", () => FleetTopics.CheckName("a b", "name"), "CheckName names its parameter");
        }

        [TestMethod]
        public void A_board_payload_carries_its_step_and_samples_since_the_global_model()
        {
            TrainedModel board = TrainedModel.Create(3, 200);
            int size = ModelPayload.SizeFor(board.Network, null);
            Assert.AreEqual(ModelFormat.SizeFor(board.Network, null, null), size, "no velocities in a payload");
            var buffer = new byte[size + 3];
            Assert.AreEqual(size, ModelPayload.Write(buffer, 3, board.Network, null, 200, 150), "bytes written");
            ModelHeader header = ModelFormat.Validate(buffer, 3, size);
            Assert.AreEqual(200L, header.Step, "step");
            Assert.AreEqual(150L, ModelPayload.SamplesOf(header), "samples since the global model");
            Assert.IsFalse(header.HasVelocities, "velocities are per board, not averaged");

            ModelPayload.Write(buffer, 3, board.Network, null, 200, 1L << 40);
            Assert.AreEqual((long)uint.MaxValue, ModelPayload.SamplesOf(ModelFormat.Validate(buffer, 3, size)), "saturates");
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => ModelPayload.Write(buffer, 3, board.Network, null, 200, -1), "negative samples");

            ModelPayload.WriteGlobal(buffer, 0, board.Network, 1234, 17u);
            header = ModelFormat.Validate(buffer, 0, size);
            Assert.AreEqual(17u, ModelPayload.RoundOf(header), "round");
            Assert.AreEqual(1234L, header.Step, "samples averaged");
        }

        [TestMethod]
        public void Replacing_takes_the_global_parameters_bit_for_bit()
        {
            TrainedModel board = TrainedModel.Create(1, 100), global = TrainedModel.Create(2, 300);
            byte[] payload = GlobalPayload(global.Network, 5u);
            var receiver = new GlobalModelReceiver(board.Network);
            Assert.IsTrue(receiver.Apply(payload, 0, payload.Length, 1f), "accepted");
            Expect.SameValues(global.Network.Parameters, board.Network.Parameters, "replaced");
            Assert.AreEqual(1, receiver.Accepted, "accepted count");
            Assert.AreEqual(0, receiver.Rejected, "rejected count");
            Assert.AreEqual(5u, receiver.LastRound, "round");
        }

        [TestMethod]
        public void Blending_moves_every_parameter_the_given_fraction_toward_the_global_one()
        {
            TrainedModel board = TrainedModel.Create(1, 100), global = TrainedModel.Create(2, 300);
            float[][] before = Snapshot(board.Network.Parameters);
            var receiver = new GlobalModelReceiver(board.Network);
            Assert.IsTrue(receiver.Apply(GlobalPayload(global.Network, 1u), 0, ModelPayload.SizeFor(global.Network, null), 0.25f), "accepted");
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                float[] w = board.Network.Parameters.Get(k), g = global.Network.Parameters.Get(k);
                for (int i = 0; i < w.Length; i++)
                {
                    // Computed independently in double: the float result is within a few ulps of it.
                    double expected = 0.75 * before[k][i] + 0.25 * g[i];
                    Expect.Near(expected, w[i], 1e-6, 1e-6, ParameterBuffers.NameOf(k) + "[" + i + "]");
                }
            }
        }

        [TestMethod]
        public void Corrupted_wrong_shape_and_truncated_payloads_leave_the_network_untouched()
        {
            TrainedModel board = TrainedModel.Create(1, 100), global = TrainedModel.Create(2, 300);
            float[][] before = Snapshot(board.Network.Parameters);
            var receiver = new GlobalModelReceiver(board.Network);

            byte[] corrupted = GlobalPayload(global.Network, 1u);
            corrupted[ModelFormat.HeaderBytes + 5] ^= 0x10;
            Assert.IsFalse(receiver.Apply(corrupted, 0, corrupted.Length, 1f), "corrupted");
            Assert.IsTrue(receiver.LastError.IndexOf("CRC") >= 0, "says why: " + receiver.LastError);

            var otherShape = new TwoLayerNetwork(board.Network.InputCount, board.Network.HiddenCount + 1, board.Network.OutputCount,
                board.Network.HiddenActivation, board.Network.OutputActivation);
            byte[] wrongShape = GlobalPayload(otherShape, 2u);
            Assert.IsFalse(receiver.Apply(wrongShape, 0, wrongShape.Length, 1f), "wrong shape");
            Assert.IsTrue(receiver.LastError.IndexOf("Shape") >= 0, "says why: " + receiver.LastError);

            byte[] good = GlobalPayload(global.Network, 3u);
            Assert.IsFalse(receiver.Apply(good, 0, good.Length - 1, 1f), "truncated");
            Assert.IsFalse(receiver.Apply(good, 1, good.Length, 1f), "range outside the buffer");
            Assert.IsFalse(receiver.Apply(null, 0, 0, 1f), "no payload");

            Assert.AreEqual(5, receiver.Rejected, "rejected count");
            Assert.AreEqual(0, receiver.Accepted, "accepted count");
            for (int k = 0; k < ParameterBuffers.Count; k++) Expect.SameValues(before[k], board.Network.Parameters.Get(k), "untouched " + ParameterBuffers.NameOf(k));
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => receiver.Apply(good, 0, good.Length, 1.5f), "blend above 1");
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => receiver.Apply(good, 0, good.Length, -0.1f), "blend below 0");
            Expect.Throws(typeof(ArgumentOutOfRangeException), () => receiver.Apply(good, 0, good.Length, float.NaN), "blend NaN");
            Assert.AreEqual(0, receiver.Accepted, "argument errors take nothing");
        }

        [TestMethod]
        public void The_retained_global_model_delivered_again_is_not_taken_twice()
        {
            TrainedModel board = TrainedModel.Create(1, 100), global = TrainedModel.Create(2, 300);
            var receiver = new GlobalModelReceiver(board.Network);
            byte[] round4 = GlobalPayload(global.Network, 4u);
            Assert.IsTrue(receiver.Apply(round4, 0, round4.Length, 1f), "first delivery");
            board.Network.Parameters.W1[0] += 0.5f;
            float trained = board.Network.Parameters.W1[0];
            Assert.IsFalse(receiver.Apply(round4, 0, round4.Length, 1f), "redelivery after a reconnect");
            Assert.AreEqual(trained, board.Network.Parameters.W1[0], "training since kept");
            Assert.AreEqual(1, receiver.Repeated, "repeated count");
            Assert.AreEqual(0, receiver.Rejected, "a repeat is not a rejection");
            byte[] round1 = GlobalPayload(global.Network, 1u);
            Assert.IsTrue(receiver.Apply(round1, 0, round1.Length, 1f), "an aggregator that restarted from round 1 is followed");
            Assert.AreEqual(2, receiver.Accepted, "accepted count");
        }

        [TestMethod]
        public void A_classifier_takes_a_classifier_global_model_and_refuses_a_regression_one()
        {
            var board = new TwoLayerNetwork(3, 5, 3, Activation.Tanh, Activation.Softmax, LossFunction.CrossEntropy);
            var global = new TwoLayerNetwork(3, 5, 3, Activation.Tanh, Activation.Softmax, LossFunction.CrossEntropy);
            global.Initialize(7);
            var regression = new TwoLayerNetwork(3, 5, 3, Activation.Tanh, Activation.Identity);
            var receiver = new GlobalModelReceiver(board);

            byte[] wrongKind = GlobalPayload(regression, 1u);
            Assert.IsFalse(receiver.Apply(wrongKind, 0, wrongKind.Length, 1f), "a squared-error model is not a classifier's");
            Assert.AreEqual(1, receiver.Rejected, "rejected count");
            byte[] payload = GlobalPayload(global, 2u);
            Assert.IsTrue(receiver.Apply(payload, 0, payload.Length, 1f), "accepted");
            Expect.SameValues(global.Parameters, board.Parameters, "replaced");
        }

        [TestMethod]
        public void A_member_takes_a_global_model_on_trial_and_counts_samples_from_it()
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings { ReplayCapacity = 0, ReplayPerStep = 0 }, null);
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            while (trainer.Step < 700) session.ReadOnce();
            // Without replay the parameters after step 700 are those of its snapshot.
            var own = new ParameterBuffers(trainer.Network.InputCount, trainer.Network.HiddenCount, trainer.Network.OutputCount);
            own.CopyFrom(trainer.Network.Parameters);
            while (trainer.Step < 750) session.ReadOnce();
            TwoLayerNetwork network = trainer.Network;
            var global = new TwoLayerNetwork(network.InputCount, network.HiddenCount, network.OutputCount, network.HiddenActivation, network.OutputActivation);
            global.Initialize(42);
            var member = new FleetMember(trainer, true);

            // On trial: a recovery before the global model trained a snapshot interval returns to the board's own model.
            byte[] payload = GlobalPayload(global, 3u);
            Assert.IsTrue(member.TakeGlobal(payload, 0, payload.Length, 1f), "taken: " + member.Receiver.LastError);
            Expect.SameValues(global.Parameters, network.Parameters, "the global model in the network");
            network.W1[3] = float.NaN;
            Assert.IsFalse(session.ReadOnce(), "the divergent sample is skipped");
            Assert.AreEqual(1, trainer.Recoveries, "recoveries");
            Expect.SameValues(own, network.Parameters, "restored to the board's own model, not to the global one on trial");

            // Proven: after a whole interval of learning, the next snapshot is of the global model's descendant.
            payload = GlobalPayload(global, 4u);
            Assert.IsTrue(member.TakeGlobal(payload, 0, payload.Length, 1f), "round 4 taken: " + member.Receiver.LastError);
            long stepAtGlobal = trainer.Step;
            while (trainer.Step < 1000) session.ReadOnce();
            var proven = new ParameterBuffers(network.InputCount, network.HiddenCount, network.OutputCount);
            proven.CopyFrom(network.Parameters);
            while (trainer.Step < 1025) session.ReadOnce();
            network.W1[3] = float.NaN;
            Assert.IsFalse(session.ReadOnce(), "the divergent sample is skipped");
            Expect.SameValues(proven, network.Parameters, "restored to the snapshot of step 1000, after the trial");

            int size = member.WriteModel();
            Assert.AreEqual(member.ModelBuffer.Length, size, "one payload fills the buffer");
            ModelHeader header = ModelFormat.Validate(member.ModelBuffer, 0, size);
            Assert.AreEqual(trainer.Step, header.Step, "the board's steps");
            Assert.AreEqual(trainer.Step - stepAtGlobal, ModelPayload.SamplesOf(header), "samples since the global model");
            Assert.AreEqual(trainer.Standardizer.ChannelCount, header.StandardizerChannels, "with the standardizer");
        }

        [TestMethod]
        public void A_board_refuses_a_global_model_that_does_much_worse_on_its_own_recent_samples()
        {
            var trainer = new OnlineTrainer(new OnlineTrainerSettings(), null);
            var session = new TrainingSession(SyntheticSensor.CreateDefault(), trainer);
            session.Run(2000, 0);
            TwoLayerNetwork network = trainer.Network;
            var member = new FleetMember(trainer, false);
            float own = trainer.ReplayLoss();
            Assert.IsTrue(0f < own, "the board's loss on its replay samples: " + own);
            float[] before = Expect.Copy(network.W2);

            // Issue 20's poison: every weight at 1e6, within the format's bound, so it validates.
            var poisoned = new TwoLayerNetwork(network.InputCount, network.HiddenCount, network.OutputCount, network.HiddenActivation, network.OutputActivation);
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                float[] buffer = poisoned.Parameters.Get(k);
                for (int i = 0; i < buffer.Length; i++) buffer[i] = 1e6f;
            }
            byte[] payload = GlobalPayload(poisoned, 3u);
            Assert.IsFalse(member.TakeGlobal(payload, 0, payload.Length, 1f), "refused");
            Assert.AreEqual(1, member.Refused, "counted");
            Assert.IsTrue(member.LastRefusal.IndexOf("round 3") >= 0, "said why: " + member.LastRefusal);
            Expect.SameValues(before, network.W2, "the board's own model kept");
            Assert.AreEqual(own, trainer.ReplayLoss(), "and its loss");

            // The subtle poison: the board's own model with its output bias 0.3 off (standardized units).
            var nudged = new TwoLayerNetwork(network.InputCount, network.HiddenCount, network.OutputCount, network.HiddenActivation, network.OutputActivation);
            nudged.Parameters.CopyFrom(network.Parameters);
            nudged.B2[0] += 0.3f;
            payload = GlobalPayload(nudged, 4u);
            Assert.IsFalse(member.TakeGlobal(payload, 0, payload.Length, 1f), "refused too: " + trainer.ReplayLoss());
            Assert.AreEqual(2, member.Refused, "counted");

            // An honest global model: another board's, trained on the same kind of sensor, is taken.
            var other = new OnlineTrainer(new OnlineTrainerSettings(), null);
            new TrainingSession(new SyntheticSensor(1, 7, 20f), other).Run(2000, 0);
            payload = GlobalPayload(other.Network, 5u);
            Assert.IsTrue(member.TakeGlobal(payload, 0, payload.Length, 0.5f), "an honest global model is taken: " + member.LastRefusal);
            Assert.AreEqual(2, member.Refused, "not refused");
            Assert.AreEqual(1, member.Taken, "one global model taken of the three blended in");
        }

        private static byte[] GlobalPayload(TwoLayerNetwork network, uint round)
        {
            var payload = new byte[ModelPayload.SizeFor(network, null)];
            ModelPayload.WriteGlobal(payload, 0, network, 1000, round);
            return payload;
        }

        private static float[][] Snapshot(ParameterBuffers parameters)
        {
            var copy = new float[ParameterBuffers.Count][];
            for (int k = 0; k < ParameterBuffers.Count; k++)
            {
                float[] source = parameters.Get(k);
                copy[k] = new float[source.Length];
                Array.Copy(source, copy[k], source.Length);
            }
            return copy;
        }
    }
}
