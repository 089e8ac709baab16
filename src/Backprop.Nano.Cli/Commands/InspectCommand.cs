using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano inspect: what a model file (from train --save, or copied off a board) holds: shape, activations, step,
    /// sequence, velocities, standardizer statistics, a summary of each weight buffer, and whether it is valid.
    /// Tables on a terminal, plain "label: value" lines when piped. An invalid file exits with code 1 after showing
    /// what its header says.
    /// </summary>
    public sealed class InspectCommand : Command<InspectCommand.Settings>
    {
        private static readonly string[] BufferColumns = { "buffer", "count", "min", "max", "mean", "rms", "L2 norm" };

        private readonly CliConsole _console;

        /// <summary>A command writing to <paramref name="console"/>.</summary>
        public InspectCommand(CliConsole console)
        {
            _console = console;
        }

        /// <summary>inspect's argument.</summary>
        public sealed class Settings : CommandSettings
        {
            /// <summary>The model file.</summary>
            [CommandArgument(0, "<FILE>")]
            [Description("Model file to inspect (ModelFormat), e.g. from train --save or a board's checkpoint.")]
            public string File { get; set; }
        }

        /// <inheritdoc />
        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            ModelInspection inspection = ModelInspection.Of(settings.File, ModelFile.ReadAll(settings.File, null));
            if (_console.IsInteractive) Render(inspection);
            else _console.WriteLines(PlainLines(inspection));
            if (inspection.Error == null) return 0;
            _console.Error.WriteLine("error: " + settings.File + " is not a valid model: " + inspection.Error);
            return BpnanoApp.RuntimeError;
        }

        private static IEnumerable<string> PlainLines(ModelInspection inspection)
        {
            int width = 0;
            foreach (KeyValuePair<string, string> field in inspection.Fields) width = Math.Max(width, field.Key.Length + 1);
            foreach (KeyValuePair<string, string> field in inspection.Fields) yield return (field.Key + ":").PadRight(width) + " " + field.Value;
            if (inspection.Buffers.Count == 0) yield break;
            yield return "weights:";
            var table = new TextTable(BufferColumns, new[] { false, true, true, true, true, true, true });
            foreach (BufferStatistics buffer in inspection.Buffers) table.Add(Cells(buffer));
            foreach (string line in table.PlainLines()) yield return "  " + line;
        }

        private void Render(ModelInspection inspection)
        {
            var fields = new Grid().AddColumn().AddColumn();
            foreach (KeyValuePair<string, string> field in inspection.Fields)
            {
                // Text, not markup: file names and messages may contain '['.
                fields.AddRow(new Text(field.Key, new Style(decoration: Decoration.Bold)), new Text(field.Value));
            }
            _console.Ansi.Write(fields);
            if (inspection.Buffers.Count == 0) return;
            var table = new Table().Border(TableBorder.Rounded).Title("weights");
            foreach (string column in BufferColumns) table.AddColumn(column == "buffer" ? new TableColumn(column) : new TableColumn(column).RightAligned());
            foreach (BufferStatistics buffer in inspection.Buffers) table.AddRow(Array.ConvertAll(Cells(buffer), cell => (IRenderable)new Text(cell)));
            _console.Ansi.Write(table);
        }

        private static string[] Cells(BufferStatistics buffer)
        {
            return new[]
            {
                buffer.Name, buffer.Count.ToString(CultureInfo.InvariantCulture), DecimalText.Format((float)buffer.Min),
                DecimalText.Format((float)buffer.Max), DecimalText.Format((float)buffer.Mean), DecimalText.Format((float)buffer.Rms),
                DecimalText.Format((float)buffer.Norm),
            };
        }
    }
}
