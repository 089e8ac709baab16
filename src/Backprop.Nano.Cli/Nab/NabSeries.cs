using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// One NAB data file (<c>timestamp,value</c>) with its labelled windows as rows. <see cref="Name"/> is its path below
    /// the corpus folder with '/' (realTraffic/speed_6005.csv), the key of NAB's labels/combined_windows.json.
    /// </summary>
    internal sealed class NabSeries
    {
        public NabSeries(string name, DateTime[] timestamps, float[] values, IReadOnlyList<NabWindow> windows)
        {
            Name = name;
            Timestamps = timestamps;
            Values = values;
            Scorer = new NabScorer(values.Length, windows);
        }

        public string Name { get; }

        public DateTime[] Timestamps { get; }

        /// <summary>The readings, as a board's float.</summary>
        public float[] Values { get; }

        /// <summary>Scores detections on this series.</summary>
        public NabScorer Scorer { get; }

        public int RowCount => Values.Length;

        /// <summary>
        /// Reads <paramref name="path"/> and places <paramref name="windowLimits"/> (start and end timestamps, as in
        /// combined_windows.json) on its rows. A window edge that is no row's timestamp is an error: NAB would never enter
        /// that window and would silently count it missed.
        /// </summary>
        public static NabSeries Load(string path, string name, IReadOnlyList<(DateTime Start, DateTime End)> windowLimits)
        {
            var timestamps = new List<DateTime>();
            var values = new List<float>();
            int lineNumber = 0;
            foreach (string line in File.ReadLines(path))
            {
                lineNumber++;
                if (lineNumber == 1 || line.Length == 0) continue;
                int comma = line.IndexOf(',');
                if (comma < 0
                    || !DateTime.TryParse(line.AsSpan(0, comma), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime time)
                    || !float.TryParse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                {
                    throw new CliException(path + " line " + lineNumber + ": expected 'timestamp,value' (NAB's data format), found '" + line + "'.");
                }
                timestamps.Add(time);
                values.Add(value);
            }
            if (values.Count == 0) throw new CliException(path + " has no rows.");
            var windows = new List<NabWindow>();
            foreach ((DateTime start, DateTime end) in windowLimits)
            {
                int first = timestamps.IndexOf(start), last = timestamps.IndexOf(end);
                if (first < 0 || last < 0)
                {
                    throw new CliException(name + ": the window " + start.ToString("s", CultureInfo.InvariantCulture) + " to "
                        + end.ToString("s", CultureInfo.InvariantCulture) + " does not start and end on rows of " + path + ".");
                }
                windows.Add(new NabWindow(first, last));
            }
            return new NabSeries(name, timestamps.ToArray(), values.ToArray(), windows);
        }
    }
}
