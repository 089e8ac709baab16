using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Backprop.Nano.Cli
{
    /// <summary>Entry point of bpnano.</summary>
    public static class Program
    {
        /// <summary>Runs the command line; the exit code is 0 on success.</summary>
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
            return BpnanoApp.Create(CliConsole.FromSystemConsole()).Run(args, stop.Token);
        }
    }
}
