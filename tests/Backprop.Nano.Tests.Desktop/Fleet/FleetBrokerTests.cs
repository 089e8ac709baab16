using System;
using System.IO;
using System.Linq;
using System.Threading;
using Backprop.Nano.Cli;
using Backprop.Nano.Tests.Cli;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>
    /// The fleet through a broker (<see cref="TestBroker"/>: Mosquitto, or MQTTnet.Server where it is not installed): credentials, the aggregator's handling of bad,
    /// duplicated and reordered models, rounds closed by count and by time, restarts of the aggregator and of the broker.
    /// </summary>
    [TestClass]
    public class FleetBrokerTests
    {
        private const int Inputs = 8, Hidden = 16;

        [TestMethod]
        public void A_client_without_credentials_or_with_a_wrong_password_is_refused_and_the_password_is_never_printed()
        {
            using TestBroker broker = TestBroker.Start();
            foreach ((string user, string password) in new[] { ((string)null, (string)null), (TestBroker.User, "wrong-password-42") })
            {
                using var client = new FleetClient(Broker.Create("127.0.0.1", broker.Port, user, password, "sec"), "refused-" + (user ?? "anonymous"),
                    null, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
                var refused = (CliException)Expect.Throws(typeof(CliException), () => client.Connect(CancellationToken.None), "connect as " + (user ?? "anonymous"));
                StringAssert.Contains(refused.Message, "refused", "says the broker refused");
                Assert.IsFalse(client.IsConnected, "not connected");
            }

            CliRun run = CliRun.Start("fleet", "serve", "--broker", "127.0.0.1:" + broker.Port, "--username", TestBroker.User,
                "--password", "wrong-password-42", "--fleet", "sec", "--duration", "5");
            Assert.AreEqual(BpnanoApp.RuntimeError, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, "refused the connection", run.ToString());
            Assert.IsFalse((run.Output + run.Error).Contains("wrong-password-42"), "the password is not printed: " + run);

            using var good = new FleetClient(broker.For("sec"), "accepted", null, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
            good.Connect(CancellationToken.None);
            Assert.IsTrue(good.IsConnected, "the right credentials connect (so the refusals above were about the credentials)");
        }

        [TestMethod]
        public void The_aggregator_averages_by_samples_and_drops_corrupted_wrong_shape_duplicated_and_reordered_models()
        {
            using TestBroker broker = TestBroker.Start();
            string model = Path.Combine(Path.GetTempPath(), "bpnano-fleet-" + Guid.NewGuid().ToString("N") + ".bin");
            try
            {
                using BackgroundRun serve = BackgroundRun.Start(broker.Options("avg").Concat(new[] { "--round-models", "3", "--round-seconds", "60", "--rounds", "1", "--model", model })
                    .Prepend("serve").Prepend("fleet").ToArray());
                using var board = Publisher(broker, "avg");
                BackgroundRun.WaitUntil(() => serve.Error.Contains("fleet serve: fleet avg"), 10, () => serve.ToString());
                Thread.Sleep(200);

                TwoLayerNetwork a1 = Network(1), a2 = Network(2), b = Network(3), c = Network(4);
                Publish(board, "avg", "a", a1, 200, 100);
                Publish(board, "avg", "a", a1, 200, 100);                         // QoS 1 delivered twice: the same step again
                Publish(board, "avg", "b", b, 300, 300);
                Publish(board, "avg", "b", Network(5), 100, 50);                  // an older model arriving late
                byte[] corrupted = Payload(c, 500, 600);
                corrupted[ModelFormat.HeaderBytes + 17] ^= 0x04;
                Assert.IsTrue(board.Publish(FleetTopics.Model("avg", "c"), corrupted, corrupted.Length, false, CancellationToken.None), "published");
                var otherShape = new TwoLayerNetwork(Inputs, Hidden + 2, 1, Activation.Tanh, Activation.Identity);
                byte[] wrongShape = new byte[ModelPayload.SizeFor(otherShape, null)];
                ModelPayload.Write(wrongShape, 0, otherShape, null, 700, 700);
                Assert.IsTrue(board.Publish(FleetTopics.Model("avg", "d"), wrongShape, wrongShape.Length, false, CancellationToken.None), "published");
                Publish(board, "avg", "a", a2, 400, 300);                         // newer from a, same round: replaces a1
                Publish(board, "avg", "c", c, 500, 600);                          // the third board: the round closes

                Assert.AreEqual(0, serve.WaitForExit(20), serve.ToString());
                StringAssert.Contains(serve.Output, "round:1 models:3 samples:1200 accepted:3 replaced:1 stale:2 invalid:1 wrong_shape:1", serve.ToString());
                StringAssert.Contains(serve.Error, "Bad CRC", "says why the corrupted model was dropped");
                StringAssert.Contains(serve.Error, "Shape mismatch", "says why the wrong shape was dropped");

                // What a board connecting now receives: the retained global model.
                byte[] global = RetainedGlobal(broker, "avg");
                ModelHeader header = ModelFormat.Validate(global, 0, global.Length);
                Assert.AreEqual(1u, ModelPayload.RoundOf(header), "round");
                Assert.AreEqual(1200L, header.Step, "samples averaged");
                var received = new TwoLayerNetwork(Inputs, Hidden, 1, Activation.Tanh, Activation.Identity);
                ModelFormat.Load(global, 0, global.Length, received, null, null);
                for (int k = 0; k < ParameterBuffers.Count; k++)
                {
                    float[] w = received.Parameters.Get(k);
                    for (int i = 0; i < w.Length; i++)
                    {
                        // The robust average by hand: of three boards (a's latest model, b, c; a1, the duplicate and the late one not at
                        // all) each coordinate drops its smallest and largest value (FederatedAverage.Trim(3) = 1): the middle one is left.
                        float[] values = { a2.Parameters.Get(k)[i], b.Parameters.Get(k)[i], c.Parameters.Get(k)[i] };
                        Array.Sort(values);
                        double expected = values[1];
                        Assert.AreEqual(expected, w[i], 1e-6, ParameterBuffers.NameOf(k) + "[" + i + "]");
                    }
                }
                CollectionAssert.AreEqual(global, File.ReadAllBytes(model), "the file holds the published global model");
            }
            finally
            {
                File.Delete(model);
            }
        }

        [TestMethod]
        public void A_restarted_aggregator_resumes_the_round_count_from_its_model_file_and_publishes_it_at_once()
        {
            using TestBroker broker = TestBroker.Start();
            string model = Path.Combine(Path.GetTempPath(), "bpnano-fleet-" + Guid.NewGuid().ToString("N") + ".bin");
            try
            {
                string[] serveArgs = new[] { "fleet", "serve" }.Concat(broker.Options("restart"))
                    .Concat(new[] { "--round-models", "1", "--rounds", "2", "--model", model }).ToArray();
                using var board = Publisher(broker, "restart");
                using (BackgroundRun first = BackgroundRun.Start(serveArgs))
                {
                    BackgroundRun.WaitUntil(() => first.Error.Contains("fleet serve: fleet"), 10, () => first.ToString());
                    Thread.Sleep(200);
                    Publish(board, "restart", "a", Network(1), 100, 100);
                    Publish(board, "restart", "a", Network(2), 200, 100);
                    Assert.AreEqual(0, first.WaitForExit(20), first.ToString());
                }
                Assert.AreEqual(2u, ModelFormat.Validate(File.ReadAllBytes(model), 0, (int)new FileInfo(model).Length).Sequence, "round 2 saved");

                broker.Restart();   // nothing retained survives: the restarted aggregator must publish the global again
                using BackgroundRun second = BackgroundRun.Start(serveArgs);
                BackgroundRun.WaitUntil(() => second.Error.Contains("fleet serve: fleet"), 10, () => second.ToString());
                StringAssert.Contains(second.Error, "resumed " + model + " at round 2", second.ToString());
                byte[] retained = null;
                BackgroundRun.WaitUntil(() => (retained = RetainedGlobal(broker, "restart")) != null, 10, () => "the resumed global model, retained");
                Assert.AreEqual(2u, ModelPayload.RoundOf(ModelFormat.Validate(retained, 0, retained.Length)), "published at start, round 2");
                Publish(board, "restart", "a", Network(3), 300, 100);
                Publish(board, "restart", "a", Network(4), 400, 100);
                Assert.AreEqual(0, second.WaitForExit(20), second.ToString());
                StringAssert.Contains(second.Output, "round:3 ", second.ToString());
                StringAssert.Contains(second.Output, "round:4 ", second.ToString());
                Assert.AreEqual(4u, ModelFormat.Validate(File.ReadAllBytes(model), 0, (int)new FileInfo(model).Length).Sequence, "round 4 saved");
            }
            finally
            {
                File.Delete(model);
            }
        }

        [TestMethod]
        public void A_round_that_cannot_be_saved_is_not_counted_and_the_aggregator_goes_on()
        {
            using TestBroker broker = TestBroker.Start();
            string directory = Directory.CreateTempSubdirectory("bpnano-fleet-save-").FullName;
            string model = Path.Combine(directory, "global.bin");
            try
            {
                using BackgroundRun serve = BackgroundRun.Start(new[] { "fleet", "serve" }.Concat(broker.Options("save"))
                    .Concat(new[] { "--round-models", "1", "--rounds", "2", "--model", model }).ToArray());
                using var board = Publisher(broker, "save");
                BackgroundRun.WaitUntil(() => serve.Error.Contains("fleet serve: fleet"), 10, () => serve.ToString());
                Thread.Sleep(200);
                Publish(board, "save", "a", Network(1), 100, 100);
                BackgroundRun.WaitUntil(() => serve.Output.Contains("round:1 "), 10, () => serve.ToString());
                byte[] round1 = File.ReadAllBytes(model);

                Directory.Delete(directory, true);   // the disk goes away under the aggregator
                Publish(board, "save", "a", Network(2), 200, 100);
                BackgroundRun.WaitUntil(() => serve.Error.Contains("round 2 not saved"), 10, () => serve.ToString());
                Assert.IsFalse(serve.HasExited, "the aggregator goes on: " + serve);

                Directory.CreateDirectory(directory);
                Publish(board, "save", "a", Network(3), 300, 100);
                Assert.AreEqual(0, serve.WaitForExit(20), serve.ToString());
                StringAssert.Contains(serve.Output, "round:2 ", "the next round is round 2: " + serve);
                Assert.AreEqual(2u, ModelFormat.Validate(File.ReadAllBytes(model), 0, (int)new FileInfo(model).Length).Sequence, "round 2 saved");
                Assert.AreEqual(1u, ModelFormat.Validate(round1, 0, round1.Length).Sequence, "round 1 had been saved");
                StringAssert.Contains(serve.Error, "1 rounds not saved", serve.ToString());
            }
            finally
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, true);
            }
        }

        [TestMethod]
        public void A_board_dropping_out_mid_round_does_not_stall_the_fleet_the_round_closes_by_time()
        {
            using TestBroker broker = TestBroker.Start();
            using BackgroundRun serve = BackgroundRun.Start(new[] { "fleet", "serve" }.Concat(broker.Options("drop"))
                .Concat(new[] { "--round-models", "3", "--round-seconds", "1", "--rounds", "2" }).ToArray());
            BackgroundRun.WaitUntil(() => serve.Error.Contains("fleet serve: fleet"), 10, () => serve.ToString());
            SimulatedBoard[] boards = Enumerable.Range(1, 3).Select(k => Board(broker, "drop", k, 3, int.MaxValue)).ToArray();
            try
            {
                foreach (SimulatedBoard board in boards) board.Connect();
                Train(boards, 200);
                foreach (SimulatedBoard board in boards) Assert.IsTrue(board.PublishModel(), board.Device + " published");
                BackgroundRun.WaitUntil(() => serve.Output.Contains("round:1 models:3"), 10, () => serve.ToString());
                BackgroundRun.WaitUntil(() => TakeGlobals(boards), 10, () => "the boards took round 1");

                boards[2].Dispose();   // sim-3 drops out: its connection is gone mid-round
                Train(boards.Take(2).ToArray(), 200);
                foreach (SimulatedBoard board in boards.Take(2)) Assert.IsTrue(board.PublishModel(), board.Device + " published");
                Assert.AreEqual(0, serve.WaitForExit(20), serve.ToString());
                StringAssert.Contains(serve.Output, "round:2 models:2 ", "closed by time with the two boards left: " + serve);
            }
            finally
            {
                foreach (SimulatedBoard board in boards) board.Dispose();
            }
        }

        [TestMethod]
        public void Boards_train_on_through_a_broker_restart_reconnect_and_the_rounds_go_on()
        {
            using TestBroker broker = TestBroker.Start();
            using BackgroundRun serve = BackgroundRun.Start(new[] { "fleet", "serve" }.Concat(broker.Options("restart")).Concat(new[] { "--round-models", "2", "--round-seconds", "1" }).ToArray());
            BackgroundRun.WaitUntil(() => serve.Error.Contains("fleet serve: fleet"), 10, () => serve.ToString());
            SimulatedBoard[] boards = Enumerable.Range(1, 2).Select(k => Board(broker, "restart", k, 2)).ToArray();
            try
            {
                foreach (SimulatedBoard board in boards) board.Connect();
                BackgroundRun.WaitUntil(() => { Train(boards, 50); return boards.All(board => board.Receiver.Accepted >= 1); }, 20, () => "a first global model: " + serve);

                broker.Stop();
                long[] before = boards.Select(board => board.Trainer.Step).ToArray();
                BackgroundRun.WaitUntil(() => boards.All(board => !board.Client.IsConnected), 10, () => "the boards notice the broker is gone");
                Train(boards, 600);
                for (int k = 0; k < boards.Length; k++)
                {
                    Assert.AreEqual(before[k] + 600, boards[k].Trainer.Step, boards[k].Device + " trained offline");
                    Assert.IsTrue(boards[k].Client.FailedPublishes > 0, boards[k].Device + " counted the publishes that failed");
                }

                broker.Restart();
                int[] taken = boards.Select(board => board.Receiver.Accepted).ToArray();
                BackgroundRun.WaitUntil(() => { Train(boards, 50); return boards.All(board => board.Client.Reconnects >= 1); }, 30, () => "the boards reconnect");
                BackgroundRun.WaitUntil(() => { Train(boards, 50); return Enumerable.Range(0, 2).All(k => boards[k].Receiver.Accepted > taken[k]); }, 30,
                    () => "a global model after the restart: " + serve);
                serve.Stop();
                StringAssert.Contains(serve.Error, "reconnect", "the aggregator reconnected too: " + serve);
            }
            finally
            {
                foreach (SimulatedBoard board in boards) board.Dispose();
            }
        }

        internal static SimulatedBoard Board(TestBroker broker, string fleet, int k, int count, int modelEvery = 100)
        {
            var settings = new OnlineTrainerSettings { Seed = 100, HiddenCount = Hidden, WindowLength = Inputs };
            return new SimulatedBoard(broker.For(fleet), FleetSimulation.DeviceName("sim", k), settings, (uint)(100 + k), FleetSimulation.PhaseReadings(k, count),
                1f, modelEvery, TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }

        internal static void Train(SimulatedBoard[] boards, int readings)
        {
            for (int r = 0; r < readings; r++)
            {
                foreach (SimulatedBoard board in boards) board.ReadOnce();
            }
        }

        // A reading each lets every board take a global model that arrived; true once all took one.
        private static bool TakeGlobals(SimulatedBoard[] boards)
        {
            Train(boards, 1);
            return boards.All(board => board.Receiver.Accepted >= 1);
        }

        private static FleetClient Publisher(TestBroker broker, string fleet)
        {
            var client = new FleetClient(broker.For(fleet), "test-publisher-" + fleet, null, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
            client.Connect(CancellationToken.None);
            return client;
        }

        internal static byte[] RetainedGlobal(TestBroker broker, string fleet)
        {
            byte[] payload = null;
            using var listener = new FleetClient(broker.For(fleet), "test-listener-" + Guid.NewGuid().ToString("N"), new[] { FleetTopics.Global(fleet) },
                (topic, bytes) => Volatile.Write(ref payload, bytes), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
            listener.Connect(CancellationToken.None);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (Volatile.Read(ref payload) == null && DateTime.UtcNow < deadline) Thread.Sleep(20);
            return payload;
        }

        private static TwoLayerNetwork Network(uint seed)
        {
            var network = new TwoLayerNetwork(Inputs, Hidden, 1, Activation.Tanh, Activation.Identity);
            network.Initialize(seed);
            return network;
        }

        private static byte[] Payload(TwoLayerNetwork network, long step, long samples)
        {
            var payload = new byte[ModelPayload.SizeFor(network, null)];
            ModelPayload.Write(payload, 0, network, null, step, samples);
            return payload;
        }

        private static void Publish(FleetClient client, string fleet, string device, TwoLayerNetwork network, long step, long samples)
        {
            byte[] payload = Payload(network, step, samples);
            Assert.IsTrue(client.Publish(FleetTopics.Model(fleet, device), payload, payload.Length, false, CancellationToken.None), "published " + device);
        }
    }
}
