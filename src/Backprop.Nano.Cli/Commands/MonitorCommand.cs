using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano monitor: reads a board's report lines from a serial port, appends them to a CSV file, charts
    /// them live on a terminal (or echoes one line per report when piped) and plots them to a PNG when it
    /// stops: on Ctrl+C, after --duration, or when a report reaches --steps. Bad input is counted, never
    /// fatal, and a port that disappears is waited for.
    /// </summary>
    internal sealed class MonitorCommand(CliConsole console) : Command<MonitorCommand.Settings>
    {
        private static readonly TimeSpan ViewRefreshInterval = TimeSpan.FromMilliseconds(100);

        /// <summary>The serial options of simulate, and what to do with the reports.</summary>
        public sealed class Settings : CommandSettings, ISerialSettings
        {
            [CommandOption("-p|--port <PORT>"), Description(SerialPorts.PortDescription)]
            public string Port { get; set; }

            [CommandOption("--baud <RATE>"), Description("Baud rate."), DefaultValue(SerialPorts.DefaultBaudRate)]
            public int Baud { get; set; }

            [CommandOption("--csv <FILE>")]
            [Description("Append every report to this CSV file (step,loss,avg,us,skipped,stuck,recoveries,outliers,sensor_errors,save_errors); the header is written when the file is new.")]
            public string Csv { get; set; }

            [CommandOption("--png <FILE>"), Description("When stopping, plot loss and its moving average against the step to this PNG file.")]
            public string Png { get; set; }

            [CommandOption("--duration <SECONDS>"), Description("Stop after this many seconds.")]
            public double? Duration { get; set; }

            [CommandOption("--steps <N>"), Description("Stop once a report with step >= N arrives. With --duration, running out of time first is an error (exit code 1).")]
            public int? Steps { get; set; }

            public override ValidationResult Validate()
            {
                string problem = SerialPorts.FindProblem(this);
                if (problem != null) return ValidationResult.Error(problem);
                if (Duration != null && !(Duration > 0 && Duration <= int.MaxValue / 1000.0)) return ValidationResult.Error("--duration must be a positive number of seconds.");
                if (Steps < 1) return ValidationResult.Error("--steps must be at least 1.");
                return ValidationResult.Success();
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            var history = new LossHistory();
            using ReportCsvWriter csv = settings.Csv != null ? ReportCsvWriter.Open(settings.Csv) : null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (settings.Duration != null) stop.CancelAfter(TimeSpan.FromSeconds(settings.Duration.Value));

            bool reachedSteps = false, readerGone = false;
            var reader = new ReportStreamReader(new ActionReportSink(report =>
            {
                // Reports after the one that reached --steps (same chunk) are not part of this run.
                if (reachedSteps) return;
                history.Report(report);
                if (csv != null) csv.Report(report);
                // Piped, one line per report; a reader that went away (| head) ends the run, as a Unix filter ends.
                readerGone = readerGone || (!console.IsInteractive && !console.WriteLines(new[] { ReportLine.Format(report) }));
                reachedSteps = report.Step >= settings.Steps;
                if (reachedSteps || readerGone) stop.Cancel();
            }));

            string lastStatus = null;
            Action<string> status = message =>
            {
                lastStatus = message;
                // On a terminal the live view shows it; stderr too unless that would scribble over the view.
                if (!console.IsInteractive || console.IsErrorRedirected) console.Error.WriteLine("bpnano monitor: " + message);
            };
            Func<IRenderable> view = () => LossView.Render(history.Snapshot(),
                settings.Port + " @ " + settings.Baud + ": " + Counts(reader) + (lastStatus != null ? "\n" + lastStatus : ""));
            using (var port = new ReconnectingSerialReader(settings, status))
            {
                if (!console.IsInteractive) ReadUntilStopped(port, reader, stop.Token, () => { });
                else console.Ansi.Live(view()).AutoClear(false).Start(live =>
                {
                    ReadUntilStopped(port, reader, stop.Token, () => live.UpdateTarget(view()));
                    live.UpdateTarget(view());
                });
            }

            string why = reachedSteps ? "step " + settings.Steps + " reached"
                : cancellationToken.IsCancellationRequested ? "interrupted"
                : readerGone ? "stdout closed"
                : "--duration " + settings.Duration.Value.ToString(CultureInfo.InvariantCulture) + " s elapsed";
            console.Error.WriteLine("# monitor stopped (" + why + "): " + Counts(reader));
            bool timedOut = settings.Steps != null && !reachedSteps && !cancellationToken.IsCancellationRequested && !readerGone;
            if (timedOut) console.Error.WriteLine("error: no report reached step " + settings.Steps + " within --duration.");
            return Math.Max(timedOut ? BpnanoApp.RuntimeError : 0, WriteFiles(settings, history));
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

        private int WriteFiles(Settings settings, LossHistory history)
        {
            if (settings.Csv != null) console.Error.WriteLine("# appended " + history.Count + " reports to " + settings.Csv);
            if (settings.Png == null) return 0;
            try
            {
                LossPlot.SavePng(history.Snapshot(), settings.Png, "bpnano monitor: " + settings.Port);
                console.Error.WriteLine("# plotted " + history.Count + " reports to " + settings.Png);
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
            return reader.Reports + " reports parsed, " + reader.MalformedLines + " malformed lines (" + reader.OverlongLines + " overlong), "
                + reader.CommentLines + " comments, " + reader.GarbageBytes + " garbage bytes";
        }
    }
}
