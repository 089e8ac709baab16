using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// NAB's folder layout: data files below a folder (realTraffic/speed_6005.csv, ...) and, beside them,
    /// labels/combined_windows.json with each file's windows; or NAB's repository itself, whose data files are below data/.
    /// Finds the labelled series in a folder, or one file's labels.
    /// </summary>
    internal static class NabCorpus
    {
        /// <summary>Where NAB keeps the windows, below the corpus folder.</summary>
        public const string WindowsFile = "labels/combined_windows.json";

        /// <summary>
        /// The series of <paramref name="path"/>: every labelled CSV below a corpus folder (in name order), or one CSV file of
        /// a corpus. The corpus folder is <paramref name="path"/> itself or the nearest folder above it with labels/combined_windows.json;
        /// <paramref name="windowsFile"/> names another windows file (its keys relative to that folder).
        /// </summary>
        public static List<NabSeries> Load(string path, string windowsFile = null) => Load(path, windowsFile, out _);

        /// <summary>As <see cref="Load(string, string)"/>, and <paramref name="root"/> is the corpus folder found.</summary>
        public static List<NabSeries> Load(string path, string windowsFile, out string root)
        {
            string full = Path.GetFullPath(path);
            bool isFile = File.Exists(full);
            if (!isFile && !Directory.Exists(full)) throw new CliException("no such file or folder: " + path);
            root = FindRoot(isFile ? Path.GetDirectoryName(full) : full, windowsFile != null);
            string windowsPath = windowsFile ?? Path.Combine(root, WindowsFile);
            Dictionary<string, List<(DateTime, DateTime)>> windows = ReadWindows(windowsPath);
            var files = isFile ? new[] { full } : Directory.GetFiles(full, "*.csv", SearchOption.AllDirectories);
            var series = new List<NabSeries>();
            foreach (string file in files.OrderBy(f => f, StringComparer.Ordinal))
            {
                string name = Path.GetRelativePath(root, file).Replace('\\', '/');
                // NAB's repository keeps the data files in data/, and the windows' names leave that out.
                if (!windows.ContainsKey(name) && name.StartsWith("data/", StringComparison.Ordinal)) name = name["data/".Length..];
                if (!windows.TryGetValue(name, out List<(DateTime, DateTime)> limits))
                {
                    if (isFile) throw new CliException(windowsPath + " has no windows for " + name + " (its keys are paths below " + root + ").");
                    continue;
                }
                series.Add(NabSeries.Load(file, name, limits));
            }
            if (series.Count == 0) throw new CliException("no CSV file below " + path + " is named in " + windowsPath + ".");
            return series;
        }

        // The folder the window names are relative to: the first one up from start that holds labels/combined_windows.json.
        private static string FindRoot(string start, bool windowsGiven)
        {
            for (string folder = start; folder != null; folder = Path.GetDirectoryName(folder))
            {
                if (File.Exists(Path.Combine(folder, WindowsFile))) return folder;
            }
            if (windowsGiven) return start;
            throw new CliException("no " + WindowsFile + " in " + start + " or a folder above it: give NAB's folder (with labels/) or --windows FILE.");
        }

        /// <summary>NAB's combined_windows.json: file name to a list of [start, end] timestamps.</summary>
        public static Dictionary<string, List<(DateTime, DateTime)>> ReadWindows(string path)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException)
            {
                throw new CliException("cannot read the windows file " + path + ": " + e.Message, e);
            }
            using (document)
            {
                var windows = new Dictionary<string, List<(DateTime, DateTime)>>(StringComparer.Ordinal);
                foreach (JsonProperty file in document.RootElement.EnumerateObject())
                {
                    var limits = new List<(DateTime, DateTime)>();
                    foreach (JsonElement window in file.Value.EnumerateArray())
                    {
                        if (window.GetArrayLength() != 2) throw new CliException(path + ": a window of " + file.Name + " is not [start, end].");
                        limits.Add((Parse(window[0], path), Parse(window[1], path)));
                    }
                    windows[file.Name] = limits;
                }
                return windows;
            }
        }

        private static DateTime Parse(JsonElement value, string path) =>
            DateTime.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime time)
                ? time : throw new CliException(path + ": '" + value + "' is not a timestamp.");
    }
}
