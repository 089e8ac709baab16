using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Every report of a run, copied. Thread-safe: the training or serial thread adds while the live view's
    /// refresh thread reads.
    /// </summary>
    internal sealed class LossHistory : IReportSink
    {
        private readonly object _gate = new object();
        private readonly List<TrainingReport> _reports = new List<TrainingReport>();

        public int Count => Snapshot().Length;

        /// <summary>Keeps a copy of <paramref name="report"/> (senders reuse their report object).</summary>
        public void Report(TrainingReport report)
        {
            var copy = new TrainingReport();
            copy.CopyFrom(report);
            lock (_gate) _reports.Add(copy);
        }

        /// <summary>Comments carry no loss: ignored.</summary>
        public void Comment(string line) { }

        /// <summary>The reports so far, oldest first; the caller must not change them.</summary>
        public TrainingReport[] Snapshot()
        {
            lock (_gate) return _reports.ToArray();
        }
    }
}
