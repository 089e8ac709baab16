using System;
using System.Globalization;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>The command line of bpnano: its commands, and how errors become exit codes.</summary>
    public static class BpnanoApp
    {
        /// <summary>Exit code of a run that failed at run time (file, port, data).</summary>
        public const int RuntimeError = 1;

        /// <summary>Exit code of a command line that does not parse or validate.</summary>
        public const int UsageError = 2;

        /// <summary>Exit code of a run stopped by Ctrl+C before it finished (128 + SIGINT, as shells report it).</summary>
        public const int Interrupted = 130;

        /// <summary>An app whose commands write to <paramref name="console"/>; tests pass captured streams.</summary>
        public static CommandApp Create(CliConsole console)
        {
            var registrar = new TypeRegistrar();
            registrar.RegisterInstance(typeof(CliConsole), console);
            var app = new CommandApp(registrar);
            app.Configure(config =>
            {
                config.SetApplicationName("bpnano");
                config.ConfigureConsole(console.Ansi);
                // Numbers on the command line read the same everywhere: "0.01", never "0,01".
                config.SetApplicationCulture(CultureInfo.InvariantCulture);
                // A mistyped option is an error, not a silently ignored extra argument.
                config.UseStrictParsing();
                config.SetExceptionHandler((exception, _) => ReportError(console, exception));

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

        private static int ReportError(CliConsole console, Exception exception)
        {
            switch (exception)
            {
                case CliException _:
                    console.Error.WriteLine("error: " + exception.Message);
                    return RuntimeError;
                case CommandAppException _:
                    // Parse and validation errors: the message names the option.
                    console.Error.WriteLine("error: " + exception.Message);
                    console.Error.WriteLine("Run 'bpnano --help' or 'bpnano COMMAND --help' for the options.");
                    return UsageError;
                default:
                    // A bug rather than a user error: keep the stack trace.
                    console.Error.WriteLine("error: " + exception);
                    return RuntimeError;
            }
        }
    }
}
