using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;

namespace Backprop.Nano.Cli
{
    /// <summary>How a CSV file writes its values: null fields are detected from the file.</summary>
    /// <param name="Delimiter">the field separator (',', ';', '\t', '|').</param>
    /// <param name="DecimalComma">true for "21,5" (German or French spreadsheets), false for "21.5".</param>
    internal sealed record CsvFormat(char? Delimiter = null, bool? DecimalComma = null);

    /// <summary>
    /// Recorded readings from a CSV file, played back as a sensor: one row per reading, the selected
    /// columns as channels. Rows whose selected fields are missing or not numbers are skipped, counted and named by line.
    /// </summary>
    /// <remarks>
    /// Read with Sep (quotes, any line ending). The delimiter is ';' when the first line has one (a spreadsheet of a
    /// country whose decimal mark is the comma), else a tab, else ','; with ';' or a tab, numbers with a decimal comma are
    /// recognised; both can be set (<see cref="CsvFormat"/>). The first line is a header when any of its fields is not a
    /// number; blank lines and lines starting with '#' are ignored. Without --columns, the columns whose first value is not
    /// a number (a timestamp, a label) are left out and named. The whole file is read up front so that the number of usable
    /// rows is known before training starts. "nan" and "inf" are numbers: they reach the trainer, which skips and counts
    /// them as the device does.
    /// </remarks>
    internal sealed partial class CsvSensor(float[] values, int channelCount, string[] channelNames, int targetChannel, int[] skippedLines, string notes) : ISensor
    {
        // values: RowCount x ChannelCount, row-major.
        private int _nextRow;

        public int ChannelCount { get; } = channelCount;

        /// <summary>The selected columns' header names (or "column N" without a header), in channel order.</summary>
        public string[] ChannelNames { get; } = channelNames;

        /// <summary>The channel of --target (or of --label), or -1 for self-supervised learning.</summary>
        public int TargetChannel { get; } = targetChannel;

        /// <summary>Usable rows, i.e. readings available.</summary>
        public int RowCount { get; } = values.Length / channelCount;

        /// <summary>Rows skipped because a selected field was missing or not a number.</summary>
        public int SkippedRows => SkippedLines.Length;

        /// <summary>The line numbers (1-based, as an editor shows them) of the skipped rows.</summary>
        public int[] SkippedLines { get; } = skippedLines;

        /// <summary>What was detected or left out (delimiter, decimal comma, columns without numbers), for the summary; may be null.</summary>
        public string Notes { get; } = notes;

        /// <summary>The largest whole number of at least 0 in <paramref name="channel"/> (a label column's highest class); -1 when there is none.</summary>
        public int LargestWholeValue(int channel)
        {
            float largest = -1f;
            for (int k = channel; k < values.Length; k += ChannelCount)
            {
                float value = values[k];
                if (largest < value && value == MathF.Floor(value) && value <= int.MaxValue) largest = value;
            }
            return (int)largest;
        }

        /// <summary>The skipped rows' lines for a message: "lines 3, 7 and 12" (the first 10 of them).</summary>
        public string SkippedLinesText => SkippedLines.Length == 0 ? "" : (SkippedLines.Length == 1 ? "line " : "lines ")
            + string.Join(", ", SkippedLines.Take(10)) + (SkippedLines.Length > 10 ? " and " + (SkippedLines.Length - 10) + " more" : "");

        /// <summary>Reads <paramref name="path"/>; see <see cref="Parse"/>.</summary>
        public static CsvSensor Load(string path, string columns, string target, CsvFormat format = null, string targetOption = "--target")
        {
            try
            {
                using var reader = new StreamReader(path);
                return Parse(reader, columns, target, path, format, targetOption);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliException("cannot read the CSV file " + path + ": " + e.Message, e);
            }
        }

        /// <summary>
        /// Reads a recording: <paramref name="columns"/> are comma-separated header names or 0-based indexes (null for every
        /// numeric column); <paramref name="target"/> is the column to predict (added as the last channel when not among them;
        /// null for self-supervised); <paramref name="sourceName"/> names the file in messages, <paramref name="targetOption"/> the option
        /// that chose the target (--target, or --label for a classifier's label column, which is selected the same way).
        /// </summary>
        /// <exception cref="CliException">unknown column, or no usable row.</exception>
        public static CsvSensor Parse(TextReader reader, string columns, string target, string sourceName, CsvFormat format = null, string targetOption = "--target")
        {
            format ??= new CsvFormat();
            // Lines before the first row are skipped here, so that the delimiter is detected on the header, not a comment.
            int lineNumber = 0;
            while (reader.Peek() == '#' || reader.Peek() == '\r' || reader.Peek() == '\n')
            {
                reader.ReadLine();
                lineNumber++;
            }
            string first = reader.ReadLine();
            if (first == null) throw new CliException("no usable rows in " + sourceName + ": it is empty.");
            char delimiter = format.Delimiter ?? (first.Contains(';') ? ';' : first.Contains('\t') ? '\t' : ',');
            bool decimalComma = format.DecimalComma ?? false;
            var notes = new List<string>();
            if (format.Delimiter == null && delimiter != ',') notes.Add("fields separated by " + (delimiter == '\t' ? "tabs" : "'" + delimiter + "'"));

            string[] header = null;
            int[] selected = null;
            int targetChannel = -1;
            var values = new List<float>();
            var skipped = new List<int>();
            string firstBad = null;
            bool headerDecided = false;
            using SepReader rows = Sep.New(delimiter).Reader(options => options with { HasHeader = false, DisableColCountCheck = true, Unescape = true, Trim = SepTrim.All })
                .From(new StringReader(first + "\n" + reader.ReadToEnd()));
            foreach (SepReader.Row row in rows)
            {
                int line = lineNumber + row.LineNumberFrom;
                string[] fields = row[0..row.ColCount].ToStringsArray();
                if (fields.All(field => field.Length == 0) || fields[0].StartsWith('#')) continue;
                if (!headerDecided)
                {
                    // The first content line is a header when a field is neither a number (in either notation) nor a timestamp.
                    headerDecided = true;
                    if (Array.Exists(fields, field => !TryParseNumber(field, false, out _) && !TryParseNumber(field, true, out _) && !IsTimestamp(field)))
                    {
                        header = fields;
                        continue;
                    }
                }
                if (selected == null)
                {
                    // The first row decides the decimal mark and, without --columns, the columns.
                    if (format.DecimalComma == null && delimiter != ',') decimalComma = Array.Exists(fields, field => DecimalCommaNumber().IsMatch(field));
                    if (format.DecimalComma == null && decimalComma) notes.Add("decimal commas");
                    selected = SelectColumns(columns, target, header, fields, decimalComma, sourceName, notes, targetOption, out targetChannel);
                }
                if (!TryAppendRow(fields, selected, values, decimalComma))
                {
                    skipped.Add(line);
                    firstBad ??= "line " + line + ": '" + row.Span.ToString() + "'";
                }
            }
            if (selected == null || values.Count == 0)
            {
                throw new CliException("no usable rows in " + sourceName + (skipped.Count > 0 ? " (" + skipped.Count + " skipped; the first, " + firstBad + ")" : "")
                    + ". bpnano reads numbers separated by ',' or ';' (detected; --delimiter to set it, --decimal-comma for 21,5); "
                    + "--columns chooses the columns to use.");
            }
            string[] names = Array.ConvertAll(selected, column => header != null && column < header.Length ? header[column] : "column " + column);
            return new CsvSensor(values.ToArray(), selected.Length, names, targetChannel, skipped.ToArray(), notes.Count > 0 ? string.Join("; ", notes) : null);
        }

        /// <summary>Plays the recording again from its first row.</summary>
        public void Rewind() => _nextRow = 0;

        public void Read(float[] reading)
        {
            if (reading == null || reading.Length != ChannelCount) throw new ArgumentException("reading must have ChannelCount elements.", nameof(reading));
            // Callers take at most RowCount readings (TrainingRun caps them); wrapping around would hide that.
            if (_nextRow >= RowCount) throw new InvalidOperationException("The recording has only " + RowCount + " rows.");
            Array.Copy(values, _nextRow * ChannelCount, reading, 0, ChannelCount);
            _nextRow++;
        }

        private static bool TryAppendRow(string[] fields, int[] selected, List<float> values, bool decimalComma)
        {
            var row = new float[selected.Length];
            for (int k = 0; k < selected.Length; k++)
            {
                if (selected[k] >= fields.Length || !TryParseNumber(fields[selected[k]], decimalComma, out double value)) return false;
                row[k] = (float)value;
            }
            values.AddRange(row);
            return true;
        }

        private static int[] SelectColumns(string columns, string target, string[] header, string[] firstRow, bool decimalComma, string sourceName,
            List<string> notes, string targetOption, out int targetChannel)
        {
            int width = Math.Max(firstRow.Length, header?.Length ?? 0);
            var selected = new List<int>();
            if (columns == null)
            {
                // A timestamp or label column would make every row unusable: leave out what is not a number, and say so.
                var left = new List<string>();
                for (int column = 0; column < width; column++)
                {
                    if (column < firstRow.Length && TryParseNumber(firstRow[column], decimalComma, out _)) selected.Add(column);
                    else left.Add((header != null && column < header.Length ? "'" + header[column] + "'" : "column " + column)
                        + (column < firstRow.Length ? " ('" + firstRow[column] + "')" : ""));
                }
                if (left.Count > 0) notes.Add("left out " + string.Join(", ", left) + ": not numbers (choose columns with --columns)");
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
                if (selected.Count < 2) throw new CliException(targetOption + " needs at least one other column to predict it from.");
            }
            if (selected.Count == 0) throw new CliException("no column of " + sourceName + " holds numbers in its first row; " + string.Join("; ", notes) + ".");
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

        private static bool TryParseNumber(string text, bool decimalComma, out double value)
        {
            if (decimalComma && DecimalCommaNumber().IsMatch(text)) text = text.Replace(',', '.');
            // Invariant decimals as spreadsheets and Python write them, plus the device's own "nan"/"inf".
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                || DecimalText.TryParse(text, 0, text.Length, out value);
        }

        private static bool IsTimestamp(string text) =>
            text.Length >= 8 && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _);

        [GeneratedRegex(@"^[+-]?[0-9]*,[0-9]+([eE][+-]?[0-9]+)?$")]
        private static partial Regex DecimalCommaNumber();
    }
}
