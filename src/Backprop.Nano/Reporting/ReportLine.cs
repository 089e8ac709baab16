namespace Backprop.Nano
{
    /// <summary>
    /// The report line: one ASCII line of space-separated key:value pairs,
    /// <c>step:1200 loss:0.0123 avg:0.0187 us:850 skipped:0 stuck:0 recoveries:0 outliers:0 sensor_errors:0 save_errors:0 pred:2101.5 actual:2098 score:-0.42 alerts:0</c>,
    /// in that order: keys are only ever added at the end, so parsers that split by position keep working.
    /// A classifier's line (OnlineTrainerSettings.LabelChannel set) ends with three more keys, <c>acc:0.97 bad_labels:0 acc_last:0.12</c>:
    /// its accuracy over the latest AccuracyWindow predictions, in [0, 1], the readings skipped for a label that was
    /// not a class index, and the accuracy of guessing the previous sample's label on the same samples (OnlineTrainer.BaselineAccuracy:
    /// what acc must beat, high when classes last long); its pred and actual are the predicted class and the label.
    /// </summary>
    /// <remarks>
    /// The Arduino IDE's Serial Plotter plots such lines (one series per key) and the CLI's
    /// monitor parses them. Numbers use <see cref="DecimalText"/>, so a board and the desktop
    /// print the same text. Parsers must ignore keys they do not know, so keys can be added.
    /// A regression line leaves acc and bad_labels out rather than printing acc:0: its text stays what it was (parsers
    /// and recordings of older firmware see no change), and the Serial Plotter draws no flat line for a key that means
    /// nothing there. A board runs in one mode, so its lines keep one set of keys.
    /// </remarks>
    public static class ReportLine
    {
        /// <summary>The line for <paramref name="report"/>, without a line terminator.</summary>
        public static string Format(TrainingReport report)
        {
            return "step:" + report.Step
                + " loss:" + DecimalText.Format(report.Loss)
                + " avg:" + DecimalText.Format(report.AverageLoss)
                + " us:" + DecimalText.Format(report.MicrosecondsPerStep)
                + " skipped:" + report.Skipped
                + " stuck:" + report.Stuck
                + " recoveries:" + report.Recoveries
                + " outliers:" + report.Outliers
                + " sensor_errors:" + report.SensorErrors
                + " save_errors:" + report.SaveErrors
                + " pred:" + DecimalText.Format(report.Prediction)
                + " actual:" + DecimalText.Format(report.Actual)
                + " score:" + DecimalText.Format(report.Score)
                + " alerts:" + report.Alerts
                + (report.IsClassifier ? " acc:" + DecimalText.Format(report.Accuracy) + " bad_labels:" + report.BadLabels
                    + " acc_last:" + DecimalText.Format(report.BaselineAccuracy) : "");
        }

        /// <summary>
        /// Fills <paramref name="report"/> from <paramref name="line"/> (trailing CR/LF and spaces allowed).
        /// False, leaving the report unchanged, unless step, loss, avg and us are all present and valid;
        /// the counters (skipped, stuck, recoveries, outliers, sensor_errors, save_errors, alerts) and pred, actual
        /// and score are optional, 0 when absent,
        /// so lines of older firmware still parse; so are acc, bad_labels and acc_last, and IsClassifier says whether acc was there. The step may exceed 32 bits (a trainer counts it in 64).
        /// </summary>
        public static bool TryParse(string line, TrainingReport report)
        {
            if (line == null || report == null) return false;
            int end = line.Length;
            while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' ')) end--;

            double step = -1, loss = 0, average = 0, microseconds = 0, skipped = 0, stuck = 0, recoveries = 0, outliers = 0;
            double sensorErrors = 0, saveErrors = 0, prediction = 0, actual = 0, score = 0, alerts = 0, accuracy = 0, badLabels = 0, baseline = 0;
            bool hasAccuracy = false;
            int found = 0;
            int position = 0;
            while (position < end)
            {
                int tokenEnd = line.IndexOf(' ', position);
                if (tokenEnd < 0 || tokenEnd > end) tokenEnd = end;
                int colon = line.IndexOf(':', position);
                if (colon < 0 || colon >= tokenEnd) return false;
                string key = line.Substring(position, colon - position);
                double value;
                // Only the known keys' values must be numbers: firmware may add any key (fw:v1.2) and parsers ignore it.
                if (!DecimalText.TryParse(line, colon + 1, tokenEnd, out value))
                {
                    if (IsKnown(key)) return false;
                }
                else if (key == "step") { step = value; found |= 1; }
                else if (key == "loss") { loss = value; found |= 2; }
                else if (key == "avg") { average = value; found |= 4; }
                else if (key == "us") { microseconds = value; found |= 8; }
                else if (key == "skipped") skipped = value;
                else if (key == "stuck") stuck = value;
                else if (key == "recoveries") recoveries = value;
                else if (key == "outliers") outliers = value;
                else if (key == "sensor_errors") sensorErrors = value;
                else if (key == "save_errors") saveErrors = value;
                else if (key == "pred") prediction = value;
                else if (key == "actual") actual = value;
                else if (key == "score") score = value;
                else if (key == "alerts") alerts = value;
                else if (key == "acc") { accuracy = value; hasAccuracy = true; }
                else if (key == "bad_labels") badLabels = value;
                else if (key == "acc_last") baseline = value;
                position = tokenEnd + 1;
            }
            if (found != 15 || !IsStep(step) || !IsCount(skipped) || !IsCount(stuck) || !IsCount(recoveries)
                || !IsCount(outliers) || !IsCount(sensorErrors) || !IsCount(saveErrors) || !IsCount(alerts)
                || !IsCount(badLabels) || !(0 <= accuracy && accuracy <= 1) || !(0 <= baseline && baseline <= 1))
            {
                return false;
            }

            report.Step = (long)step;
            report.Loss = (float)loss;
            report.AverageLoss = (float)average;
            report.MicrosecondsPerStep = (float)microseconds;
            report.Skipped = (int)skipped;
            report.Stuck = (int)stuck;
            report.Recoveries = (int)recoveries;
            report.Outliers = (int)outliers;
            report.SensorErrors = (int)sensorErrors;
            report.SaveErrors = (int)saveErrors;
            report.Prediction = (float)prediction;
            report.Actual = (float)actual;
            report.Score = (float)score;
            report.Alerts = (int)alerts;
            report.IsClassifier = hasAccuracy;
            report.Accuracy = (float)accuracy;
            report.BadLabels = (int)badLabels;
            report.BaselineAccuracy = (float)baseline;
            return true;
        }

        private static bool IsKnown(string key)
        {
            return key == "step" || key == "loss" || key == "avg" || key == "us" || key == "skipped" || key == "stuck"
                || key == "recoveries" || key == "outliers" || key == "sensor_errors" || key == "save_errors"
                || key == "pred" || key == "actual" || key == "score" || key == "alerts" || key == "acc" || key == "bad_labels"
                || key == "acc_last";
        }

        // A step needs 64 bits; up to 2^53 a double holds it exactly. Written with <= only (NaN-correct on nanoCLR).
        private static bool IsStep(double value)
        {
            return 0 <= value && value <= 9007199254740992.0 && value == (long)value;
        }

        private static bool IsCount(double value)
        {
            return 0 <= value && value <= int.MaxValue && value == (long)value;
        }
    }
}
