using System;

namespace Backprop.Nano.Cli
{
    /// <summary>An <see cref="IReportSink"/> that calls delegates, to compose sinks without a class each.</summary>
    public sealed class ActionReportSink : IReportSink
    {
        private readonly Action<TrainingReport> _action;
        private readonly Action<string> _comment;

        /// <summary>
        /// Calls <paramref name="action"/> with every report (the object is reused: copy what you keep) and
        /// <paramref name="comment"/> (may be null: comments are dropped) with every comment line.
        /// </summary>
        public ActionReportSink(Action<TrainingReport> action, Action<string> comment = null)
        {
            _action = action ?? throw new ArgumentNullException(nameof(action));
            _comment = comment;
        }

        /// <inheritdoc />
        public void Report(TrainingReport report)
        {
            _action(report);
        }

        /// <inheritdoc />
        public void Comment(string line)
        {
            _comment?.Invoke(line);
        }
    }
}
