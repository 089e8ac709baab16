using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano monitor: reads what a board prints on a serial port and shows all of it: report lines and other key:value lines
    /// (a benchmark's) on stdout when piped, comments ('#') and anything else on stderr, errors highlighted; on a terminal, a
    /// live view with a sparkline per numeric key and the board's latest messages. --csv keeps every line with its time and
    /// session; --png plots loss and avg when it stops (on Ctrl+C, after --duration, or when a report reaches --steps). Bad
    /// input is counted, never fatal, and a port that disappears is waited for. With --mqtt, every board of a fleet on a broker
    /// instead (<see cref="FleetMonitor"/>).
    /// </summary>
    internal sealed class MonitorCommand(CliConsole console) : Command<MonitorCommand.Settings>
    {
        private static readonly TimeSpan ViewRefreshInterval = TimeSpan.FromMilliseconds(100);
        private const int BoardLinesShown = 5;
        // The report's own keys, drawn as loss and avg or shown as the counters line; other numeric keys get a sparkline.
        private static readonly HashSet<string> ReportKeys = new HashSet<string> { "step", "loss", "avg", "skipped", "stuck", "recoveries", "outliers", "sensor_errors", "save_errors" };

        /// <summary>The serial options of simulate, and what to do with the lines.</summary>
        public sealed class Settings : BrokerSettings, ISerialSettings
        {
            [CommandOption("-p|--port <PORT>"), Description(SerialPorts.PortDescription)]
            public string Port { get; set; }

            [CommandOption("--baud <RATE>"), Description("Baud rate."), DefaultValue(SerialPorts.DefaultBaudRate)]
            public int Baud { get; set; }

            [CommandOption("--csv <FILE>")]
            [Description("Keep every line in this CSV file: time, session, a column per numeric key, a note for the rest. An existing monitor CSV is appended to; another file needs --force.")]
            public string Csv { get; set; }

            [CommandOption("--png <FILE>"), Description("When stopping, plot loss and avg against the step to this PNG file (bpnano plot draws the CSV later).")]
            public string Png { get; set; }

            [CommandOption("--force"), Description("Let --png replace an existing file and --csv replace a file that is not a monitor CSV.")]
            public bool Force { get; set; }

            [CommandOption("--duration <SECONDS>"), Description("Stop after this many seconds.")]
            public double? Duration { get; set; }

            [CommandOption("--steps <N>"), Description("Stop once a report with step >= N arrives. With --duration, running out of time first is an error (exit code 1).")]
            public long? Steps { get; set; }

            [CommandOption("--mqtt"), Description("Monitor every board of a fleet on an MQTT broker (--broker) instead of one board on a serial port.")]
            public bool Mqtt { get; set; }


            [CommandOption("--csv-dir <DIR>"), Description("With --mqtt: keep one monitor CSV per board in this directory (DEVICE.csv), appended to as --csv is.")]
            public string CsvDirectory { get; set; }

            public override ValidationResult Validate()
            {
                if (Mqtt) return FindFleetProblem() is string fleetProblem ? ValidationResult.Error(fleetProblem) : ValidationResult.Success();
                if (CsvDirectory != null) return ValidationResult.Error("--csv-dir keeps the boards of --mqtt; one board on a serial port is kept with --csv.");
                string problem = SerialPorts.FindProblem(this);
                if (problem != null) return ValidationResult.Error(problem);
                if (Duration != null && !(Duration > 0 && Duration <= int.MaxValue / 1000.0)) return ValidationResult.Error("--duration must be a positive number of seconds.");
                if (Steps < 1) return ValidationResult.Error("--steps must be at least 1.");
                return ValidationResult.Success();
            }

            private string FindFleetProblem()
            {
                if (Port != null) return "--port and --mqtt exclude each other: a board on a serial port or a fleet on a broker.";
                if (Csv != null || Png != null || Steps != null) return "--csv, --png and --steps are for one board on a serial port; with --mqtt, --csv-dir keeps a CSV per board.";
                if (CsvDirectory != null && string.IsNullOrWhiteSpace(CsvDirectory)) return "--csv-dir needs a directory.";
                if (Duration != null && !(Duration > 0 && Duration <= int.MaxValue / 1000.0)) return "--duration must be a positive number of seconds.";
                return Cli.Broker.FindProblem(this);
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            if (settings.Mqtt) return new FleetMonitor(settings).Run(console, cancellationToken);
            // Every file is checked before the first byte is read: a run must not end in "cannot write".
            if (settings.Png != null) OutputFile.Check(settings.Png, "--png", settings.Force);
            using BoardCsvWriter csv = settings.Csv != null ? BoardCsvWriter.Open(settings.Csv, settings.Force) : null;
            using var port = new ReconnectingSerialReader(settings, null, SerialPorts.OpenFirst(settings));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (settings.Duration != null) stop.CancelAfter(TimeSpan.FromSeconds(settings.Duration.Value));

            var history = new LossHistory();
            var latestLines = new Queue<string>();
            bool reachedSteps = false, readerGone = false, ignoring = false;
            int session = 1, sessionBase = csv?.LastSession ?? 0;
            bool showOnStderr = !console.IsInteractive || console.IsErrorRedirected;
            var reader = new ReportStreamReader(new ActionReportSink(report =>
            {
                // Reports after the one that reached --steps (same chunk) are not part of this run.
                ignoring = reachedSteps;
                if (ignoring) return;
                session = history.Add(report);
                reachedSteps = report.Step >= settings.Steps;
            }), ReportStreamReader.DefaultMaxLineLength, (kind, line) =>
            {
                if (ignoring && kind == BoardLineKind.Report) return;
                List<KeyValuePair<string, string>> pairs = kind == BoardLineKind.Report || kind == BoardLineKind.Values ? BoardLine.Pairs(line) : null;
                csv?.Write(DateTimeOffset.Now, sessionBase + session, pairs, pairs == null ? line : null);
                if (pairs != null)
                {
                    foreach (KeyValuePair<string, string> pair in pairs)
                    {
                        if (!ReportKeys.Contains(pair.Key) && BoardLine.TryNumber(pair.Value, out double value)) history.AddValue(pair.Key, value);
                    }
                    // Piped, the board's data lines as they came; a reader that went away (| head) ends the run, as a Unix filter ends.
                    readerGone = readerGone || (!console.IsInteractive && !console.WriteLines(new[] { line }));
                }
                else
                {
                    lock (latestLines)
                    {
                        latestLines.Enqueue(line);
                        if (latestLines.Count > BoardLinesShown) latestLines.Dequeue();
                    }
                    if (showOnStderr) console.WriteBoardLine(kind == BoardLineKind.Malformed ? "? " + line : line, BoardLine.IsError(line));
                }
                if (reachedSteps || readerGone) stop.Cancel();
            });

            string lastStatus = null;
            port.Status = message =>
            {
                lastStatus = message;
                // On a terminal the live view shows it; stderr too unless that would scribble over the view.
                if (showOnStderr) console.Error.WriteLine("bpnano monitor: " + message);
            };
            Func<IRenderable> view = () =>
            {
                string[] lines;
                lock (latestLines) lines = latestLines.ToArray();
                return LossView.Render(history.Snapshot(), settings.Port + " @ " + settings.Baud + ": " + Counts(reader) + (lastStatus != null ? "\n" + lastStatus : ""),
                    console.Ansi.Profile.Width, lines);
            };
            if (!console.IsInteractive) ReadUntilStopped(port, reader, stop.Token, () => { });
            else console.Ansi.Live(view()).AutoClear(false).Start(live =>
            {
                ReadUntilStopped(port, reader, stop.Token, () => live.UpdateTarget(view()));
                live.UpdateTarget(view());
            });

            string why = reachedSteps ? "step " + settings.Steps + " reached"
                : cancellationToken.IsCancellationRequested ? "interrupted"
                : readerGone ? "stdout closed"
                : "--duration " + settings.Duration.Value.ToString(CultureInfo.InvariantCulture) + " s elapsed";
            console.Error.WriteLine("# monitor stopped (" + why + "): " + Counts(reader));
            bool timedOut = settings.Steps != null && !reachedSteps && !cancellationToken.IsCancellationRequested && !readerGone;
            if (timedOut) console.Error.WriteLine("error: no report reached step " + settings.Steps + " within --duration.");
            if (csv != null) console.Error.WriteLine("# wrote " + (reader.Reports + reader.ValueLines + reader.CommentLines + reader.MalformedLines)
                + " lines to " + settings.Csv + " (" + csv.Columns.Count + " columns)");
            return Math.Max(timedOut ? BpnanoApp.RuntimeError : 0, WritePng(settings, history));
        }

        private static void ReadUntilStopped(ReconnectingSerialReader port, ReportStreamReader reader, CancellationToken stop, Action refresh)
        {
            var buffer = new byte[4096];
            var sinceRefresh = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                int count = port.Read(buffer, stop);
                if (count > 0) reader.Feed(buffer, 0, count);
                // Redrawing per chunk would cost more than reading at high report rates.
                if (sinceRefresh.Elapsed < ViewRefreshInterval) continue;
                sinceRefresh.Restart();
                refresh();
            }
        }

        private int WritePng(Settings settings, LossHistory history)
        {
            if (settings.Png == null) return 0;
            try
            {
                HistorySnapshot snapshot = history.Snapshot();
                LossPlot.SavePng(new[] { "loss", "avg" }, snapshot.Points, settings.Png, "bpnano monitor: " + settings.Port);
                console.Error.WriteLine("# plotted " + snapshot.Reports + " reports to " + settings.Png
                    + (snapshot.Points.Length < snapshot.Reports ? " (" + snapshot.Points.Length + " of them, spread evenly)" : ""));
                return 0;
            }
            catch (CliException e)
            {
                console.Error.WriteLine("error: " + e.Message);
                return BpnanoApp.RuntimeError;
            }
        }

        private static string Counts(ReportStreamReader reader)
        {
            return reader.Reports + " reports parsed, " + reader.ValueLines + " other value lines, " + reader.MalformedLines + " malformed lines ("
                + reader.OverlongLines + " overlong), " + reader.CommentLines + " comments, " + reader.GarbageBytes + " garbage bytes";
        }
    }
}
