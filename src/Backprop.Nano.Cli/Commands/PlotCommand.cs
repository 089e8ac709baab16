using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Threading;
using nietras.SeparatedValues;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano plot: the PNG of a CSV that monitor wrote (or any CSV with a step column), drawn afterwards, so that a plot is
    /// never lost to a crash or a kill and can be redrawn with other keys or smoothing.
    /// </summary>
    internal sealed class PlotCommand(CliConsole console) : Command<PlotCommand.Settings>
    {
        /// <summary>plot's argument and options.</summary>
        public sealed class Settings : CommandSettings
        {
            [CommandArgument(0, "<CSV>"), Description("A CSV from monitor --csv, or any CSV with a header and a 'step' column.")]
            public string Csv { get; set; }

            [CommandOption("--png <FILE>"), Description("The PNG to write.")]
            public string Png { get; set; }

            [CommandOption("--keys <LIST>"), Description("Comma-separated columns to plot. Default: loss,avg when present, else every numeric column.")]
            public string Keys { get; set; }

            [CommandOption("--smooth <N>"), Description("Also draw each key's moving average over N points (the raw points fade). 0: none."), DefaultValue(0)]
            public int Smooth { get; set; }

            [CommandOption("--force"), Description("Replace --png if it exists.")]
            public bool Force { get; set; }

            public override ValidationResult Validate()
            {
                if (string.IsNullOrWhiteSpace(Png)) return ValidationResult.Error("--png is required: the PNG file to write.");
                if (Smooth < 0 || Smooth > 100000) return ValidationResult.Error("--smooth must be between 0 and 100000 points.");
                return ValidationResult.Success();
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            OutputFile.Check(settings.Png, "--png", settings.Force);
            string[] keys;
            // A long capture has millions of rows: the plot keeps a bounded number spread over all of them, as monitor's does.
            var points = new DecimatingBuffer<PlotPoint>(2 * LossHistory.Capacity);
            int skipped = 0;
            try
            {
                using SepReader reader = Sep.Reader(options => options with { DisableColCountCheck = true, Unescape = true }).FromFile(settings.Csv);
                IReadOnlyList<string> header = reader.Header.ColNames;
                if (!reader.Header.TryIndexOf("step", out int stepColumn)) throw new CliException(settings.Csv + " has no 'step' column (its header is '" + string.Join(",", header) + "').");
                keys = settings.Keys != null ? settings.Keys.Split(',').Select(key => key.Trim()).ToArray()
                    : header.Contains("loss") && header.Contains("avg") ? new[] { "loss", "avg" }
                    : header.Where(name => name != "step" && !BoardCsvWriter.TextColumns.Contains(name)).ToArray();
                string unknown = keys.FirstOrDefault(key => !header.Contains(key));
                if (unknown != null) throw new CliException("--keys: " + settings.Csv + " has no column '" + unknown + "'; it has " + string.Join(", ", header) + ".");
                int[] columns = keys.Select(key => reader.Header.IndexOf(key)).ToArray();
                bool hasSession = reader.Header.TryIndexOf("session", out int sessionColumn);
                int session = 1;
                double previousStep = double.NegativeInfinity;
                foreach (SepReader.Row row in reader)
                {
                    // Rows of comments and other lines have no step: they are notes, not points.
                    if (stepColumn >= row.ColCount || !BoardLine.TryNumber(row[stepColumn].ToString(), out double step))
                    {
                        skipped++;
                        continue;
                    }
                    if (hasSession && sessionColumn < row.ColCount && row[sessionColumn].TryParse<int>() is int fromFile) session = fromFile;
                    else if (step <= previousStep) session++;
                    previousStep = step;
                    var values = new double[columns.Length];
                    for (int k = 0; k < columns.Length; k++)
                    {
                        values[k] = columns[k] < row.ColCount && BoardLine.TryNumber(row[columns[k]].ToString(), out double value) ? value : double.NaN;
                    }
                    points.Add(new PlotPoint(step, session, values));
                }
            }
            catch (Exception e) when (OutputFile.IsFileError(e) || e is System.IO.InvalidDataException)
            {
                throw new CliException("cannot read " + settings.Csv + ": " + e.Message, e);
            }
            PlotPoint[] plotted = points.ToArray();
            LossPlot.SavePng(keys, plotted, settings.Png, System.IO.Path.GetFileName(settings.Csv), settings.Smooth);
            console.Error.WriteLine("# plotted " + string.Join(", ", keys) + " of " + points.Seen + " rows of " + settings.Csv + " to " + settings.Png
                + (plotted.Length < points.Seen ? " (" + plotted.Length + " rows, spread evenly)" : "")
                + (skipped > 0 ? "; " + skipped + " rows without a step (comments, other lines) left out" : ""));
            return 0;
        }
    }
}
