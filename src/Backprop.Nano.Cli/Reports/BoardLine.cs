using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Backprop.Nano.Cli
{
    /// <summary>What a line from a board is, as <see cref="ReportStreamReader"/> sorts them.</summary>
    public enum BoardLineKind
    {
        /// <summary>A report line (<see cref="ReportLine"/>), possibly with more keys.</summary>
        Report,

        /// <summary>A line starting with '#': start-up, resume and error messages.</summary>
        Comment,

        /// <summary>Other space-separated key:value pairs, such as a benchmark's "inputs:2 hidden:10 train_us:52.1".</summary>
        Values,

        /// <summary>Anything else, including a damaged report line.</summary>
        Malformed,
    }

    /// <summary>The key:value pairs of a board's line, which the Arduino Serial Plotter and monitor both read.</summary>
    internal static class BoardLine
    {
        // The keys every report line has: a line with one of them that does not parse as a report is a damaged report.
        private static readonly string[] ReportKeys = { "step", "loss", "avg", "us" };

        /// <summary>The pairs of <paramref name="line"/>, or null unless every space-separated token is key:value with a key.</summary>
        public static List<KeyValuePair<string, string>> Pairs(string line)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (string token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int colon = token.IndexOf(':');
                if (colon < 1) return null;
                pairs.Add(new KeyValuePair<string, string>(token.Substring(0, colon), token.Substring(colon + 1)));
            }
            return pairs.Count > 0 ? pairs : null;
        }

        /// <summary>True when <paramref name="pairs"/> has a key of the report line (so a line that fails to parse as one is damaged).</summary>
        public static bool HasReportKey(List<KeyValuePair<string, string>> pairs) => pairs.Exists(pair => Array.IndexOf(ReportKeys, pair.Key) >= 0);

        /// <summary>The value as a number (the board's DecimalText, "nan" and "inf" included); false for text such as "v1.2".</summary>
        public static bool TryNumber(string value, out double number) => DecimalText.TryParse(value, 0, value.Length, out number);

        /// <summary>True for a line that reports a failure ("# error ...", "# checkpoint save failed ..."), to be highlighted.</summary>
        public static bool IsError(string line) => Regex.IsMatch(line, @"\b(error|errors|fail|failed|failure|panic)\b", RegexOptions.IgnoreCase)
            && !Regex.IsMatch(line, @"\b(sensor_errors|save_errors):");
    }
}
