using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Recorded readings from a CSV file, played back as a sensor: one row per reading, the selected
    /// columns as channels. Rows whose selected fields are missing or not numbers are skipped and counted.
    /// </summary>
    /// <remarks>
    /// Plain comma-separated values: the first line is a header when any of its fields is not a number;
    /// blank lines and lines starting with '#' are ignored; quoted fields may not contain commas.
    /// The whole file is read up front so that the number of usable rows is known before training starts.
    /// "nan" and "inf" are numbers: they reach the trainer, which skips and counts them as the device does.
    /// </remarks>
    internal sealed class CsvSensor(float[] values, int channelCount, string[] channelNames, int targetChannel, int skippedRows) : ISensor
    {
        // values: RowCount x ChannelCount, row-major.
        private int _nextRow;

        public int ChannelCount { get; } = channelCount;

        /// <summary>The selected columns' header names (or "column N" without a header), in channel order.</summary>
        public string[] ChannelNames { get; } = channelNames;

        /// <summary>The channel of --target, or -1 for self-supervised learning.</summary>
        public int TargetChannel { get; } = targetChannel;

        /// <summary>Usable rows, i.e. readings available.</summary>
        public int RowCount { get; } = values.Length / channelCount;

        /// <summary>Rows skipped because a selected field was missing or not a number.</summary>
        public int SkippedRows { get; } = skippedRows;

        /// <summary>Reads <paramref name="path"/>; see <see cref="Parse"/>.</summary>
        public static CsvSensor Load(string path, string columns, string target)
        {
            try
            {
                using var reader = new StreamReader(path);
                return Parse(reader, columns, target, path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliException("cannot read the CSV file " + path + ": " + e.Message, e);
            }
        }

        /// <summary>
        /// Reads a recording: <paramref name="columns"/> are comma-separated header names or 0-based indexes (null for every
        /// column); <paramref name="target"/> is the column to predict (added as the last channel when not among them; null
        /// for self-supervised); <paramref name="sourceName"/> names the file in messages.
        /// </summary>
        /// <exception cref="CliException">unknown column, or no usable row.</exception>
        public static CsvSensor Parse(TextReader reader, string columns, string target, string sourceName)
        {
            string[] header = null;
            int[] selected = null;
            int targetChannel = -1;
            var values = new List<float>();
            int skipped = 0;
            string line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal)) continue;
                string[] fields = SplitFields(line);
                if (selected == null)
                {
                    // The first content line decides the file's width and whether it has a header.
                    bool isHeader = Array.Exists(fields, field => !TryParseNumber(field, out _));
                    if (isHeader) header = fields;
                    selected = SelectColumns(columns, target, header, fields.Length, sourceName, out targetChannel);
                    if (isHeader) continue;
                }
                if (!TryAppendRow(fields, selected, values)) skipped++;
            }
            if (selected == null || values.Count == 0)
            {
                throw new CliException("no usable rows in " + sourceName + (skipped > 0 ? " (" + skipped + " skipped)." : "."));
            }
            string[] names = Array.ConvertAll(selected, column => header != null ? header[column] : "column " + column);
            return new CsvSensor(values.ToArray(), selected.Length, names, targetChannel, skipped);
        }

        public void Read(float[] reading)
        {
            if (reading == null || reading.Length != ChannelCount) throw new ArgumentException("reading must have ChannelCount elements.", nameof(reading));
            // Callers take at most RowCount readings (TrainingRun caps them); wrapping around would hide that.
            if (_nextRow >= RowCount) throw new InvalidOperationException("The recording has only " + RowCount + " rows.");
            Array.Copy(values, _nextRow * ChannelCount, reading, 0, ChannelCount);
            _nextRow++;
        }

        private static bool TryAppendRow(string[] fields, int[] selected, List<float> values)
        {
            var row = new float[selected.Length];
            for (int k = 0; k < selected.Length; k++)
            {
                if (selected[k] >= fields.Length || !TryParseNumber(fields[selected[k]], out double value)) return false;
                row[k] = (float)value;
            }
            values.AddRange(row);
            return true;
        }

        private static int[] SelectColumns(string columns, string target, string[] header, int width, string sourceName, out int targetChannel)
        {
            var selected = new List<int>();
            if (columns == null)
            {
                for (int column = 0; column < width; column++) selected.Add(column);
            }
            else
            {
                foreach (string token in columns.Split(','))
                {
                    int column = ResolveColumn(token.Trim(), header, width, sourceName);
                    if (selected.Contains(column)) throw new CliException("--columns selects column '" + token.Trim() + "' twice.");
                    selected.Add(column);
                }
            }
            targetChannel = -1;
            if (target != null)
            {
                int column = ResolveColumn(target.Trim(), header, width, sourceName);
                targetChannel = selected.IndexOf(column);
                if (targetChannel < 0)
                {
                    selected.Add(column);
                    targetChannel = selected.Count - 1;
                }
                if (selected.Count < 2) throw new CliException("--target needs at least one other column to predict it from.");
            }
            return selected.ToArray();
        }

        private static int ResolveColumn(string token, string[] header, int width, string sourceName)
        {
            if (header != null)
            {
                // A header name wins over an index, so a column named "2" can be selected by name.
                int byName = Array.IndexOf(header, token);
                if (byName < 0) byName = Array.FindIndex(header, name => string.Equals(name, token, StringComparison.OrdinalIgnoreCase));
                if (byName >= 0) return byName;
            }
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                if (index < width) return index;
                throw new CliException("column index " + index + " is out of range: " + sourceName + " has " + width + " columns (0.." + (width - 1) + ").");
            }
            throw new CliException(header == null
                ? "unknown column '" + token + "': " + sourceName + " has no header row, so select columns by 0-based index (0.." + (width - 1) + ")."
                : "unknown column '" + token + "': the header of " + sourceName + " has " + string.Join(", ", header) + ".");
        }

        private static string[] SplitFields(string line)
        {
            return Array.ConvertAll(line.Split(','), field =>
            {
                field = field.Trim();
                return field.Length >= 2 && field[0] == '"' && field[field.Length - 1] == '"' ? field.Substring(1, field.Length - 2).Trim() : field;
            });
        }

        private static bool TryParseNumber(string text, out double value)
        {
            // Invariant decimals as spreadsheets and Python write them, plus the device's own "nan"/"inf".
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                || DecimalText.TryParse(text, 0, text.Length, out value);
        }
    }
}
