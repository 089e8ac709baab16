using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
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

        /// <summary>inspect's arguments.</summary>
        public sealed class Settings : CommandSettings
        {
            /// <summary>One model file, or a board's two checkpoint slots.</summary>
            [CommandArgument(0, "<FILES>")]
            [Description("Model file to inspect (ModelFormat), e.g. from train --save; or both of a board's slots (bpnano-a.bin bpnano-b.bin) to see which is newest.")]
            public string[] Files { get; set; }

            /// <summary>JSON instead of text.</summary>
            [CommandOption("--json"), Description("Print JSON (for scripts) instead of text.")]
            public bool Json { get; set; }

            /// <inheritdoc />
            public override ValidationResult Validate() =>
                Files == null || Files.Length < 1 || Files.Length > 2 ? ValidationResult.Error("inspect takes one model file, or a board's two slots.") : ValidationResult.Success();
        }

        /// <inheritdoc />
        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            ModelInspection[] inspections = Array.ConvertAll(settings.Files, file => ModelInspection.Of(file, ModelFile.ReadAll(file, null)));
            ModelInspection newest = Newest(inspections);
            if (settings.Json)
            {
                _console.WriteJson(inspections.Length == 1 ? Json(inspections[0]) : new
                {
                    files = Array.ConvertAll(inspections, Json),
                    newest = newest?.Path,
                });
            }
            else
            {
                for (int k = 0; k < inspections.Length; k++)
                {
                    if (k > 0 && !_console.WriteLines(new[] { "" })) break;
                    if (_console.IsInteractive) Render(inspections[k]);
                    else _console.WriteLines(PlainLines(inspections[k]));
                }
                if (inspections.Length == 2)
                {
                    _console.WriteLines(new[] { "", newest == null ? "newest: none (neither slot holds a valid model; a board would start fresh)"
                        : "newest: " + newest.Path + " (sequence " + newest.Header.Sequence + ", step " + newest.Header.Step + "; a board resumes from it)" });
                }
            }
            foreach (ModelInspection inspection in inspections)
            {
                if (inspection.Error != null) _console.Error.WriteLine((newest != null ? "note: " : "error: ") + inspection.Path + " is not a valid model: " + inspection.Error);
            }
            // Of two slots one may be empty or damaged (a first boot, a cut save): a failure only when neither holds a model.
            return newest != null ? 0 : BpnanoApp.RuntimeError;
        }

        // The valid model with the higher sequence, as CheckpointStore picks it: serial-number arithmetic (RFC 1982), so 0 follows 0xFFFFFFFF.
        private static ModelInspection Newest(ModelInspection[] inspections)
        {
            ModelInspection newest = null;
            foreach (ModelInspection inspection in inspections)
            {
                if (inspection.Error == null && (newest == null || (int)(inspection.Header.Sequence - newest.Header.Sequence) > 0)) newest = inspection;
            }
            return newest;
        }

        private static object Json(ModelInspection inspection) => new
        {
            file = inspection.Path,
            valid = inspection.Error == null,
            error = inspection.Error,
            fields = inspection.Fields.ToDictionary(field => field.Key, field => field.Value),
            weights = inspection.Buffers.Select(buffer => new
            {
                name = buffer.Name,
                count = buffer.Count,
                min = buffer.Min,
                max = buffer.Max,
                mean = buffer.Mean,
                rms = buffer.Rms,
                norm = buffer.Norm,
            }),
        };

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
