using System;

namespace Backprop.Nano.Cli
{
    /// <summary>An <see cref="IReportSink"/> that calls a delegate, to compose sinks without a class each; the report object is reused, so copy what you keep.</summary>
    internal sealed class ActionReportSink(Action<TrainingReport> action) : IReportSink
    {
        public void Report(TrainingReport report) => action(report);
    }
}
