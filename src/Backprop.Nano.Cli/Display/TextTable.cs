using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Spectre.Console's <see cref="Grid"/> and Markdown <see cref="Table"/> rendered as plain text, for output that is
    /// piped or pasted as well as read in a terminal: space-padded columns, or a Markdown table.
    /// </summary>
    internal sealed class TextTable
    {
        private readonly Table _markdown = new Table().Border(TableBorder.Markdown);
        private readonly Grid _plain = new Grid();

        /// <param name="header">the column headers.</param>
        /// <param name="rightAligned">marks the numeric columns.</param>
        public TextTable(string[] header, bool[] rightAligned)
        {
            for (int column = 0; column < header.Length; column++)
            {
                Justify? alignment = rightAligned[column] ? Justify.Right : null;
                _markdown.AddColumn(new TableColumn(new Text(header[column])) { Alignment = alignment });
                _plain.AddColumn(new GridColumn { Alignment = alignment, Padding = new Padding(column == 0 ? 0 : 2, 0, 0, 0) });
            }
            _plain.AddRow(Cells(header));
        }

        public TextTable Add(params string[] cells)
        {
            _markdown.AddRow(Cells(cells));
            _plain.AddRow(Cells(cells));
            return this;
        }

        /// <summary>The header and the rows, columns two spaces apart.</summary>
        public IEnumerable<string> PlainLines() => Render(_plain);

        /// <summary>The table in Markdown (GitHub's pipe tables), padded so that it also reads well as text.</summary>
        public IEnumerable<string> MarkdownLines() => Render(_markdown);

        // Text, not markup: cells such as "[0, 1)" are shown as they are.
        private static IRenderable[] Cells(string[] cells) => Array.ConvertAll(cells, cell => (IRenderable)new Text(cell));

        private static IEnumerable<string> Render(IRenderable table)
        {
            var text = new StringWriter();
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(text),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            // Never wrapped: the table is as wide as its cells.
            console.Profile.Width = int.MaxValue;
            console.Write(table);
            // Spectre pads every line to the table's width, and draws the Markdown border's top and bottom as blank lines.
            return text.ToString().Split('\n').Where(line => line.Trim().Length > 0).Select(line => line.TrimEnd()).ToList();
        }
    }
}
