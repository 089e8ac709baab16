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
    public sealed class MonitorCommand : Command<MonitorCommand.Settings>
    {
        private static readonly TimeSpan ViewRefreshInterval = TimeSpan.FromMilliseconds(100);
        private readonly CliConsole _console;

        /// <summary>A command writing to <paramref name="console"/>.</summary>
        public MonitorCommand(CliConsole console)
        {
            _console = console;
        }

        /// <summary>monitor's options.</summary>
        public sealed class Settings : CommandSettings
        {
            /// <summary>--port.</summary>
            [CommandOption("-p|--port <PORT>")]
            [Description("Serial port to read report lines from, e.g. /dev/ttyUSB0, /dev/pts/4 or COM3.")]
            public string Port { get; set; }

            /// <summary>--baud.</summary>
            [CommandOption("--baud <RATE>")]
            [Description("Baud rate.")]
            [DefaultValue(SerialPorts.DefaultBaudRate)]
            public int Baud { get; set; }

            /// <summary>--csv.</summary>
            [CommandOption("--csv <FILE>")]
            [Description("Append every report to this CSV file (step,loss,avg,us,skipped,stuck,recoveries,outliers,sensor_errors,save_errors); the header is written when the file is new.")]
            public string Csv { get; set; }

            /// <summary>--png.</summary>
            [CommandOption("--png <FILE>")]
            [Description("When stopping, plot loss and its moving average against the step to this PNG file.")]
            public string Png { get; set; }

            /// <summary>--duration.</summary>
            [CommandOption("--duration <SECONDS>")]
            [Description("Stop after this many seconds.")]
            public double? Duration { get; set; }

            /// <summary>--steps.</summary>
            [CommandOption("--steps <N>")]
            [Description("Stop once a report with step >= N arrives. With --duration, running out of time first is an error (exit code 1).")]
            public int? Steps { get; set; }

            /// <inheritdoc />
            public override ValidationResult Validate()
            {
                if (string.IsNullOrWhiteSpace(Port)) return ValidationResult.Error("--port is required.");
                if (Baud < 1) return ValidationResult.Error("--baud must be a positive number.");
                if (Duration != null && !(Duration > 0 && Duration <= int.MaxValue / 1000.0)) return ValidationResult.Error("--duration must be a positive number of seconds.");
                if (Steps < 1) return ValidationResult.Error("--steps must be at least 1.");
                return ValidationResult.Success();
            }
        }

        /// <inheritdoc />
        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            var history = new LossHistory();
            using ReportCsvWriter csv = settings.Csv != null ? ReportCsvWriter.Open(settings.Csv) : null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (settings.Duration != null) stop.CancelAfter(TimeSpan.FromSeconds(settings.Duration.Value));

            bool reachedSteps = false;
            ReportLineOutput echo = _console.IsInteractive ? null : new ReportLineOutput(_console.Out, stop, _console.Error);
            var reader = new ReportStreamReader(new ActionReportSink(report =>
            {
                // Reports after the one that reached --steps (same chunk) are not part of this run.
                if (reachedSteps) return;
                history.Report(report);
                if (csv != null) csv.Report(report);
                if (echo != null) echo.Report(report);
                if (report.Step >= settings.Steps)
                {
                    reachedSteps = true;
                    stop.Cancel();
                }
            }));

            string lastStatus = null;
            Action<string> status = message =>
            {
                lastStatus = message;
                // On a terminal the live view shows it; stderr too unless that would scribble over the view.
                if (!_console.IsInteractive || _console.IsErrorRedirected) _console.Error.WriteLine("bpnano monitor: " + message);
            };
            using (var port = new ReconnectingSerialReader(settings.Port, settings.Baud, status))
            {
                if (_console.IsInteractive)
                {
                    ReadWithLiveView(port, reader, stop.Token, () => LossView.Render(history.Snapshot(),
                        settings.Port + " @ " + settings.Baud + ": " + Counts(reader) + (lastStatus != null ? "\n" + lastStatus : "")));
                }
                else
                {
                    ReadUntilStopped(port, reader, stop.Token, () => { });
                }
            }

            bool readerGone = echo != null && echo.ReaderGone;
            string why = reachedSteps ? "step " + settings.Steps + " reached"
                : cancellationToken.IsCancellationRequested ? "interrupted"
                : readerGone ? "stdout closed"
                : "--duration " + settings.Duration.Value.ToString(CultureInfo.InvariantCulture) + " s elapsed";
            _console.Error.WriteLine("# monitor stopped (" + why + "): " + Counts(reader));
            int exitCode = 0;
            if (settings.Steps != null && !reachedSteps && !cancellationToken.IsCancellationRequested && !readerGone)
            {
                _console.Error.WriteLine("error: no report reached step " + settings.Steps + " within --duration.");
                exitCode = BpnanoApp.RuntimeError;
            }
            return Math.Max(exitCode, WriteFiles(settings, history));
        }

        private void ReadWithLiveView(ReconnectingSerialReader port, ReportStreamReader reader, CancellationToken stop, Func<IRenderable> view)
        {
            _console.Ansi.Live(view()).AutoClear(false).Start(live =>
            {
                var sinceRefresh = Stopwatch.StartNew();
                ReadUntilStopped(port, reader, stop, () =>
                {
                    // Redrawing per chunk would cost more than reading at high report rates.
                    if (sinceRefresh.Elapsed < ViewRefreshInterval) return;
                    sinceRefresh.Restart();
                    live.UpdateTarget(view());
                });
                live.UpdateTarget(view());
            });
        }

        private static void ReadUntilStopped(ReconnectingSerialReader port, ReportStreamReader reader, CancellationToken stop, Action afterRead)
        {
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                int count = port.Read(buffer, stop);
                if (count > 0) reader.Feed(buffer, 0, count);
                afterRead();
            }
        }

        private int WriteFiles(Settings settings, LossHistory history)
        {
            if (settings.Csv != null) _console.Error.WriteLine("# appended " + history.Count + " reports to " + settings.Csv);
            if (settings.Png == null) return 0;
            try
            {
                LossPlot.SavePng(history.Snapshot(), settings.Png, "bpnano monitor: " + settings.Port);
                _console.Error.WriteLine("# plotted " + history.Count + " reports to " + settings.Png);
                return 0;
            }
            catch (CliException e)
            {
                _console.Error.WriteLine("error: " + e.Message);
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
