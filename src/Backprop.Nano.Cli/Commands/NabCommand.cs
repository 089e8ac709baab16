using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano nab: the board's trainer over NAB series (Numenta Anomaly Benchmark) with their labelled windows, scored by
    /// NAB's rules (<see cref="NabScorer"/>): per series the windows found, the false alerts, how early, the standard,
    /// reward-low-FP and reward-low-FN scores normalized per file (0 = no detection, 100 = perfect), the one-step error
    /// against "the same as the last reading", and HTM's and ARTime's published scores beside them when the folder has NAB's
    /// results. One set of settings for every series, as NAB allows.
    /// </summary>
    internal sealed class NabCommand(CliConsole console) : Command<NabCommand.Settings>
    {
        /// <summary>nab's argument and options; the trainer's options are train's.</summary>
        public sealed class Settings : TrainerOptions
        {
            [CommandArgument(0, "<PATH>"), Description("NAB's folder (with labels/combined_windows.json, or NAB's repository), a folder below it, or one of its CSV files.")]
            public string Path { get; set; }

            [CommandOption("--windows <FILE>"), Description("Another windows file (NAB's combined_windows.json format; names relative to the folder of PATH).")]
            public string Windows { get; set; }

            [CommandOption("--markdown"), Description("Print the table in Markdown.")]
            public bool Markdown { get; set; }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            List<string> lines = Report(settings.Path, settings.Windows, settings.BuildTrainerSettings(1, -1), settings.Markdown, cancellationToken);
            if (lines == null) return BpnanoApp.Interrupted;
            console.WriteLines(lines);
            return 0;
        }

        /// <summary>The table and the summary lines for the series under <paramref name="path"/>; null when cancelled.</summary>
        public static List<string> Report(string path, string windows, OnlineTrainerSettings trainer, bool markdown, CancellationToken cancellationToken)
        {
            List<NabSeries> series = NabCorpus.Load(path, windows, out string root);
            var anchors = new NabAnchors(root);
            var runs = new List<NabRun>();
            foreach (NabSeries one in series)
            {
                if (cancellationToken.IsCancellationRequested) return null;
                runs.Add(new NabRun(one, trainer));
            }
            var header = new List<string> { "series", "rows", "windows hit", "false alerts", "delay", "standard", "low FP", "low FN", "RMSE / last reading" };
            foreach ((_, string label) in NabAnchors.Detectors) header.Add(label + " standard");
            var table = new TextTable(header.ToArray(), header.Select(h => h != "series").ToArray());
            foreach (NabRun run in runs)
            {
                NabResult standard = run.Results[0];
                var row = new List<string>
                {
                    run.Series.Name, run.Series.RowCount.ToString(CultureInfo.InvariantCulture),
                    standard.WindowsHit + " of " + standard.Windows, standard.FalsePositives.ToString(CultureInfo.InvariantCulture),
                    standard.Delays.Count == 0 ? "-" : Fixed(standard.Delays.Average(), 0),
                };
                foreach (NabResult result in run.Results) row.Add(Fixed(result.Normalized, 1));
                row.Add(Fixed(run.ModelRmse / run.BaselineRmse, 4));
                foreach ((string detector, _) in NabAnchors.Detectors) row.Add(anchors.Normalized(detector, run.Series.Name, standard) is double anchor ? Fixed(anchor, 1) : "-");
                table.Add(row.ToArray());
            }
            var lines = new List<string>(markdown ? table.MarkdownLines() : table.PlainLines());
            for (int p = 0; p < NabProfile.All.Count; p++)
            {
                double mean = runs.Average(run => run.Results[p].Normalized);
                double raw = runs.Sum(run => run.Results[p].Raw), nul = runs.Sum(run => run.Results[p].Null), perfect = runs.Sum(run => run.Results[p].Perfect);
                string anchorText = string.Join(", ", NabAnchors.Detectors.Select(d => MeanAnchor(anchors, d.Name, runs, p) is double a ? d.Label + " " + Fixed(a, 1) : null).Where(t => t != null));
                lines.Add(NabProfile.All[p].Name + ": " + Fixed(mean, 1) + " (mean of the " + runs.Count + " series' scores; "
                    + Fixed(perfect == nul ? 0 : 100 * (raw - nul) / (perfect - nul), 1) + " normalized over their sum)" + (anchorText.Length > 0 ? "; " + anchorText : ""));
            }
            int worse = runs.Count(run => !(run.ModelRmse < run.BaselineRmse));
            lines.Add("one-step RMSE below the last reading's on " + (runs.Count - worse) + " of " + runs.Count + " series (after the probation period)");
            lines.Add("delay: readings from a window's start to its first alert (mean over the windows found); a window is " + (series.Count == 1 ? "" : "about ")
                + "10 % of a series' rows divided among its windows, centred on the labelled anomaly");
            return lines;
        }

        // Of a detector that published every one of these series, the mean of its normalized scores; else null.
        private static double? MeanAnchor(NabAnchors anchors, string detector, List<NabRun> runs, int profile)
        {
            var scores = runs.Select(run => anchors.Normalized(detector, run.Series.Name, run.Results[profile])).ToList();
            return scores.All(score => score != null) ? scores.Average(score => score.Value) : null;
        }

        private static string Fixed(double value, int decimals) => double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "-";
    }
}
