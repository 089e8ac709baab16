using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano fleet serve: the fleet's aggregator. Subscribes to every board's model, averages each round
    /// (<see cref="FleetAggregator"/>), publishes the global model retained with QoS 1 so that a board connecting later gets it
    /// at once, and keeps it in --model, from which a restart resumes the round count. One line per round on stdout.
    /// </summary>
    internal sealed class FleetServeCommand(CliConsole console) : Command<FleetServeCommand.Settings>
    {
        public sealed class Settings : BrokerSettings
        {
            [CommandOption("--model <FILE>"), Description("Keep the global model in this file (replaced atomically after each round); when it holds one, start from it and its round.")]
            public string Model { get; set; }

            [CommandOption("--round-models <K>"), Description("Close a round once this many boards sent a model."), DefaultValue(8)]
            public int RoundModels { get; set; }

            [CommandOption("--round-seconds <T>"), Description("Close a round this many seconds after its first model, however many boards sent one (a silent board does not stall the fleet)."), DefaultValue(30.0)]
            public double RoundSeconds { get; set; }

            [CommandOption("--rounds <N>"), Description("Stop after this many rounds (counting from the start of this run).")]
            public int? Rounds { get; set; }

            [CommandOption("--duration <SECONDS>"), Description("Stop after this many seconds.")]
            public double? Duration { get; set; }

            public override ValidationResult Validate()
            {
                string problem = Cli.Broker.FindProblem(this);
                if (problem != null) return ValidationResult.Error(problem);
                if (RoundModels < 1) return ValidationResult.Error("--round-models must be at least 1.");
                if (!(RoundSeconds > 0 && RoundSeconds <= 86400)) return ValidationResult.Error("--round-seconds must be more than 0 and at most 86400.");
                if (Rounds < 1) return ValidationResult.Error("--rounds must be at least 1.");
                if (Duration != null && !(Duration > 0 && Duration <= int.MaxValue / 1000.0)) return ValidationResult.Error("--duration must be a positive number of seconds.");
                if (Model != null && string.IsNullOrWhiteSpace(Model)) return ValidationResult.Error("--model needs a file name.");
                return ValidationResult.Success();
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            Broker broker = Cli.Broker.From(settings);
            var aggregator = new FleetAggregator(broker.Fleet, settings.RoundModels, TimeSpan.FromSeconds(settings.RoundSeconds), settings.Model);
            if (aggregator.Resumed) console.Error.WriteLine("# resumed " + settings.Model + " at round " + aggregator.Round);
            var inbox = new BlockingCollection<(string Topic, byte[] Payload)>();
            using var client = new FleetClient(broker, "bpnano-" + broker.Fleet + "-aggregator", new[] { FleetTopics.AllModels(broker.Fleet) },
                (topic, payload) => inbox.Add((topic, payload)), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
            client.Status = message => console.Error.WriteLine("# fleet serve: " + message);
            aggregator.Quarantining = device => console.Error.WriteLine("# quarantined " + device + " for " + aggregator.QuarantineFor.TotalMinutes.ToString(CultureInfo.InvariantCulture)
                + " min: " + FleetAggregator.QuarantineAfter + " rejected or capped models in a row");
            client.Connect(cancellationToken);
            console.Error.WriteLine("# fleet serve: fleet " + broker.Fleet + " on " + broker + ", rounds of " + settings.RoundModels + " boards or "
                + settings.RoundSeconds.ToString(CultureInfo.InvariantCulture) + " s");
            string global = FleetTopics.Global(broker.Fleet);
            // A resumed global model goes out at once: boards joining before the next round start from it.
            bool unpublished = aggregator.GlobalPayload != null;

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (settings.Duration != null) stop.CancelAfter(TimeSpan.FromSeconds(settings.Duration.Value));
            uint firstRound = aggregator.Round;
            int publishFailures = 0, saveErrors = 0, dropsUnwritten = 0;
            double dropLines = DropLineBurst;
            DateTime lastDropLine = DateTime.UtcNow;
            while (!stop.IsCancellationRequested)
            {
                if (inbox.TryTake(out (string Topic, byte[] Payload) message, 50))
                {
                    DateTime now = DateTime.UtcNow;
                    if (aggregator.Offer(message.Topic, message.Payload, now) is ModelOutcome outcome && outcome != ModelOutcome.Accepted
                        && outcome != ModelOutcome.Replaced && outcome != ModelOutcome.Foreign)
                    {
                        // A burst of DropLineBurst lines, then one a second: a flood of bad payloads is counted, not written out one by one.
                        dropLines = Math.Min(DropLineBurst, dropLines + (now - lastDropLine).TotalSeconds);
                        lastDropLine = now;
                        if (dropLines >= 1)
                        {
                            dropLines--;
                            console.Error.WriteLine("# dropped (" + outcome + ") " + aggregator.LastRejection
                                + (dropsUnwritten > 0 ? " (and " + dropsUnwritten + " more not written)" : ""));
                            dropsUnwritten = 0;
                        }
                        else
                        {
                            dropsUnwritten++;
                        }
                    }
                }
                try
                {
                    if (aggregator.CloseRoundIfDue(DateTime.UtcNow) != null)
                    {
                        unpublished = true;
                        console.WriteLines(new[] { RoundLine(aggregator) });
                    }
                }
                catch (CliException e)
                {
                    // A full or failing disk costs that round, not the aggregator: the previous file stays, the next round tries again.
                    saveErrors++;
                    console.Error.WriteLine("# error: round " + (aggregator.Round + 1) + " not saved, its models dropped: " + e.Message);
                }
                // Retried until the broker takes it: after a broker restart the retained global must be there again.
                if (unpublished && client.IsConnected)
                {
                    unpublished = !client.Publish(global, aggregator.GlobalPayload, aggregator.GlobalPayload.Length, true, stop.Token);
                    if (unpublished) publishFailures++;
                }
                if (settings.Rounds != null && aggregator.Round - firstRound >= settings.Rounds && !unpublished) break;
            }
            console.Error.WriteLine("# fleet serve stopped at round " + aggregator.Round + ": " + Counts(aggregator) + ", " + client.Reconnects + " reconnects"
                + (publishFailures > 0 ? ", " + publishFailures + " global publishes retried" : "")
                + (saveErrors > 0 ? ", " + saveErrors + " rounds not saved" : ""));
            return cancellationToken.IsCancellationRequested ? BpnanoApp.Interrupted : 0;
        }

        /// <summary>Dropped-payload lines written at once before they are limited to one a second.</summary>
        public const int DropLineBurst = 10;

        /// <summary>round:N models:K samples:S and the running counts, as key:value pairs like a report line.</summary>
        public static string RoundLine(FleetAggregator aggregator) =>
            "round:" + aggregator.Round + " models:" + aggregator.LastRoundModels + " samples:" + aggregator.GlobalSamples + " " + Counts(aggregator).Replace(", ", " ");

        private static string Counts(FleetAggregator aggregator) =>
            "accepted:" + aggregator.Accepted + ", replaced:" + aggregator.Replaced + ", stale:" + aggregator.Stale
            + ", invalid:" + aggregator.Invalid + ", wrong_shape:" + aggregator.WrongShape + ", table_full:" + aggregator.TableFull
            + ", capped:" + aggregator.Capped + ", quarantined:" + aggregator.Quarantine.Count + ", quarantined_models:" + aggregator.QuarantinedModels
            + (aggregator.LastCapped.Count > 0 ? ", capped_last:" + string.Join("+", aggregator.LastCapped) : "");
    }
}
