using System;
using System.Collections.Generic;
using System.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Backprop.Nano.Cli
{
    /// <summary>The live view shared by train, simulate and monitor: the latest report lines and a loss chart.</summary>
    internal static class LossView
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

            List<double> average = reports.Select(report => (double)report.AverageLoss).ToList();
            List<double> loss = reports.Select(report => (double)report.Loss).ToList();
            var chart = new Grid().AddColumn().AddColumn().AddColumn();
            chart.AddRow(new Text("avg "), new Text(Sparkline.Render(average, ChartWidth, true), new Style(Color.Green)), new Text(Range(average)));
            chart.AddRow(new Text("loss"), new Text(Sparkline.Render(loss, ChartWidth, true), new Style(Color.Yellow)), new Text(Range(loss)));
            var panel = new Panel(chart).Header("loss vs step (log scale)").Border(BoxBorder.Rounded);

            return status == null ? new Rows(table, panel) : new Rows(new Text(status), table, panel);
        }

        private static string Range(List<double> values) => values.Count == 0 ? "" : DecimalText.Format((float)values[0]) + " -> " + DecimalText.Format((float)values[^1]);
    }
}
