using System;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>The command line of bpnano: its commands, and how errors become exit codes.</summary>
    internal static class BpnanoApp
    {
        // Exit codes: a run that failed at run time (file, port, data); a command line that does not parse or validate;
        // a run stopped by Ctrl+C before it finished (128 + SIGINT, as shells report it).
        public const int RuntimeError = 1, UsageError = 2, Interrupted = 130;

        public static int Main(string[] args)
        {
            using var stop = new CancellationTokenSource();
            // The first Ctrl+C, SIGTERM or SIGHUP (terminal closed, SSH dropped) asks the command to stop cleanly, so that
            // --save, --csv and --png still happen; a second one is not intercepted and ends the process as usual.
            int signal = 0;
            Action<PosixSignalContext> stopCleanly = context =>
            {
                context.Cancel = !stop.IsCancellationRequested;
                if (signal == 0) signal = SignalNumber(context.Signal);
                stop.Cancel();
            };
            using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, stopCleanly);
            using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, stopCleanly);
            using PosixSignalRegistration hangUp = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, stopCleanly);
            int exitCode = Create(CliConsole.FromSystemConsole()).Run(args, stop.Token);
            // 128 + the signal, as shells report it: 129 for a hang-up, 143 for SIGTERM.
            return exitCode == Interrupted && signal != 0 ? 128 + signal : exitCode;
        }

        // PosixSignal's values are .NET's own (negative); the exit code needs the POSIX numbers.
        private static int SignalNumber(PosixSignal signal) => signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGTERM => 15,
            _ => 2,
        };

        /// <summary>An app whose commands write to <paramref name="console"/>; tests pass captured streams.</summary>
        public static CommandApp Create(CliConsole console)
        {
            var app = new CommandApp();
            app.Configure(config =>
            {
                // Spectre's own registrar builds the commands, handing each this console instead of System.Console.
                config.Settings.Registrar.RegisterInstance(console);
                config.SetApplicationName("bpnano");
                config.SetApplicationVersion(Version);
                config.ConfigureConsole(console.Ansi);
                // Numbers on the command line read the same everywhere: "0.01", never "0,01".
                config.SetApplicationCulture(CultureInfo.InvariantCulture);
                // A mistyped option is an error, not a silently ignored extra argument.
                config.UseStrictParsing();
                config.SetExceptionHandler((exception, _) =>
                {
                    // Parse and validation errors name the option; anything but those and a CliException is a bug: keep its stack trace.
                    bool usage = exception is CommandAppException;
                    console.Error.WriteLine("error: " + (usage ? PlainTypeNames(exception) : exception is CliException ? exception.Message : exception.ToString()));
                    if (usage) console.Error.WriteLine("Run 'bpnano --help' or 'bpnano COMMAND --help' for the options.");
                    return usage ? UsageError : RuntimeError;
                });

                config.AddCommand<TrainCommand>("train")
                    .WithDescription("Train on the synthetic sensor or a CSV recording, printing the device's report lines.")
                    .WithExample("train")
                    .WithExample("train", "--readings", "20000", "--hidden", "32")
                    .WithExample("train", "--csv", "log.csv", "--columns", "temp,light", "--target", "light")
                    .WithExample("train", "--save", "model.bin", "--checkpoint-every", "1000")
                    .WithExample("train", "--resume", "model.bin", "--save", "model.bin", "--readings", "20000");
                config.AddCommand<SimulateCommand>("simulate")
                    .WithDescription("Stand in for a board: train on the desktop and write the report lines to a serial port; with --mqtt, a fleet of boards on a broker.")
                    .WithExample("simulate", "--port", "/dev/pts/3", "--period-ms", "1")
                    .WithExample("simulate", "--mqtt", "--broker", "localhost:1883", "--username", "sim", "--fleet", "lab", "--devices", "8");
                config.AddBranch("fleet", fleet =>
                {
                    fleet.SetDescription("Boards that learn together through an MQTT broker.");
                    fleet.AddCommand<FleetServeCommand>("serve")
                        .WithDescription("The fleet's aggregator: average the boards' models each round (federated averaging) and publish the global model.")
                        .WithExample("fleet", "serve", "--broker", "localhost:1883", "--username", "aggregator", "--fleet", "lab", "--model", "global.bin");
                    fleet.AddCommand<FleetBenchCommand>("bench")
                        .WithDescription("The aggregator's rounds per second with many simulated boards, in-process and (with --broker) through the broker.")
                        .WithExample("fleet", "bench", "--boards", "1000")
                        .WithExample("fleet", "bench", "--boards", "1000", "--broker", "localhost:1883", "--username", "bench");
                });
                config.AddCommand<MonitorCommand>("monitor")
                    .WithDescription("Show everything a board prints on a serial port, chart every numeric key live, keep the lines as CSV and plot a PNG.")
                    .WithExample("monitor", "--port", "/dev/ttyUSB0", "--csv", "run.csv", "--png", "loss.png")
                    .WithExample("monitor", "--mqtt", "--broker", "localhost:1883", "--username", "monitor", "--fleet", "lab", "--csv-dir", "boards");
                config.AddCommand<PortsCommand>("ports")
                    .WithDescription("List the serial ports, naming the USB-serial bridges of ESP32 boards (CP210x, CH340, ...).")
                    .WithExample("ports");
                config.AddCommand<PlotCommand>("plot")
                    .WithDescription("Plot a CSV from monitor --csv (loss and avg, or --keys) to a PNG, optionally smoothed.")
                    .WithExample("plot", "run.csv", "--png", "loss.png")
                    .WithExample("plot", "run.csv", "--png", "us.png", "--keys", "us", "--smooth", "20");
                config.AddCommand<EvalCommand>("eval")
                    .WithDescription("A model's loss on a CSV recording, next to the loss of predicting the same as the last reading.")
                    .WithExample("eval", "model.bin", "--csv", "log.csv");
                config.AddCommand<NabCommand>("nab")
                    .WithDescription("Run the board's trainer over NAB's labelled sensor series and score its alerts by NAB's rules, next to HTM's and ARTime's.")
                    .WithExample("nab", "../shared/data/nab")
                    .WithExample("nab", "NAB/data/realTraffic/speed_7578.csv", "--spike-limit", "5");
                config.AddCommand<RealDataCommand>("realdata")
                    .WithDescription("Every real-data figure in one run: NAB's scores, gestures recognised (trained, then frozen on new ones) and the synthetic classes.")
                    .WithExample("realdata", "../shared/data")
                    .WithExample("realdata", "../shared/data", "--part", "gestures");
                config.AddCommand<InspectCommand>("inspect")
                    .WithDescription("Show what a model file holds (shape, step, standardizer, weight statistics) and whether it is valid.")
                    .WithExample("inspect", "model.bin");
                config.AddCommand<FootprintCommand>("footprint")
                    .WithDescription("Estimate the memory a trainer or network allocates, or the largest hidden count within a budget.")
                    .WithExample("footprint")
                    .WithExample("footprint", "--hidden", "32", "--momentum", "0.9")
                    .WithExample("footprint", "--no-optimizer", "--inputs", "8", "--outputs", "1", "--hidden", "64")
                    .WithExample("footprint", "--budget", "49152")
                    .WithExample("footprint", "--table");
            });
            return app;
        }

        /// <summary>The informational version of bpnano (what --version prints).</summary>
        public static string Version =>
            typeof(BpnanoApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

        // Spectre names the option's .NET type when a value does not convert ("Failed to convert '1e9' to Nullable`1."):
        // say what kind of value the option takes instead.
        private static string PlainTypeNames(Exception exception)
        {
            string message = exception.Message;
            if (!message.StartsWith("Failed to convert", StringComparison.Ordinal)) return message;
            string inner = exception.InnerException?.Message ?? "";
            string kind = inner.Contains("Int32") || inner.Contains("Int64") ? "a whole number"
                : inner.Contains("Single") || inner.Contains("Double") ? "a number such as 0.01"
                : "a value of another kind";
            return Regex.Replace(message, @"to [\w`]+\.?$", "to " + kind + " (see --help).");
        }
    }
}
