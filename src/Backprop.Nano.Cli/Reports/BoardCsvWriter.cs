using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using nietras.SeparatedValues;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// monitor's CSV: one row per line from the board, as the Arduino Serial Plotter would plot it: the wall-clock time, the
    /// session (a new one each time the step goes back: a reset, a second run), a column for every numeric key (the report's
    /// first, then each new key as it appears, such as a benchmark's train_us), and a note with what is not a number (comments,
    /// fw:v1.2, a panic message). Numbers are kept as the board printed them. Each row is flushed, so the file is complete up
    /// to the last line even if the process is killed; <c>bpnano plot</c> draws it.
    /// </summary>
    internal sealed class BoardCsvWriter : IDisposable
    {
        /// <summary>The columns this writer fills with text, never with a board's numbers (plot leaves them out too).</summary>
        internal static readonly string[] TextColumns = { "time", "session", "note" };

        /// <summary>The columns every monitor CSV starts with; more keys follow as they appear.</summary>
        public static readonly string[] FixedColumns =
            { "time", "session", "step", "loss", "avg", "us", "skipped", "stuck", "recoveries", "outliers", "sensor_errors", "save_errors", "note" };

        // A board printing a new key on every line must not make the file infinitely wide; later keys go into the note.
        private const int MaxColumns = 64;
        private static readonly SepWriterOptions Format = Sep.New(',').Writer(options => options with { Escape = true });
        private readonly string _path;
        private readonly List<string> _columns;
        private StreamWriter _stream;
        private SepWriter _writer;

        private BoardCsvWriter(string path, List<string> columns, int lastSession)
        {
            _path = path;
            _columns = columns;
            LastSession = lastSession;
        }

        /// <summary>The highest session already in the file (0 for a new file): this run's sessions number on from it.</summary>
        public int LastSession { get; }

        /// <summary>The columns, in order.</summary>
        public IReadOnlyList<string> Columns => _columns;

        /// <summary>
        /// Opens <paramref name="path"/>: a new or empty file gets the header; a CSV that monitor wrote (its header starts with
        /// <see cref="FixedColumns"/>) is appended to in its own columns; any other file is replaced only with <paramref name="force"/>.
        /// </summary>
        /// <exception cref="CliException">the file must not or cannot be written.</exception>
        public static BoardCsvWriter Open(string path, bool force)
        {
            bool exists = OutputFile.Check(path, "--csv", true);
            try
            {
                List<string> columns = null;
                int lastSession = 0;
                if (exists)
                {
                    using SepReader reader = Sep.Reader(options => options with { DisableColCountCheck = true, Unescape = true }).FromFile(path);
                    columns = reader.Header.ColNames.ToList();
                    bool ours = columns.Count >= FixedColumns.Length && columns.Take(FixedColumns.Length).SequenceEqual(FixedColumns);
                    if (!ours && !force)
                    {
                        throw new CliException("--csv: " + path + " exists and is not a bpnano monitor CSV (its header is '"
                            + string.Join(",", columns) + "'); add --force to replace it.");
                    }
                    if (ours)
                    {
                        foreach (SepReader.Row row in reader) lastSession = Math.Max(lastSession, row[1].TryParse<int>() ?? 0);
                    }
                    else
                    {
                        columns = null;
                    }
                }
                var writer = new BoardCsvWriter(path, columns ?? FixedColumns.ToList(), lastSession);
                writer.OpenForAppend(truncate: columns == null);
                return writer;
            }
            catch (Exception e) when (OutputFile.IsFileError(e))
            {
                throw new CliException("--csv: cannot write " + path + ": " + e.Message, e);
            }
        }

        /// <summary>
        /// Writes one line of the board: its numeric pairs into their columns (adding a column for a new key), the rest of the
        /// pairs and <paramref name="text"/> (a comment; may be null) into the note.
        /// </summary>
        public void Write(DateTimeOffset time, int session, IReadOnlyList<KeyValuePair<string, string>> pairs, string text)
        {
            var cells = new Dictionary<string, string>
            {
                ["time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["session"] = session.ToString(CultureInfo.InvariantCulture),
            };
            var note = new List<string>();
            if (text != null) note.Add(text);
            foreach (KeyValuePair<string, string> pair in pairs ?? Array.Empty<KeyValuePair<string, string>>())
            {
                bool numeric = BoardLine.TryNumber(pair.Value, out _) && !TextColumns.Contains(pair.Key);
                if (numeric && !_columns.Contains(pair.Key) && _columns.Count < MaxColumns) AddColumn(pair.Key);
                if (numeric && _columns.Contains(pair.Key)) cells[pair.Key] = pair.Value;
                else note.Add(pair.Key + ":" + pair.Value);
            }
            if (note.Count > 0) cells["note"] = string.Join(" ", note);
            using (SepWriter.Row row = _writer.NewRow())
            {
                foreach (string column in _columns) row[column].Set(cells.TryGetValue(column, out string cell) ? cell : "");
            }
            _writer.Flush();
            _stream.Flush();
        }

        public void Dispose()
        {
            _writer?.Dispose();
            _stream?.Dispose();
        }

        private void OpenForAppend(bool truncate)
        {
            var file = new FileStream(_path, truncate ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read);
            _stream = new StreamWriter(file, new System.Text.UTF8Encoding(false));
            bool writeHeader = file.Length == 0;
            _writer = (Format with { WriteHeader = writeHeader }).To(_stream, leaveOpen: true);
            _writer.Header.Add(_columns);
        }

        // Rare (a key seen for the first time), so the file is rewritten with the new header rather than split into sections
        // that no CSV reader would take; the rename keeps either the old file or the new one.
        private void AddColumn(string key)
        {
            Dispose();
            string temporary = OutputFile.TemporaryPath(_path);
            using (SepReader reader = Sep.Reader(options => options with { DisableColCountCheck = true, Unescape = true }).FromFile(_path))
            using (SepWriter writer = Format.ToFile(temporary))
            {
                _columns.Add(key);
                writer.Header.Add(_columns);
                foreach (SepReader.Row old in reader)
                {
                    using SepWriter.Row row = writer.NewRow();
                    for (int k = 0; k < _columns.Count; k++) row[_columns[k]].Set(k < old.ColCount && k < _columns.Count - 1 ? old[k].Span : "");
                }
            }
            File.Move(temporary, _path, true);
            OpenForAppend(truncate: false);
        }
    }
}
