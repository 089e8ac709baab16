using System.Threading;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano train: the device's training loop on the desktop. Piped, stdout carries exactly the report
    /// lines a board prints (so anything built for a board can be tried on them); on a terminal, a progress
    /// bar and the live loss view. The summary goes to stderr. --resume and --save continue from and keep a model file.
    /// </summary>
    internal sealed class TrainCommand(CliConsole console) : Command<SessionSettings>
    {
        public override int Execute(CommandContext context, SessionSettings settings, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Piped, a reader that went away (| head) stops the run, as a Unix filter stops, rather than training on for nobody.
            // Comment lines go to stderr, so that stdout carries only report lines.
            IReportSink lines = console.IsInteractive ? null : new ActionReportSink(report =>
            {
                if (!console.WriteLines(new[] { ReportLine.Format(report) })) stop.Cancel();
            }, console.Error.WriteLine);
            bool completed = new TrainingRun(settings, lines).Execute(console, "training", stop.Token, null);
            // Stopped by the reader rather than by Ctrl+C: it got what it wanted, not a failure.
            return completed || !cancellationToken.IsCancellationRequested ? 0 : BpnanoApp.Interrupted;
        }
    }
}
