using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The live view shared by train, simulate and monitor: the latest report lines, the guards' counters, a loss chart
    /// and (monitor) a sparkline for every other numeric key and the board's latest messages. Sized to the terminal, so
    /// that nothing wraps at 80 columns.
    /// </summary>
    internal static class LossView
    {
        // The sparkline's label column, the panel's border and padding, and the grid's padding after each of its three columns.
        private const int LabelWidth = 6, PanelChrome = 4, ColumnGaps = 3;

        /// <summary>
        /// The view of <paramref name="history"/> for a terminal <paramref name="width"/> columns wide, below optional
        /// <paramref name="status"/> lines; <paramref name="boardLines"/> (may be null) are the board's latest messages.
        /// </summary>
        public static IRenderable Render(HistorySnapshot history, string status, int width, IReadOnlyList<string> boardLines = null)
        {
            var parts = new List<IRenderable>();
            if (status != null) parts.Add(new Text(status));

            var table = new Table().Border(TableBorder.Rounded).Title("latest reports");
            foreach (string column in new[] { "step", "loss", "avg", "us/step" }) table.AddColumn(new TableColumn(column).RightAligned());
            foreach (TrainingReport report in history.Latest)
            {
                table.AddRow(report.Step.ToString(CultureInfo.InvariantCulture), DecimalText.Format(report.Loss), DecimalText.Format(report.AverageLoss),
                    DecimalText.Format(report.MicrosecondsPerStep));
            }
            if (history.Latest.Length == 0) table.AddRow("waiting", "", "", "");
            parts.Add(table);
            if (history.Latest.Length > 0)
            {
                TrainingReport latest = history.Latest[^1];
                parts.Add(new Text(Counters(latest, history), new Style(Color.Grey)));
                parts.Add(new Text(Anomaly(latest), latest.Alerts > 0 ? new Style(Color.Red) : new Style(Color.Grey)));
            }

            // Each sparkline row: label, chart, range; the chart gets what the terminal leaves of the width.
            var rows = new List<(string Label, double[] Values, bool Log, string Range, Color Color)>();
            double[] average = history.Points.Select(point => point.Values[1]).ToArray();
            double[] loss = history.Points.Select(point => point.Values[0]).ToArray();
            rows.Add(("avg", average, true, FirstToLast(average), Color.Green));
            rows.Add(("loss", loss, true, FirstToLast(loss), Color.Yellow));
            foreach (KeyValuePair<string, double[]> series in history.Series)
            {
                rows.Add((series.Key, series.Value, false, "last " + DecimalText.Format((float)series.Value[^1]), Color.Aqua));
            }
            int rangeWidth = rows.Max(row => row.Range.Length);
            // One column to spare: Spectre wraps a cell that exactly fills its share.
            int chartWidth = Math.Max(8, width - PanelChrome - LabelWidth - ColumnGaps - rangeWidth - 1);
            var chart = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap());
            foreach (var row in rows)
            {
                string label = row.Label.Length < LabelWidth ? row.Label.PadRight(LabelWidth) : row.Label.Substring(0, LabelWidth - 1) + "…";
                chart.AddRow(new Text(label), new Text(Sparkline.Render(row.Values, chartWidth, row.Log), new Style(row.Color)), new Text(row.Range));
            }
            parts.Add(new Panel(chart).Header(history.Sessions > 1 ? "vs report, " + history.Sessions + " sessions" : "vs report (loss and avg on a log scale)").Border(BoxBorder.Rounded));

            if (boardLines != null && boardLines.Count > 0)
            {
                var messages = boardLines.Select(line => (IRenderable)new Text(line.Length > width - PanelChrome ? line.Substring(0, width - PanelChrome - 1) + "…" : line,
                    BoardLine.IsError(line) ? new Style(Color.Red, decoration: Decoration.Bold) : Style.Plain));
                parts.Add(new Panel(new Rows(messages)).Header("board says").Border(BoxBorder.Rounded));
            }
            return new Rows(parts);
        }

        private static string Counters(TrainingReport latest, HistorySnapshot history)
        {
            return "skipped " + latest.Skipped + " · stuck " + latest.Stuck + " · recoveries " + latest.Recoveries + " · outliers " + latest.Outliers
                + (latest.SensorErrors > 0 ? " · sensor errors " + latest.SensorErrors : "") + (latest.SaveErrors > 0 ? " · save errors " + latest.SaveErrors : "")
                + " · " + history.Reports + " reports";
        }

        // Its own line: the counters line already fills most of 80 columns. A classifier's has its accuracy instead of the
        // anomaly score (regression's only), and pred and actual are classes.
        private static string Anomaly(TrainingReport latest) =>
            "alerts " + latest.Alerts
            + (latest.IsClassifier
                ? " · acc " + DecimalText.Format(latest.Accuracy) + " · bad labels " + latest.BadLabels + " · pred class " + DecimalText.Format(latest.Prediction)
                    + " · label " + DecimalText.Format(latest.Actual)
                : " · score " + DecimalText.Format(latest.Score) + " · pred " + DecimalText.Format(latest.Prediction) + " · actual " + DecimalText.Format(latest.Actual));

        private static string FirstToLast(double[] values) =>
            values.Length == 0 ? "" : DecimalText.Format((float)values[0]) + " -> " + DecimalText.Format((float)values[^1]);
    }
}
