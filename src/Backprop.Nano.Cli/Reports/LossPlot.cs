using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// The PNG of a run: chosen keys (loss and avg by default) against the step, each session drawn on its own so that a board
    /// reset does not draw a line back to the start; a log scale when the values span orders of magnitude; a y-range that
    /// leaves out the most extreme 1% at each end, so that one divergence (1e35) does not flatten the rest into a line.
    /// </summary>
    internal static class LossPlot
    {
        /// <summary>The share of points at each end that may fall outside the y-range.</summary>
        public const double OutlierShare = 0.01;

        /// <summary>
        /// Writes the plot of <paramref name="points"/> (values in the order of <paramref name="keys"/>) to <paramref name="path"/>;
        /// <paramref name="smooth"/> &gt; 1 adds each key's moving average over that many points.
        /// </summary>
        /// <exception cref="CliException">nothing to plot, or the file cannot be written.</exception>
        public static void SavePng(IReadOnlyList<string> keys, IReadOnlyList<PlotPoint> points, string path, string title, int smooth = 0, int width = 1000, int height = 600)
        {
            // ScottPlot has no log axis: plot log10 of the values and label the ticks with the powers of ten. The loss falls
            // by orders of magnitude, so a linear axis would show only the first reports.
            List<double> all = points.SelectMany(point => point.Values).Where(double.IsFinite).ToList();
            bool log = all.Count > 0 && all.All(value => value > 0) || keys.All(key => key == "loss" || key == "avg");
            Func<double, double> scale = log ? Math.Log10 : value => value;

            var plot = new Plot();
            var plotted = new List<double>();
            for (int k = 0; k < keys.Count; k++)
            {
                Color color = plot.Add.Palette.GetColor(k);
                bool first = true;
                foreach (IGrouping<int, PlotPoint> session in points.GroupBy(point => point.Session))
                {
                    var xs = new List<double>();
                    var ys = new List<double>();
                    foreach (PlotPoint point in session)
                    {
                        double y = scale(point.Values[k]);
                        if (!double.IsFinite(y)) continue;
                        xs.Add(point.Step);
                        ys.Add(y);
                    }
                    if (xs.Count == 0) continue;
                    plotted.AddRange(ys);
                    // The latest sample's loss scatters: points; averages and other keys: lines.
                    bool asPoints = keys[k] == "loss" || smooth > 1;
                    var raw = asPoints ? plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), color) : plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color);
                    raw.MarkerSize = asPoints ? 4 : 0;
                    raw.LineWidth = asPoints ? 0 : 2;
                    if (smooth > 1)
                    {
                        raw.Color = color.WithAlpha(0.35);
                        var line = plot.Add.ScatterLine(xs.ToArray(), MovingAverage(ys, smooth), color);
                        line.LineWidth = 2;
                        line.MarkerSize = 0;
                        if (first) line.LegendText = keys[k] + " (mean of " + smooth + ")";
                    }
                    else if (first)
                    {
                        raw.LegendText = keys[k];
                    }
                    first = false;
                }
            }
            if (plotted.Count == 0) throw new CliException("nothing to plot: no " + string.Join(" or ", keys) + " value that can be drawn; " + path + " not written.");

            (double low, double high) = YRange(plotted);
            plot.Axes.SetLimitsY(low, high);
            if (log)
            {
                plot.Axes.Left.TickGenerator = new NumericAutomatic
                {
                    MinorTickGenerator = new LogMinorTickGenerator(),
                    IntegerTicksOnly = true,
                    LabelFormatter = FormatPowerOfTen,
                };
            }
            int sessions = points.Select(point => point.Session).Distinct().Count();
            plot.Title(title + (sessions > 1 ? " (" + sessions + " sessions)" : ""));
            plot.XLabel("step");
            plot.YLabel(string.Join(", ", keys) + (log ? " (log scale)" : ""));
            plot.ShowLegend(Alignment.UpperRight);
            try
            {
                plot.SavePng(path, width, height);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                throw new CliException("cannot write the PNG file " + path + ": " + e.Message, e);
            }
            catch (Exception e) when (e is DllNotFoundException || e is TypeInitializationException)
            {
                throw new CliException("cannot draw PNG files on this platform (SkiaSharp's native library is not packed for it: "
                    + e.Message + "); the CSV has every value, plot it elsewhere.", e);
            }
        }

        /// <summary>
        /// The y-range of <paramref name="values"/> without the <see cref="OutlierShare"/> most extreme at each end (all of them
        /// when there are fewer than 20), with a margin of 5%.
        /// </summary>
        public static (double Low, double High) YRange(IReadOnlyList<double> values)
        {
            double[] sorted = values.Where(double.IsFinite).OrderBy(value => value).ToArray();
            int cut = sorted.Length >= 20 ? (int)(sorted.Length * OutlierShare) : 0;
            double low = sorted[cut], high = sorted[sorted.Length - 1 - cut];
            double margin = high > low ? (high - low) * 0.05 : Math.Max(Math.Abs(low) * 0.05, 0.5);
            return (low - margin, high + margin);
        }

        /// <summary>The mean of each value and up to <paramref name="window"/> - 1 before it.</summary>
        public static double[] MovingAverage(IReadOnlyList<double> values, int window)
        {
            var means = new double[values.Count];
            double sum = 0;
            for (int k = 0; k < values.Count; k++)
            {
                sum += values[k];
                if (k >= window) sum -= values[k - window];
                means[k] = sum / Math.Min(k + 1, window);
            }
            return means;
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
