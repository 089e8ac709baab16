using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Published NAB scores to print beside the board's: NAB's results folder holds each detector's raw score per file and
    /// profile (results/DETECTOR_PROFILE_scores.csv, or results/DETECTOR/... in NAB's repository). Normalized per file here
    /// as the board's scores are.
    /// </summary>
    internal sealed class NabAnchors
    {
        /// <summary>The detectors shown: HTM (NAB's "numenta") and ARTime, the best published on these series.</summary>
        public static readonly IReadOnlyList<(string Name, string Label)> Detectors = new[] { ("numenta", "HTM"), ("ARTime", "ARTime") };

        private readonly Dictionary<(string Detector, string Profile, string File), double> _raw = new();

        /// <summary>Reads what <paramref name="corpusRoot"/>'s results folder has of <see cref="Detectors"/> (nothing when it has none).</summary>
        public NabAnchors(string corpusRoot)
        {
            foreach ((string detector, _) in Detectors)
            {
                foreach (NabProfile profile in NabProfile.All)
                {
                    string name = detector + "_" + profile.Name + "_scores.csv";
                    string path = Path.Combine(corpusRoot, "results", name);
                    if (!File.Exists(path)) path = Path.Combine(corpusRoot, "results", detector, name);
                    if (!File.Exists(path)) continue;
                    foreach (string line in File.ReadLines(path))
                    {
                        // Detector,Profile,File,Threshold,Score,...
                        string[] fields = line.Split(',');
                        if (fields.Length > 4 && double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double raw))
                        {
                            _raw[(detector, profile.Name, fields[2])] = raw;
                        }
                    }
                }
            }
        }

        /// <summary>A detector's published raw score of a file under a profile, normalized as <paramref name="like"/> is; null when not published.</summary>
        public double? Normalized(string detector, string file, NabResult like)
        {
            if (!_raw.TryGetValue((detector, like.Profile.Name, file), out double raw)) return null;
            return (like with { Raw = raw }).Normalized;
        }
    }
}
