using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Spectre.Console;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano monitor --mqtt: every board of a fleet, from the report lines they publish. One row per device (step, last loss,
    /// avg, alerts, last seen) live on a terminal and at the end on stderr; piped, each line on stdout prefixed with its
    /// device as one more key (device:NAME step:... loss:...). --csv-dir keeps one monitor CSV per device. A payload that
    /// is not a report line is counted, and kept in the CSV's note.
    /// </summary>
    internal sealed class FleetMonitor
    {
        private static readonly TimeSpan ViewRefreshInterval = TimeSpan.FromMilliseconds(250);
        private readonly MonitorCommand.Settings _settings;
        private readonly SortedDictionary<string, Board> _boards = new SortedDictionary<string, Board>(StringComparer.Ordinal);

        public FleetMonitor(MonitorCommand.Settings settings)
        {
            _settings = settings;
        }

        /// <summary>Report lines taken, and payloads that were not report lines.</summary>
        public int Reports { get; private set; }
        public int Malformed { get; private set; }

        /// <summary>The file name (without directory) of a device's CSV: letters, digits, '-', '_' and '.' kept, anything else as %XX, so no name leaves the directory.</summary>
        public static string CsvFileName(string device)
        {
            var name = new StringBuilder();
            foreach (byte b in Encoding.UTF8.GetBytes(device))
            {
                char c = (char)b;
                if (char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_' || (c == '.' && name.Length > 0)) name.Append(c);
                else name.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return name + ".csv";
        }

        public int Run(CliConsole console, CancellationToken cancellationToken)
        {
            Broker broker = Broker.From(_settings);
            if (_settings.CsvDirectory != null) Directory.CreateDirectory(_settings.CsvDirectory);
            var inbox = new BlockingCollection<(string Topic, byte[] Payload)>();
            using var client = new FleetClient(broker, "bpnano-" + broker.Fleet + "-monitor-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
                + "-" + Guid.NewGuid().ToString("N").Substring(0, 6), new[] { FleetTopics.AllReports(broker.Fleet) },
                (topic, payload) => inbox.Add((topic, payload)), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
            client.Status = message => console.Error.WriteLine("# monitor: " + message);
            client.Connect(cancellationToken);
            console.Error.WriteLine("# monitoring fleet " + broker.Fleet + " on " + broker);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (_settings.Duration != null) stop.CancelAfter(TimeSpan.FromSeconds(_settings.Duration.Value));
            try
            {
                if (!console.IsInteractive) Drain(console, inbox, stop.Token, null);
                else console.Ansi.Live(Table(DateTime.UtcNow)).AutoClear(false).Start(live =>
                {
                    Drain(console, inbox, stop.Token, () => live.UpdateTarget(Table(DateTime.UtcNow)));
                    live.UpdateTarget(Table(DateTime.UtcNow));
                });
                var summary = new TextTable(Header, RightAligned);
                foreach (string[] row in Rows(DateTime.UtcNow)) summary.Add(row);
                foreach (string line in summary.PlainLines()) console.Error.WriteLine(line);
                console.Error.WriteLine("# monitor stopped: " + _boards.Count + " boards, " + Reports + " reports, " + Malformed + " payloads that were not report lines"
                    + (_settings.CsvDirectory != null ? "; one CSV per board in " + _settings.CsvDirectory : ""));
            }
            finally
            {
                foreach (Board board in _boards.Values) board.Csv?.Dispose();
            }
            return cancellationToken.IsCancellationRequested ? BpnanoApp.Interrupted : 0;
        }

        private static readonly string[] Header = { "device", "step", "loss", "avg", "alerts", "reports", "last seen" };
        private static readonly bool[] RightAligned = { false, true, true, true, true, true, true };

        private void Drain(CliConsole console, BlockingCollection<(string Topic, byte[] Payload)> inbox, CancellationToken stop, Action refresh)
        {
            DateTime lastRefresh = DateTime.MinValue;
            while (!stop.IsCancellationRequested)
            {
                if (inbox.TryTake(out (string Topic, byte[] Payload) message, 50)) Take(console, message.Topic, message.Payload);
                if (refresh != null && DateTime.UtcNow - lastRefresh >= ViewRefreshInterval)
                {
                    lastRefresh = DateTime.UtcNow;
                    refresh();
                }
            }
        }

        private void Take(CliConsole console, string topic, byte[] payload)
        {
            if (FleetTopics.TryParse(topic, out _, out string device) != FleetTopicKind.Report) return;
            string line = Encoding.ASCII.GetString(payload).TrimEnd('\r', '\n', ' ');
            if (!_boards.TryGetValue(device, out Board board))
            {
                board = new Board();
                if (_settings.CsvDirectory != null) board.Csv = BoardCsvWriter.Open(Path.Combine(_settings.CsvDirectory, CsvFileName(device)), _settings.Force);
                board.Session = board.Csv?.LastSession ?? 0;
                _boards.Add(device, board);
            }
            var report = new TrainingReport();
            List<KeyValuePair<string, string>> pairs = BoardLine.Pairs(line);
            bool isReport = ReportLine.TryParse(line, report);
            if (isReport)
            {
                Reports++;
                // A step that goes back is a board that restarted: a new session, as in monitor's serial CSV.
                if (board.Reports == 0 || report.Step < board.Last.Step) board.Session++;
                board.Last.CopyFrom(report);
                board.Reports++;
                if (!console.IsInteractive) console.WriteLines(new[] { "device:" + device + " " + line });
            }
            else
            {
                Malformed++;
                board.Malformed++;
            }
            board.LastSeen = DateTime.UtcNow;
            board.Csv?.Write(DateTimeOffset.Now, Math.Max(1, board.Session), isReport ? pairs : null, isReport ? null : "? " + line);
        }

        private IEnumerable<string[]> Rows(DateTime now) => _boards.Select(pair => new[]
        {
            pair.Key,
            pair.Value.Last.Step.ToString(CultureInfo.InvariantCulture),
            DecimalText.Format(pair.Value.Last.Loss),
            DecimalText.Format(pair.Value.Last.AverageLoss),
            pair.Value.Last.Alerts.ToString(CultureInfo.InvariantCulture),
            pair.Value.Reports.ToString(CultureInfo.InvariantCulture) + (pair.Value.Malformed > 0 ? " (+" + pair.Value.Malformed + " bad)" : ""),
            (now - pair.Value.LastSeen).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s ago",
        });

        private Table Table(DateTime now)
        {
            var table = new Table();
            foreach (string column in Header) table.AddColumn(column);
            foreach (string[] row in Rows(now)) table.AddRow(row.Select(Markup.Escape).ToArray());
            return table;
        }

        private sealed class Board
        {
            public readonly TrainingReport Last = new TrainingReport();
            public int Reports, Malformed, Session;
            public DateTime LastSeen;
            public BoardCsvWriter Csv;
        }
    }
}
