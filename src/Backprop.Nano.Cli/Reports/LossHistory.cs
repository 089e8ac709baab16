using System.Collections.Generic;
using System.Linq;

namespace Backprop.Nano.Cli
{
    /// <summary>One plotted point: a step of a session, and one value per plotted key (NaN where a row has none).</summary>
    internal sealed record PlotPoint(double Step, int Session, double[] Values);

    /// <summary>What the live views, the summary and the PNG read from a <see cref="LossHistory"/> at one moment.</summary>
    internal sealed record HistorySnapshot(PlotPoint[] Points, TrainingReport[] Latest, TrainingReport First, long Reports, int Sessions,
        KeyValuePair<string, double[]>[] Series);

    /// <summary>
    /// A run's reports in bounded memory: loss and avg of at most <see cref="Capacity"/> reports spread over the whole run
    /// (<see cref="DecimatingBuffer{T}"/>), the first and the latest few whole, and the values of other keys for the live
    /// view's sparklines. A report whose step is not above the previous one starts a new session (a board reset, a
    /// second run), so that plots draw each session on its own instead of a line back to its start. Thread-safe: the
    /// training or serial thread adds while the live view's refresh thread reads.
    /// </summary>
    internal sealed class LossHistory : IReportSink
    {
        public const int Capacity = 2048;
        private const int LatestCount = 6, MaxSeries = 12;
        private readonly object _gate = new object();
        private readonly DecimatingBuffer<PlotPoint> _points = new DecimatingBuffer<PlotPoint>(Capacity);
        private readonly Queue<TrainingReport> _latest = new Queue<TrainingReport>();
        private readonly Dictionary<string, DecimatingBuffer<double>> _series = new Dictionary<string, DecimatingBuffer<double>>();
        private TrainingReport _first;
        private long _previousStep = -1;

        /// <summary>Reports so far.</summary>
        public long Count
        {
            get { lock (_gate) return _points.Seen; }
        }

        /// <summary>The session of the latest report: 1, plus one for each time the step went back.</summary>
        public int Session { get; private set; } = 1;

        /// <summary>Keeps a copy of <paramref name="report"/> (senders reuse their report object); returns its session.</summary>
        public int Add(TrainingReport report)
        {
            var copy = new TrainingReport();
            copy.CopyFrom(report);
            lock (_gate)
            {
                if (_previousStep >= 0 && report.Step <= _previousStep) Session++;
                _previousStep = report.Step;
                _first ??= copy;
                _points.Add(new PlotPoint(report.Step, Session, new double[] { report.Loss, report.AverageLoss }));
                _latest.Enqueue(copy);
                if (_latest.Count > LatestCount) _latest.Dequeue();
                return Session;
            }
        }

        public void Report(TrainingReport report) => Add(report);

        /// <summary>Comments carry no loss: ignored.</summary>
        public void Comment(string line) { }

        /// <summary>Adds a value of another key (us, a benchmark's train_us) to its sparkline; keys beyond the first 12 are not drawn.</summary>
        public void AddValue(string key, double value)
        {
            lock (_gate)
            {
                if (!_series.TryGetValue(key, out DecimatingBuffer<double> series))
                {
                    if (_series.Count >= MaxSeries) return;
                    _series[key] = series = new DecimatingBuffer<double>(Capacity);
                }
                series.Add(value);
            }
        }

        public HistorySnapshot Snapshot()
        {
            lock (_gate)
            {
                return new HistorySnapshot(_points.ToArray(), _latest.ToArray(), _first, _points.Seen, Session,
                    _series.Select(pair => new KeyValuePair<string, double[]>(pair.Key, pair.Value.ToArray())).ToArray());
            }
        }
    }
}
