using System.Threading;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano train: the device's training loop on the desktop. Piped, stdout carries exactly the report
    /// lines a board prints (so anything built for a board can be tried on them); on a terminal, a progress
    /// bar and the live loss view. The summary goes to stderr. --resume and --save continue from and keep a model file.
    /// </summary>
    public sealed class TrainCommand : Command<TrainCommand.Settings>
    {
        private readonly CliConsole _console;

        /// <summary>A command writing to <paramref name="console"/>.</summary>
        public TrainCommand(CliConsole console)
        {
            _console = console;
        }

        /// <summary>train's options: the shared session options.</summary>
        public sealed class Settings : SessionSettings
        {
        }

        /// <inheritdoc />
        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ReportLineOutput lines = _console.IsInteractive ? null : new ReportLineOutput(_console.Out, stop, _console.Error);
            TrainingRun run = TrainingRun.Create(settings, lines);
            if (run.ResumedLine != null) _console.Error.WriteLine(run.ResumedLine);
            bool completed = _console.IsInteractive
                ? SessionProgress.Run(_console.Ansi, run, "training", stop.Token)
                : run.Run(stop.Token, null);
            // However the run ended (Ctrl+C and a closed pipe included), the training done is kept.
            run.SaveModel();
            foreach (string line in run.SummaryLines()) _console.Error.WriteLine(line);
            // A reader that stopped reading (| head) got what it wanted: not a failure.
            return completed || (lines != null && lines.ReaderGone) ? 0 : BpnanoApp.Interrupted;
        }
    }
}
