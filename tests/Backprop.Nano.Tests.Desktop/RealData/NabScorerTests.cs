using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// NabScorer against NAB's published results: the per-row outputs of three detectors (results/detector-outputs) scored at
    /// their published thresholds give the published raw scores and row counts (results/*_scores.csv), and what each row adds
    /// equals the outputs' S(t) columns. Plus the rules on small hand-made series.
    /// </summary>
    [TestClass]
    public sealed class NabScorerTests
    {
        [TestMethod]
        public void Published_raw_scores_and_row_weights_are_reproduced()
        {
            string nab = RealDataFolder.Require("nab");
            Dictionary<string, NabSeries> series = NabCorpus.Load(nab).ToDictionary(s => Path.GetFileNameWithoutExtension(s.Name));
            string[] outputs = Directory.GetFiles(Path.Combine(nab, "results", "detector-outputs"), "*.csv");
            Assert.AreEqual(12, outputs.Length, "the data README names 12 detector output files");
            int compared = 0;
            foreach (string output in outputs)
            {
                string name = Path.GetFileNameWithoutExtension(output);
                string detector = name[..name.IndexOf('_')], file = name[(name.IndexOf('_') + 1)..];
                NabSeries target = series[file];
                string[][] rows = File.ReadLines(output).Skip(1).Select(line => line.Split(',')).ToArray();
                Assert.AreEqual(target.RowCount, rows.Length, name);
                double[] scores = rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
                string[] header = File.ReadLines(output).First().Split(',');
                foreach (NabProfile profile in NabProfile.All)
                {
                    string[] published = File.ReadLines(Path.Combine(nab, "results", detector + "_" + profile.Name + "_scores.csv"))
                        .Select(line => line.Split(',')).Single(r => r[2] == target.Name);
                    double threshold = double.Parse(published[3], CultureInfo.InvariantCulture);
                    var contributions = new double[rows.Length];
                    NabResult result = target.Scorer.Score(scores.Select(score => score >= threshold).ToArray(), profile, contributions);
                    string what = detector + " " + file + " " + profile.Name;
                    Assert.AreEqual(double.Parse(published[4], CultureInfo.InvariantCulture), result.Raw, 1e-6, what + ": raw score");
                    CollectionAssert.AreEqual(published[5..9].Select(int.Parse).ToArray(),
                        new[] { result.TruePositiveRows, result.TrueNegativeRows, result.FalsePositiveRows, result.FalseNegativeRows }, what + ": TP TN FP FN rows");

                    int column = Array.IndexOf(header, "S(t)_" + profile.Name);
                    for (int i = 0; i < rows.Length; i++)
                    {
                        Assert.AreEqual(double.Parse(rows[i][column], CultureInfo.InvariantCulture), contributions[i], 1e-9, what + ": S(t) of row " + i);
                    }
                    compared++;
                }
            }
            Assert.AreEqual(36, compared);
        }

        [TestMethod]
        public void The_profiles_are_those_of_the_data_folder()
        {
            string text = File.ReadAllText(Path.Combine(RealDataFolder.Require("nab"), "config", "profiles.json"));
            using var json = System.Text.Json.JsonDocument.Parse(text);
            foreach (NabProfile profile in NabProfile.All)
            {
                var costs = json.RootElement.GetProperty(profile.Name).GetProperty("CostMatrix");
                Assert.AreEqual(costs.GetProperty("tpWeight").GetDouble(), profile.TruePositiveWeight, profile.Name);
                Assert.AreEqual(costs.GetProperty("fpWeight").GetDouble(), profile.FalsePositiveWeight, profile.Name);
                Assert.AreEqual(costs.GetProperty("fnWeight").GetDouble(), profile.FalseNegativeWeight, profile.Name);
            }
        }

        // 100 rows: probation 15; one window, rows 40 to 49 (width 10).
        private static readonly NabScorer Small = new(100, new[] { new NabWindow(40, 49) });

        private static bool[] DetectAt(params int[] rows)
        {
            var detections = new bool[100];
            foreach (int row in rows) detections[row] = true;
            return detections;
        }

        [TestMethod]
        public void A_detection_at_the_first_row_of_a_window_is_perfect_and_none_is_null()
        {
            NabResult perfect = Small.Score(DetectAt(40), NabProfile.Standard);
            Assert.AreEqual(1.0, perfect.Raw, 1e-12);
            Assert.AreEqual(100.0, perfect.Normalized, 1e-9);
            CollectionAssert.AreEqual(new[] { 0 }, perfect.Delays.ToArray());
            NabResult none = Small.Score(DetectAt(), NabProfile.RewardLowFalseNegatives);
            Assert.AreEqual(-2.0, none.Raw, 1e-12);
            Assert.AreEqual(0.0, none.Normalized, 1e-9);
            Assert.AreEqual(0, none.WindowsHit);
        }

        [TestMethod]
        public void Only_the_first_detection_of_a_window_counts_and_later_ones_score_less()
        {
            // y = -(49 - 45 + 1)/10 = -0.5: 2/(1 + e^-2.5) - 1, over sigma(-1).
            double expected = (2 / (1 + Math.Exp(-2.5)) - 1) / (2 / (1 + Math.Exp(-5)) - 1);
            NabResult late = Small.Score(DetectAt(45, 46, 47), NabProfile.Standard);
            Assert.AreEqual(expected, late.Raw, 1e-12);
            Assert.AreEqual(1, late.WindowsHit);
            Assert.AreEqual(0, late.FalsePositives);
            Assert.AreEqual(3, late.TruePositiveRows);
        }

        [TestMethod]
        public void False_alerts_cost_the_full_weight_before_the_window_and_less_just_after_it()
        {
            NabResult before = Small.Score(DetectAt(20), NabProfile.RewardLowFalsePositives);
            Assert.AreEqual(-1.0 - 0.22, before.Raw, 1e-12);
            Assert.AreEqual(1, before.FalsePositives);
            // Row 52: y = |49 - 52| / 9 = 1/3 past the window.
            NabResult after = Small.Score(DetectAt(52), NabProfile.Standard);
            Assert.AreEqual(-1.0 + 0.11 * (2 / (1 + Math.Exp(5.0 / 3)) - 1), after.Raw, 1e-12);
            // From y = 3 (row 76) on, the full cost again.
            Assert.AreEqual(-1.11, Small.Score(DetectAt(76), NabProfile.Standard).Raw, 1e-12);
        }

        [TestMethod]
        public void Detections_in_the_probation_period_do_not_count()
        {
            NabResult result = Small.Score(DetectAt(0, 14), NabProfile.Standard);
            Assert.AreEqual(-1.0, result.Raw, 1e-12);
            Assert.AreEqual(0, result.FalsePositives);
            Assert.AreEqual(15.0, Small.ProbationRows);
            // The probation period is at most 750 rows.
            Assert.AreEqual(750.0, new NabScorer(20000, Array.Empty<NabWindow>()).ProbationRows);
        }

        [TestMethod]
        public void Windows_out_of_order_or_out_of_range_are_refused()
        {
            Assert.ThrowsExactly<ArgumentException>(() => new NabScorer(100, new[] { new NabWindow(40, 49), new NabWindow(45, 60) }));
            Assert.ThrowsExactly<ArgumentException>(() => new NabScorer(100, new[] { new NabWindow(90, 100) }));
        }
    }
}
