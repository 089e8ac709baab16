using System;
using System.Collections.Generic;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// NAB's scoring of one series (Lavin and Ahmad, "Evaluating Real-time Anomaly Detection Algorithms: the Numenta Anomaly
    /// Benchmark", 2015; the rules of NAB's nab/sweeper.py, implemented here from their description):
    /// <list type="bullet">
    /// <item>the first 15 % of the rows, at most 750, are a probation period: nothing there is scored;</item>
    /// <item>a detection in a window scores A_TP·σ(y)/σ(-1), y = -(right - i + 1)/width its relative position and
    ///   σ(y) = 2/(1 + e^(5y)) - 1, so the window's first row scores A_TP and its last nearly 0; only the window's best
    ///   (earliest) detection counts;</item>
    /// <item>a window without a detection costs A_FN;</item>
    /// <item>a detection outside every window costs A_FP·σ(y) (negative), y = |i - right'|/(width' - 1) its distance past the
    ///   previous window (right', width'), σ = -1 from y = 3 on and before the first window.</item>
    /// </list>
    /// Every row whose anomaly score is at least the threshold is a detection, as in NAB.
    /// </summary>
    internal sealed class NabScorer
    {
        /// <summary>The probation period's share of the rows, and the most rows it takes (NAB's 0.15 of 5000).</summary>
        public const double ProbationShare = 0.15, ProbationLimit = 0.15 * 5000;

        private readonly NabWindow[] _windows;
        private readonly int[] _windowOfRow;       // -1 outside every window
        private readonly double[] _relativePosition;   // y of each row (see the class comment); +inf before the first window

        /// <summary>A series of <paramref name="rowCount"/> rows with these windows (in order, not overlapping, within the rows).</summary>
        public NabScorer(int rowCount, IReadOnlyList<NabWindow> windows)
        {
            if (rowCount < 1) throw new ArgumentOutOfRangeException(nameof(rowCount), "A series needs at least one row.");
            RowCount = rowCount;
            _windows = new NabWindow[windows.Count];
            for (int w = 0; w < windows.Count; w++)
            {
                NabWindow window = windows[w];
                int previousEnd = w == 0 ? -1 : windows[w - 1].End;
                if (window.Start <= previousEnd || window.End < window.Start || window.End >= rowCount)
                {
                    throw new ArgumentException("Window " + (w + 1) + " (rows " + window.Start + " to " + window.End + ") is not after the previous one "
                        + "within the " + rowCount + " rows.", nameof(windows));
                }
                _windows[w] = window;
            }
            ProbationRows = Math.Min(Math.Floor(ProbationShare * rowCount), ProbationLimit);
            _windowOfRow = new int[rowCount];
            _relativePosition = new double[rowCount];
            int current = 0;
            NabWindow? previous = null;
            for (int i = 0; i < rowCount; i++)
            {
                bool inside = current < _windows.Length && _windows[current].Start <= i;
                _windowOfRow[i] = inside ? current : -1;
                if (inside)
                {
                    NabWindow window = _windows[current];
                    _relativePosition[i] = -(window.End - i + 1) / (double)window.Width;
                    if (i == window.End)
                    {
                        previous = window;
                        current++;
                    }
                }
                else
                {
                    // A window of one row has no width to measure the distance by: every later alert is far from it.
                    _relativePosition[i] = previous is NabWindow last && last.Width > 1 ? Math.Abs(last.End - i) / (double)(last.Width - 1) : double.PositiveInfinity;
                }
            }
        }

        /// <summary>Rows in the series.</summary>
        public int RowCount { get; }

        /// <summary>The windows, in order.</summary>
        public IReadOnlyList<NabWindow> Windows => _windows;

        /// <summary>Rows 0 to this (exclusive, rounded up) are the probation period. A double, as NAB compares with it.</summary>
        public double ProbationRows { get; }

        /// <summary>Windows that have a row after the probation period: the ones a detector can find or miss.</summary>
        public int ScoredWindows
        {
            get
            {
                int count = 0;
                foreach (NabWindow window in _windows) if (window.End >= ProbationRows) count++;
                return count;
            }
        }

        /// <summary>σ(y) of the class comment: 2/(1 + e^(5y)) - 1, and -1 from y = 3 on.</summary>
        public static double ScaledSigmoid(double relativePosition) =>
            relativePosition >= 3.0 ? -1.0 : 2.0 / (1.0 + Math.Exp(5.0 * relativePosition)) - 1.0;

        /// <summary>
        /// What a detection at each row would score under <paramref name="profile"/> (NAB's per-row S(t)): positive in a
        /// window, negative outside. Rows of the probation period get theirs too, though they are never counted.
        /// </summary>
        public double[] RowWeights(NabProfile profile)
        {
            double best = ScaledSigmoid(-1.0);
            var weights = new double[RowCount];
            for (int i = 0; i < RowCount; i++)
            {
                double sigmoid = ScaledSigmoid(_relativePosition[i]);
                weights[i] = _windowOfRow[i] >= 0 ? sigmoid * profile.TruePositiveWeight / best : sigmoid * profile.FalsePositiveWeight;
            }
            return weights;
        }

        /// <summary>Scores the rows whose <paramref name="anomalyScores"/> are at least <paramref name="threshold"/> as detections.</summary>
        public NabResult Score(IReadOnlyList<double> anomalyScores, double threshold, NabProfile profile)
        {
            if (anomalyScores.Count != RowCount) throw new ArgumentException("One anomaly score per row: " + RowCount + " rows, " + anomalyScores.Count + " scores.", nameof(anomalyScores));
            var detections = new bool[RowCount];
            for (int i = 0; i < RowCount; i++) detections[i] = anomalyScores[i] >= threshold;
            return Score(detections, profile);
        }

        /// <summary>Scores <paramref name="detections"/> (one per row) under <paramref name="profile"/>.</summary>
        public NabResult Score(IReadOnlyList<bool> detections, NabProfile profile) => Score(detections, profile, null);

        /// <summary>
        /// As <see cref="Score(IReadOnlyList{bool}, NabProfile)"/>, and fills <paramref name="contributions"/> (one per row, or
        /// null) with what each row adds to the raw score, as NAB's per-row S(t) columns: a false alert its cost, a window's
        /// first row the window's score (its best detection, or -A_FN), every other row 0.
        /// </summary>
        public NabResult Score(IReadOnlyList<bool> detections, NabProfile profile, double[] contributions)
        {
            if (detections.Count != RowCount) throw new ArgumentException("One detection flag per row: " + RowCount + " rows, " + detections.Count + " flags.", nameof(detections));
            if (contributions != null) Array.Clear(contributions);
            double[] weights = RowWeights(profile);
            var bestInWindow = new double?[_windows.Length];
            var delays = new List<int>();
            double raw = 0;
            int falsePositives = 0, tp = 0, tn = 0, fp = 0, fn = 0;
            for (int i = 0; i < RowCount; i++)
            {
                if (i < ProbationRows) continue;
                int window = _windowOfRow[i];
                bool detected = detections[i];
                if (window < 0)
                {
                    if (!detected)
                    {
                        tn++;
                        continue;
                    }
                    fp++;
                    falsePositives++;
                    raw += weights[i];
                    if (contributions != null) contributions[i] = weights[i];
                    continue;
                }
                if (!detected)
                {
                    fn++;
                    continue;
                }
                tp++;
                // Weights fall through a window, so its first detection is its best.
                if (bestInWindow[window] == null)
                {
                    bestInWindow[window] = weights[i];
                    delays.Add(i - _windows[window].Start);
                }
            }
            int scored = ScoredWindows, hit = 0;
            for (int w = 0; w < _windows.Length; w++)
            {
                if (_windows[w].End < ProbationRows) continue;
                double score = bestInWindow[w] ?? -profile.FalseNegativeWeight;
                if (bestInWindow[w] != null) hit++;
                raw += score;
                if (contributions != null) contributions[_windows[w].Start] = score;
            }
            return new NabResult(profile, raw, -scored * profile.FalseNegativeWeight, scored * profile.TruePositiveWeight, scored, hit, falsePositives,
                delays, tp, tn, fp, fn);
        }
    }
}
