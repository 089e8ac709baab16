using System;
using System.Collections.Generic;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Backprop.Nano.Cli
{
    /// <summary>The live view shared by train, simulate and monitor: the latest report lines and a loss chart.</summary>
    public static class LossView
    {
        private const int LatestRows = 6;
        private const int ChartWidth = 60;

        /// <summary>The view of <paramref name="reports"/>, below an optional <paramref name="status"/> line.</summary>
        public static IRenderable Render(TrainingReport[] reports, string status)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("latest reports");
            foreach (string column in new[] { "step", "loss", "avg", "us/step", "skipped" }) table.AddColumn(new TableColumn(column).RightAligned());
            for (int k = Math.Max(0, reports.Length - LatestRows); k < reports.Length; k++)
            {
                TrainingReport report = reports[k];
                table.AddRow(report.Step.ToString(), DecimalText.Format(report.Loss), DecimalText.Format(report.AverageLoss),
                    DecimalText.Format(report.MicrosecondsPerStep), report.Skipped.ToString());
            }
            if (reports.Length == 0) table.AddRow("waiting", "", "", "", "");

            var average = new List<double>(reports.Length);
            var loss = new List<double>(reports.Length);
            foreach (TrainingReport report in reports)
            {
                average.Add(report.AverageLoss);
                loss.Add(report.Loss);
            }
            var chart = new Grid().AddColumn().AddColumn().AddColumn();
            chart.AddRow(new Text("avg "), new Text(Sparkline.Render(average, ChartWidth, true), new Style(Color.Green)), new Text(Range(average)));
            chart.AddRow(new Text("loss"), new Text(Sparkline.Render(loss, ChartWidth, true), new Style(Color.Yellow)), new Text(Range(loss)));
            var panel = new Panel(chart).Header("loss vs step (log scale)").Border(BoxBorder.Rounded);

            var parts = new List<IRenderable>();
            if (status != null) parts.Add(new Text(status));
            parts.Add(table);
            parts.Add(panel);
            return new Rows(parts);
        }

        private static string Range(List<double> values)
        {
            return values.Count == 0 ? "" : DecimalText.Format((float)values[0]) + " -> " + DecimalText.Format((float)values[values.Count - 1]);
        }
    }
}
