namespace Backprop.Nano
{
    /// <summary>
    /// The report line: one ASCII line of space-separated key:value pairs,
    /// <c>step:1200 loss:0.0123 avg:0.0187 us:850 skipped:0 stuck:0 recoveries:0 outliers:0</c>, in that order.
    /// </summary>
    /// <remarks>
    /// The Arduino IDE's Serial Plotter plots such lines (one series per key) and the CLI's
    /// monitor parses them. Numbers use <see cref="DecimalText"/>, so a board and the desktop
    /// print the same text. Parsers must ignore keys they do not know, so keys can be added.
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
                + " outliers:" + report.Outliers;
        }

        /// <summary>
        /// Fills <paramref name="report"/> from <paramref name="line"/> (trailing CR/LF and spaces allowed).
        /// False, leaving the report unchanged, unless step, loss, avg and us are all present and valid;
        /// the counters skipped, stuck, recoveries and outliers are optional (0 when absent).
        /// </summary>
        public static bool TryParse(string line, TrainingReport report)
        {
            if (line == null || report == null) return false;
            int end = line.Length;
            while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' ')) end--;

            double step = -1, loss = 0, average = 0, microseconds = 0, skipped = 0, stuck = 0, recoveries = 0, outliers = 0;
            int found = 0;
            int position = 0;
            while (position < end)
            {
                int tokenEnd = line.IndexOf(' ', position);
                if (tokenEnd < 0 || tokenEnd > end) tokenEnd = end;
                int colon = line.IndexOf(':', position);
                if (colon < 0 || colon >= tokenEnd) return false;
                double value;
                if (!DecimalText.TryParse(line, colon + 1, tokenEnd, out value)) return false;

                string key = line.Substring(position, colon - position);
                if (key == "step") { step = value; found |= 1; }
                else if (key == "loss") { loss = value; found |= 2; }
                else if (key == "avg") { average = value; found |= 4; }
                else if (key == "us") { microseconds = value; found |= 8; }
                else if (key == "skipped") skipped = value;
                else if (key == "stuck") stuck = value;
                else if (key == "recoveries") recoveries = value;
                else if (key == "outliers") outliers = value;
                position = tokenEnd + 1;
            }
            // A step needs 64 bits; up to 2^53 a double holds it exactly.
            if (found != 15 || !(step >= 0 && step <= 9007199254740992.0 && step == (long)step)
                || !IsCount(skipped) || !IsCount(stuck) || !IsCount(recoveries) || !IsCount(outliers))
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
            return true;
        }

        private static bool IsCount(double value)
        {
            return value >= 0 && value <= int.MaxValue && value == (long)value;
        }
    }
}
