using System;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// An <see cref="IReportSink"/> that calls delegates, to compose sinks without a class each; the report object is reused,
    /// so copy what you keep. <paramref name="comment"/> (may be null: comments are dropped) gets every comment line.
    /// </summary>
    internal sealed class ActionReportSink(Action<TrainingReport> action, Action<string> comment = null) : IReportSink
    {
        public void Report(TrainingReport report) => action(report);

        public void Comment(string line) => comment?.Invoke(line);
    }
}
