using System.Threading;
using Spectre.Console;

namespace Backprop.Nano.Cli
{
    /// <summary>What train and simulate show on a terminal: a progress bar over the live loss view.</summary>
    public static class SessionProgress
    {
        /// <summary>Runs <paramref name="run"/> under the progress display; true when all readings were taken.</summary>
        public static bool Run(IAnsiConsole ansi, TrainingRun run, string description, CancellationToken cancel)
        {
            return ansi.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                // The hook runs on Spectre's refresh thread; LossHistory.Snapshot is safe against the training thread.
                .UseRenderHook((progress, _) => new Rows(progress, LossView.Render(run.History.Snapshot(), null)))
                .Start(context =>
                {
                    ProgressTask task = context.AddTask(description, true, run.Readings > 0 ? run.Readings : 1);
                    task.IsIndeterminate = run.Readings == 0;
                    bool completed = run.Run(cancel, readings => task.Value = readings);
                    if (completed) task.Value = task.MaxValue;
                    task.StopTask();
                    context.Refresh();
                    return completed;
                });
        }
    }
}
