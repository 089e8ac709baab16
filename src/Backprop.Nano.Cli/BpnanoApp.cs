using System;
using System.Globalization;
using System.Runtime.InteropServices;
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
            // The first Ctrl+C (or SIGTERM) asks the command to stop cleanly, so that monitor still writes its
            // CSV and PNG; a second one is not intercepted and ends the process as usual.
            Console.CancelKeyPress += (sender, e) =>
            {
                e.Cancel = !stop.IsCancellationRequested;
                stop.Cancel();
            };
            using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = !stop.IsCancellationRequested;
                stop.Cancel();
            });
            return Create(CliConsole.FromSystemConsole()).Run(args, stop.Token);
        }

        /// <summary>An app whose commands write to <paramref name="console"/>; tests pass captured streams.</summary>
        public static CommandApp Create(CliConsole console)
        {
            var app = new CommandApp();
            app.Configure(config =>
            {
                // Spectre's own registrar builds the commands, handing each this console instead of System.Console.
                config.Settings.Registrar.RegisterInstance(console);
                config.SetApplicationName("bpnano");
                config.ConfigureConsole(console.Ansi);
                // Numbers on the command line read the same everywhere: "0.01", never "0,01".
                config.SetApplicationCulture(CultureInfo.InvariantCulture);
                // A mistyped option is an error, not a silently ignored extra argument.
                config.UseStrictParsing();
                config.SetExceptionHandler((exception, _) =>
                {
                    // Parse and validation errors name the option; anything but those and a CliException is a bug: keep its stack trace.
                    bool usage = exception is CommandAppException;
                    console.Error.WriteLine("error: " + (usage || exception is CliException ? exception.Message : exception.ToString()));
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
                    .WithDescription("Stand in for a board: train on the desktop and write the report lines to a serial port.")
                    .WithExample("simulate", "--port", "/dev/pts/3", "--period-ms", "1");
                config.AddCommand<MonitorCommand>("monitor")
                    .WithDescription("Read report lines from a serial port, chart them live, save them as CSV and PNG.")
                    .WithExample("monitor", "--port", "/dev/ttyUSB0", "--csv", "loss.csv", "--png", "loss.png");
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
    }
}
