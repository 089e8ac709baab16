using System;
using System.Linq;
using Backprop.Nano.Cli;
using Backprop.Nano.Tests.Fleet;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Issue 20's fleet attacks, without a broker: four honest boards (the firmware's trainer and FleetMember, each its own
    /// sensor seed) and the aggregator of fleet serve, round after round, with a fifth board sending hostile models with
    /// valid credentials. Each honest board's loss must stay within twice what the same fleet reaches without the attacker.
    /// </summary>
    [TestClass]
    public sealed class FleetAttackTests
    {
        private const int Boards = 4, Rounds = 8, ReadingsPerRound = 250;

        public TestContext TestContext { get; set; }

        // Each honest board's moving average of its loss after the rounds, with the hostile board's payload each round (null: none).
        private static float[] HonestLosses(Func<TwoLayerNetwork, int, byte[]> hostile)
        {
            // A round closes with the honest boards' models: a quarantined hostile board (capped three rounds in a row) sends none that counts.
            var aggregator = new FleetAggregator("attack", Boards, TimeSpan.FromHours(1), null);
            var settings = new OnlineTrainerSettings();
            var trainers = new OnlineTrainer[Boards];
            var members = new FleetMember[Boards];
            var sensors = new SyntheticSensor[Boards];
            for (int b = 0; b < Boards; b++)
            {
                trainers[b] = new OnlineTrainer(settings, null);
                members[b] = new FleetMember(trainers[b], false);
                sensors[b] = new SyntheticSensor(1, (uint)(10 + b), 20f);
            }
            var reading = new float[1];
            for (int round = 1; round <= Rounds; round++)
            {
                for (int b = 0; b < Boards; b++)
                {
                    for (int k = 0; k < ReadingsPerRound; k++)
                    {
                        sensors[b].Read(reading);
                        trainers[b].AddReading(reading);
                    }
                    int size = members[b].WriteModel();
                    var payload = new byte[size];
                    Array.Copy(members[b].ModelBuffer, payload, size);
                    Assert.AreEqual(ModelOutcome.Accepted, aggregator.Offer(FleetTopics.Model("attack", "honest-" + b), payload, DateTime.UtcNow), "honest board " + b);
                }
                if (hostile != null)
                {
                    aggregator.Offer(FleetTopics.Model("attack", "hostile"), hostile(trainers[0].Network, round), DateTime.UtcNow);
                }
                byte[] global = aggregator.CloseRoundIfDue(DateTime.UtcNow);
                Assert.IsNotNull(global, "round " + round + " closes");
                for (int b = 0; b < Boards; b++) members[b].TakeGlobal(global, 0, global.Length, 0.5f);
            }
            // The loss the boards reach after the last global model: one more round of readings.
            for (int b = 0; b < Boards; b++)
            {
                for (int k = 0; k < ReadingsPerRound; k++)
                {
                    sensors[b].Read(reading);
                    trainers[b].AddReading(reading);
                }
            }
            return trainers.Select(trainer => trainer.AverageLoss).ToArray();
        }

        // A model of the fleet's shape whose every parameter is value, from a board claiming n_k = 4294967295.
        private static byte[] Poison(TwoLayerNetwork shape, int round, float value, Func<TwoLayerNetwork, TwoLayerNetwork> from)
        {
            TwoLayerNetwork network = from(shape);
            var payload = new byte[ModelPayload.SizeFor(network, null)];
            ModelPayload.Write(payload, 0, network, null, round, uint.MaxValue);
            return payload;
        }

        private static TwoLayerNetwork Filled(TwoLayerNetwork shape, float value)
        {
            var network = new TwoLayerNetwork(shape.InputCount, shape.HiddenCount, shape.OutputCount, shape.HiddenActivation, shape.OutputActivation);
            for (int k = 0; k < ParameterBuffers.Count; k++) Array.Fill(network.Parameters.Get(k), value);
            return network;
        }

        private static TwoLayerNetwork Nudged(TwoLayerNetwork honest)
        {
            var network = new TwoLayerNetwork(honest.InputCount, honest.HiddenCount, honest.OutputCount, honest.HiddenActivation, honest.OutputActivation);
            network.Parameters.CopyFrom(honest.Parameters);
            network.B2[0] += 0.3f;
            return network;
        }

        [TestMethod]
        public void One_hostile_board_keeps_every_honest_boards_loss_within_twice_the_fleets_without_it()
        {
            float[] clean = HonestLosses(null);
            var attacks = new (string Name, Func<TwoLayerNetwork, int, byte[]> Payload)[]
            {
                ("every weight 1e6, n_k 4294967295", (shape, round) => Poison(shape, round, 1e6f, s => Filled(s, 1e6f))),
                ("the honest model with its output bias 0.3 off, n_k 4294967295", (shape, round) => Poison(shape, round, 0f, Nudged)),
            };
            foreach ((string name, Func<TwoLayerNetwork, int, byte[]> payload) in attacks)
            {
                float[] attacked = HonestLosses(payload);
                string figures = name + ": honest losses " + string.Join(", ", attacked) + " against " + string.Join(", ", clean) + " without it";
                TestContext.WriteLine(figures);
                for (int b = 0; b < Boards; b++) Assert.IsTrue(attacked[b] <= 2f * clean[b], figures);
            }
        }

        [TestMethod]
        public void The_aggregator_bounds_payload_size_and_its_table_of_boards()
        {
            var aggregator = new FleetAggregator("bounds", 3, TimeSpan.FromHours(1), null);
            var network = new TwoLayerNetwork(2, 3, 1, Activation.Tanh, Activation.Identity);
            network.Initialize(1u);
            var payload = new byte[ModelPayload.SizeFor(network, null)];
            ModelPayload.Write(payload, 0, network, null, 1, 10);
            DateTime start = DateTime.UtcNow;
            Assert.AreEqual(ModelOutcome.Accepted, aggregator.Offer(FleetTopics.Model("bounds", "quiet"), payload, start), "the fleet's shape");

            // 20 MB: dropped for its size before it is read (issue 20: serve grew to 115 MB).
            var huge = new byte[20 << 20];
            Array.Copy(payload, huge, payload.Length);
            Assert.AreEqual(ModelOutcome.Invalid, aggregator.Offer(FleetTopics.Model("bounds", "big"), huge, start), "too large");
            StringAssert.Contains(aggregator.LastRejection, "more than a model of this fleet's shape");
            // A valid model with bytes after it.
            var trailing = new byte[payload.Length + 1000];
            Array.Copy(payload, trailing, payload.Length);
            Assert.AreEqual(ModelOutcome.Invalid, aggregator.Offer(FleetTopics.Model("bounds", "tail"), trailing, start), "trailing bytes");

            // Invented board names fill the table up to its bound, and no further.
            for (int k = 1; k < FleetAggregator.MaximumBoards; k++)
            {
                aggregator.Offer(FleetTopics.Model("bounds", "invented-" + k), payload, start.AddSeconds(3600));
            }
            Assert.AreEqual(FleetAggregator.MaximumBoards, aggregator.KnownBoards, "full");
            Assert.AreEqual(ModelOutcome.TableFull, aggregator.Offer(FleetTopics.Model("bounds", "one-more"), payload, start.AddSeconds(3600)), "refused");
            Assert.AreEqual(1, aggregator.TableFull, "counted");

            // A round closing two hours after 'quiet' was heard forgets it (the invented ones were heard an hour later).
            Assert.IsNotNull(aggregator.CloseRoundIfDue(start.AddHours(2)), "the round closes");
            Assert.AreEqual(FleetAggregator.MaximumBoards - 1, aggregator.KnownBoards, "the silent board left the table");
        }
            [TestMethod]
        public void Two_clients_with_one_client_id_are_told_apart_and_reported_and_processes_never_share_one()
        {
            using TestBroker broker = TestBroker.Start();
            Broker fleet = broker.For("ids");
            var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
            // In one process the suffix is the same: the two clients below are what two processes without it were.
            using var first = new FleetClient(fleet, "bpnano-ids-aggregator", null, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
            using var second = new FleetClient(fleet, "bpnano-ids-aggregator", null, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
            first.Status = messages.Enqueue;
            second.Status = messages.Enqueue;
            StringAssert.EndsWith(first.ClientId, "-" + FleetClient.ProcessSuffix, "the process's suffix");
            first.Connect(System.Threading.CancellationToken.None);
            second.Connect(System.Threading.CancellationToken.None);
            BackgroundRun.WaitUntil(() => first.TakenOver + second.TakenOver >= 2, 20, () => "taken over: " + first.TakenOver + ", " + second.TakenOver + "; " + string.Join(" | ", messages));
            Assert.IsTrue(messages.Any(message => message.Contains("another client may be using the client id " + first.ClientId)), string.Join(" | ", messages));
        }
            [TestMethod]
        public void A_board_whose_models_are_rejected_or_capped_again_and_again_is_quarantined_for_a_while()
        {
            var aggregator = new FleetAggregator("q", 4, TimeSpan.FromHours(1), null);
            var told = new System.Collections.Generic.List<string>();
            aggregator.Quarantining = told.Add;
            var network = new TwoLayerNetwork(2, 3, 1, Activation.Tanh, Activation.Identity);
            network.Initialize(1u);
            DateTime now = DateTime.UtcNow;
            byte[] Model(long step, long samples)
            {
                var payload = new byte[ModelPayload.SizeFor(network, null)];
                ModelPayload.Write(payload, 0, network, null, step, samples);
                return payload;
            }

            // Corrupted payloads from one name: quarantined after the third in a row; an honest board is not.
            byte[] corrupted = Model(1, 10);
            corrupted[50] ^= 0xFF;
            Assert.AreEqual(ModelOutcome.Accepted, aggregator.Offer(FleetTopics.Model("q", "honest"), Model(1, 100), now), "the fleet's shape");
            for (int k = 0; k < FleetAggregator.QuarantineAfter; k++)
            {
                Assert.AreEqual(ModelOutcome.Invalid, aggregator.Offer(FleetTopics.Model("q", "noisy"), corrupted, now), "corrupted " + k);
            }
            CollectionAssert.AreEqual(new[] { "noisy" }, told, "said once");
            Assert.AreEqual(ModelOutcome.Quarantined, aggregator.Offer(FleetTopics.Model("q", "noisy"), Model(2, 100), now), "even a valid model is ignored");
            Assert.AreEqual(1, aggregator.QuarantinedModels, "counted");
            // Let out after QuarantineFor.
            Assert.AreEqual(ModelOutcome.Accepted, aggregator.Offer(FleetTopics.Model("q", "noisy"), Model(3, 100), now + aggregator.QuarantineFor + TimeSpan.FromSeconds(1)), "out again");

            // A board whose n_k is capped three rounds in a row goes the same way.
            for (int round = 1; round <= FleetAggregator.QuarantineAfter; round++)
            {
                DateTime at = now.AddHours(2).AddMinutes(round);
                for (int b = 0; b < 3; b++) aggregator.Offer(FleetTopics.Model("q", "board-" + b), Model(10 + round, 100), at);
                aggregator.Offer(FleetTopics.Model("q", "greedy"), Model(10 + round, uint.MaxValue), at);
                Assert.IsNotNull(aggregator.CloseRoundIfDue(at), "round " + round);
            }
            CollectionAssert.AreEqual(new[] { "noisy", "greedy" }, told, "the greedy board quarantined");
            Assert.IsTrue(aggregator.Quarantine.ContainsKey("greedy"), "in quarantine");

            // Hours later a round's close lets the ended quarantine go, and forgets the silent board's counts.
            DateTime later = now.AddHours(5);
            for (int b = 0; b < 4; b++) aggregator.Offer(FleetTopics.Model("q", "board-" + b), Model(20, 100), later);
            Assert.IsNotNull(aggregator.CloseRoundIfDue(later), "a later round");
            Assert.IsFalse(aggregator.Quarantine.ContainsKey("greedy"), "the ended quarantine left the table");
            Assert.IsFalse(aggregator.CappedRounds.ContainsKey("greedy"), "the silent board's capped rounds forgotten");
        }
    }
}
