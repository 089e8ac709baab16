using System;

namespace Backprop.Nano.Cli
{
    /// <summary>An <see cref="IReportSink"/> that calls a delegate, to compose sinks without a class each.</summary>
    public sealed class ActionReportSink : IReportSink
    {
        private readonly Action<TrainingReport> _action;

        /// <summary>Calls <paramref name="action"/> with every report (the object is reused: copy what you keep).</summary>
        public ActionReportSink(Action<TrainingReport> action)
        {
            _action = action ?? throw new ArgumentNullException(nameof(action));
        }

        /// <inheritdoc />
        public void Report(TrainingReport report)
        {
            _action(report);
        }
    }
}
