using System;
using System.Collections.Generic;
using System.Text;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Rows of text in aligned columns, for output that is read in a terminal and also piped or pasted:
    /// plain space-padded lines, or a Markdown table.
    /// </summary>
    public sealed class TextTable
    {
        private readonly string[] _header;
        private readonly bool[] _rightAligned;
        private readonly List<string[]> _rows = new List<string[]>();

        /// <summary>A table with these column headers; <paramref name="rightAligned"/> marks the numeric columns.</summary>
        public TextTable(string[] header, bool[] rightAligned)
        {
            _header = header ?? throw new ArgumentNullException(nameof(header));
            _rightAligned = rightAligned ?? throw new ArgumentNullException(nameof(rightAligned));
            if (rightAligned.Length != header.Length) throw new ArgumentException("One alignment per column.", nameof(rightAligned));
        }

        /// <summary>Adds a row of one cell per column.</summary>
        public TextTable Add(params string[] cells)
        {
            if (cells.Length != _header.Length) throw new ArgumentException("One cell per column.", nameof(cells));
            _rows.Add(cells);
            return this;
        }

        /// <summary>The header and the rows, columns padded to their widest cell and two spaces apart, without trailing spaces.</summary>
        public IEnumerable<string> PlainLines()
        {
            int[] widths = Widths();
            yield return Line(_header, widths, "", "  ", "");
            foreach (string[] row in _rows) yield return Line(row, widths, "", "  ", "");
        }

        /// <summary>The table in Markdown (GitHub's pipe tables), padded so that it also reads well as text.</summary>
        public IEnumerable<string> MarkdownLines()
        {
            int[] widths = Widths();
            yield return Line(_header, widths, "| ", " | ", " |");
            var rule = new string[_header.Length];
            for (int column = 0; column < rule.Length; column++)
            {
                rule[column] = _rightAligned[column] ? new string('-', Math.Max(2, widths[column] - 1)) + ":" : new string('-', Math.Max(3, widths[column]));
            }
            yield return Line(rule, widths, "| ", " | ", " |");
            foreach (string[] row in _rows) yield return Line(row, widths, "| ", " | ", " |");
        }

        private int[] Widths()
        {
            var widths = new int[_header.Length];
            for (int column = 0; column < widths.Length; column++)
            {
                widths[column] = _header[column].Length;
                foreach (string[] row in _rows) widths[column] = Math.Max(widths[column], row[column].Length);
            }
            return widths;
        }

        private string Line(string[] cells, int[] widths, string start, string separator, string end)
        {
            var line = new StringBuilder(start);
            for (int column = 0; column < cells.Length; column++)
            {
                if (column > 0) line.Append(separator);
                line.Append(_rightAligned[column] ? cells[column].PadLeft(widths[column]) : cells[column].PadRight(widths[column]));
            }
            return (line + end).TrimEnd();
        }
    }
}
