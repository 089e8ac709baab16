using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Backprop.Nano.Cli
{
    /// <summary>The PNG of a run: loss and its moving average against the step, on a log scale.</summary>
    internal static class LossPlot
    {
        /// <summary>Writes the plot of <paramref name="reports"/> to <paramref name="path"/>.</summary>
        /// <exception cref="CliException">nothing to plot, or the file cannot be written.</exception>
        public static void SavePng(IReadOnlyList<TrainingReport> reports, string path, string title, int width = 1000, int height = 600)
        {
            // The loss falls by orders of magnitude, so a linear axis would show only the first reports.
            // ScottPlot has no log axis: plot log10 of the values and label the ticks with the powers of ten.
            TrainingReport[] plotted = reports.Where(report => report.Loss > 0f && report.AverageLoss > 0f
                && !float.IsInfinity(report.Loss) && !float.IsInfinity(report.AverageLoss)).ToArray();
            if (plotted.Length == 0) throw new CliException("no report with a positive finite loss to plot; " + path + " not written.");
            double[] steps = plotted.Select(report => (double)report.Step).ToArray();
            double[] loss = plotted.Select(report => Math.Log10(report.Loss)).ToArray();
            double[] average = plotted.Select(report => Math.Log10(report.AverageLoss)).ToArray();

            var plot = new Plot();
            var lossPoints = plot.Add.ScatterPoints(steps, loss);
            lossPoints.LegendText = "loss (latest sample)";
            lossPoints.MarkerSize = 4;
            var averageLine = plot.Add.ScatterLine(steps, average);
            averageLine.LegendText = "avg (moving average)";
            averageLine.LineWidth = 2;
            plot.Axes.Left.TickGenerator = new NumericAutomatic
            {
                MinorTickGenerator = new LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = FormatPowerOfTen,
            };
            plot.Title(title);
            plot.XLabel("step");
            plot.YLabel("loss E (log scale)");
            plot.ShowLegend(Alignment.UpperRight);
            try
            {
                plot.SavePng(path, width, height);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                throw new CliException("cannot write the PNG file " + path + ": " + e.Message, e);
            }
        }

        private static string FormatPowerOfTen(double exponent)
        {
            int power = (int)Math.Round(exponent);
            return power >= -3 && power <= 3
                ? Math.Pow(10, power).ToString("0.###", CultureInfo.InvariantCulture)
                : "1e" + power.ToString(CultureInfo.InvariantCulture);
        }
    }
}
