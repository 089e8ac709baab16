using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano fleet bench: the aggregator's rounds per second with many boards. Each round every simulated board sends one model
    /// (payloads made beforehand, so only the aggregator's side and the transport are timed): first offered to the
    /// <see cref="FleetAggregator"/> directly (validation, averaging in double, the global payload and its atomic save), then,
    /// with --broker, through the broker, published by a few clients in parallel as boards would, the next round's models sent
    /// once the previous global model is out. Prints the figures; judges nothing.
    /// </summary>
    internal sealed class FleetBenchCommand(CliConsole console) : Command<FleetBenchCommand.Settings>
    {
        public sealed class Settings : BrokerSettings
        {
            [CommandOption("--boards <N>"), Description("Simulated boards, each sending one model per round."), DefaultValue(1000)]
            public int Boards { get; set; }

            [CommandOption("--rounds <N>"), Description("Rounds timed (after one untimed warm-up round)."), DefaultValue(20)]
            public int Rounds { get; set; }

            [CommandOption("--hidden <N>"), Description("Hidden units of the boards' 8-input network."), DefaultValue(16)]
            public int Hidden { get; set; }

            [CommandOption("--publishers <N>"), Description("Broker connections the boards' models are published over, in parallel (1 to 8)."), DefaultValue(1)]
            public int Publishers { get; set; }

            public override ValidationResult Validate()
            {
                if (Broker != null && Cli.Broker.FindProblem(this) is string problem) return ValidationResult.Error(problem);
                if (Boards < 1 || Boards > 100000) return ValidationResult.Error("--boards must be from 1 to 100000.");
                if (Rounds < 1 || Rounds > 10000) return ValidationResult.Error("--rounds must be from 1 to 10000.");
                if (Hidden < 1 || Hidden > 1024) return ValidationResult.Error("--hidden must be from 1 to 1024.");
                // Each publisher blocks a thread-pool thread waiting for its acknowledgements, which MQTTnet needs threads to deliver.
                if (Publishers < 1 || Publishers > 8) return ValidationResult.Error("--publishers must be from 1 to 8.");
                return ValidationResult.Success();
            }
        }

        private const int Inputs = 8;

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            int rounds = settings.Rounds + 1;
            string[] topics = Enumerable.Range(1, settings.Boards).Select(k => FleetTopics.Model(settings.Fleet, "bench-" + k.ToString(CultureInfo.InvariantCulture))).ToArray();
            byte[][][] payloads = Payloads(settings.Boards, rounds, settings.Hidden);
            int size = payloads[0][0].Length;
            console.Error.WriteLine("# " + settings.Boards + " boards of 8-" + settings.Hidden + "-1 (" + size + "-byte models), " + settings.Rounds
                + " rounds timed after a warm-up round; the global model saved atomically (fsync) after each");
            string directory = Directory.CreateTempSubdirectory("bpnano-fleet-bench-").FullName;
            try
            {
                double inProcess = InProcess(settings, topics, payloads, Path.Combine(directory, "in-process.bin"));
                console.WriteLines(new[] { "mode:in-process boards:" + settings.Boards + " rounds:" + settings.Rounds + " rounds_per_s:" + Format(inProcess)
                    + " models_per_s:" + Format(inProcess * settings.Boards) });
                if (settings.Broker == null) return 0;
                double throughBroker = ThroughBroker(settings, topics, payloads, Path.Combine(directory, "broker.bin"), cancellationToken);
                if (double.IsNaN(throughBroker)) return BpnanoApp.Interrupted;
                console.WriteLines(new[] { "mode:broker boards:" + settings.Boards + " rounds:" + settings.Rounds + " rounds_per_s:" + Format(throughBroker)
                    + " models_per_s:" + Format(throughBroker * settings.Boards) + " publishers:" + settings.Publishers });
                return 0;
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        // payloads[round][board]: board k's network (seed k) with its step growing by 100 a round.
        private static byte[][][] Payloads(int boards, int rounds, int hidden)
        {
            var payloads = new byte[rounds][][];
            var network = new TwoLayerNetwork(Inputs, hidden, 1, Activation.Tanh, Activation.Identity);
            for (int r = 0; r < rounds; r++) payloads[r] = new byte[boards][];
            for (int k = 0; k < boards; k++)
            {
                network.Initialize((uint)(k + 1));
                for (int r = 0; r < rounds; r++)
                {
                    payloads[r][k] = new byte[ModelPayload.SizeFor(network, null)];
                    ModelPayload.Write(payloads[r][k], 0, network, null, 100L * (r + 1), 100 + k % 7);
                }
            }
            return payloads;
        }

        private static double InProcess(Settings settings, string[] topics, byte[][][] payloads, string path)
        {
            var aggregator = new FleetAggregator(settings.Fleet, settings.Boards, TimeSpan.FromDays(1), path);
            var clock = new Stopwatch();
            for (int r = 0; r < payloads.Length; r++)
            {
                if (r == 1) clock.Start();
                for (int k = 0; k < topics.Length; k++) aggregator.Offer(topics[k], payloads[r][k], DateTime.UtcNow);
                if (aggregator.CloseRoundIfDue(DateTime.UtcNow) == null) throw new CliException("bench: round " + (r + 1) + " did not close (" + aggregator.LastRejection + ").");
            }
            return settings.Rounds / clock.Elapsed.TotalSeconds;
        }

        private double ThroughBroker(Settings settings, string[] topics, byte[][][] payloads, string path, CancellationToken cancel)
        {
            Broker broker = Cli.Broker.From(settings);
            var aggregator = new FleetAggregator(broker.Fleet, settings.Boards, TimeSpan.FromDays(1), path);
            var inbox = new BlockingCollection<(string Topic, byte[] Payload)>();
            int closed = 0;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var server = new FleetClient(broker, "bpnano-" + broker.Fleet + "-bench-aggregator", new[] { FleetTopics.AllModels(broker.Fleet) },
                (topic, payload) => inbox.Add((topic, payload)), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
            server.Connect(stop.Token);
            var publishers = Enumerable.Range(0, settings.Publishers).Select(p => new FleetClient(broker, "bpnano-" + broker.Fleet + "-bench-" + p,
                null, null, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2))).ToArray();
            try
            {
                foreach (FleetClient publisher in publishers) publisher.Connect(stop.Token);
                // The aggregator's loop, as in fleet serve: one thread takes the messages, closes rounds, publishes the global model.
                Task loop = Task.Run(() =>
                {
                    string global = FleetTopics.Global(broker.Fleet);
                    while (!stop.IsCancellationRequested && Volatile.Read(ref closed) < payloads.Length)
                    {
                        if (!inbox.TryTake(out (string Topic, byte[] Payload) message, 50, stop.Token)) continue;
                        aggregator.Offer(message.Topic, message.Payload, DateTime.UtcNow);
                        byte[] next = aggregator.CloseRoundIfDue(DateTime.UtcNow);
                        if (next == null) continue;
                        server.Publish(global, next, next.Length, true, stop.Token);
                        Interlocked.Increment(ref closed);
                    }
                });
                var clock = new Stopwatch();
                for (int r = 0; r < payloads.Length && !stop.IsCancellationRequested; r++)
                {
                    if (r == 1) clock.Start();
                    byte[][] round = payloads[r];
                    int failed = 0;
                    Parallel.For(0, publishers.Length, p =>
                    {
                        for (int k = p; k < topics.Length; k += publishers.Length)
                        {
                            if (!publishers[p].Publish(topics[k], round[k], round[k].Length, false, stop.Token)) Interlocked.Increment(ref failed);
                        }
                    });
                    if (failed > 0) throw new CliException("bench: the broker did not take " + failed + " models of round " + (r + 1) + ".");
                    // The next round's models go out once this round's global model is out, as boards would train on it first.
                    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                    while (Volatile.Read(ref closed) <= r && !stop.IsCancellationRequested)
                    {
                        if (DateTime.UtcNow > deadline) throw new CliException("bench: round " + (r + 1) + " did not close within 60 s (" + aggregator.Pending + " models arrived).");
                        Thread.Sleep(1);
                    }
                }
                clock.Stop();
                stop.Cancel();
                loop.Wait(TimeSpan.FromSeconds(5));
                return cancel.IsCancellationRequested ? double.NaN : settings.Rounds / clock.Elapsed.TotalSeconds;
            }
            finally
            {
                foreach (FleetClient publisher in publishers) publisher.Dispose();
            }
        }

        private static string Format(double value) => value.ToString(value < 100 ? "0.00" : "0", CultureInfo.InvariantCulture);
    }
}
