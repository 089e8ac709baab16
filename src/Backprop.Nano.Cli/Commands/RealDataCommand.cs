using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano realdata: every figure of the real-data benchmark in one run over a data folder laid out as ../shared/data
    /// (nab/ with NAB's series, windows and published results; uwave/ with uwave_train.csv and uwave_test.csv): NAB's scores
    /// (as bpnano nab, with the defaults), gesture recognition through train and a frozen eval (GestureBenchmark's presets)
    /// beside the whole-gesture nearest-neighbour reference, and the synthetic three-class signal frozen on a new recording.
    /// </summary>
    internal sealed class RealDataCommand(CliConsole console) : Command<RealDataCommand.Settings>
    {
        public sealed class Settings : CommandSettings
        {
            [CommandArgument(0, "[FOLDER]"), Description("The data folder (nab/ and uwave/ in it). Default: $BPNANO_DATA, else ../shared/data beside the current folder.")]
            public string Folder { get; set; }

            [CommandOption("--part <NAME>"), Description("Only one part: nab, gestures or synthetic. Default: all three.")]
            public string Part { get; set; }

            [CommandOption("--markdown"), Description("Print the tables in Markdown.")]
            public bool Markdown { get; set; }

            public override Spectre.Console.ValidationResult Validate() =>
                Part is null or "nab" or "gestures" or "synthetic" ? Spectre.Console.ValidationResult.Success()
                    : Spectre.Console.ValidationResult.Error("--part must be nab, gestures or synthetic.");
        }

        /// <summary>The synthetic goal: the three-class model, trained with the defaults on seed 1, frozen on seed 11.</summary>
        private const int SyntheticTrainReadings = 20000, SyntheticTestReadings = 5000;
        private const uint SyntheticTestSeed = 11;

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            string root = settings.Folder ?? Environment.GetEnvironmentVariable("BPNANO_DATA") ?? Path.Combine("..", "shared", "data");
            if (!Directory.Exists(root)) throw new CliException("the data folder " + root + " does not exist (give FOLDER, or set BPNANO_DATA).");
            var lines = new List<string>();
            if (settings.Part is null or "nab")
            {
                string nab = Path.Combine(root, "nab");
                if (!Directory.Exists(nab)) throw new CliException(nab + " does not exist: the NAB part needs NAB's series, labels and results there.");
                lines.Add("NAB (" + nab + "; bpnano nab with the defaults: one set of settings for every series)");
                List<string> report = NabCommand.Report(nab, null, SessionSettings.WithDefaults().BuildTrainerSettings(1, -1), settings.Markdown, cancellationToken);
                if (report == null) return BpnanoApp.Interrupted;
                lines.AddRange(report);
                lines.Add("");
            }
            if (settings.Part is null or "gestures")
            {
                if (Gestures(Path.Combine(root, "uwave"), settings.Markdown, lines, cancellationToken) is int interrupted) return interrupted;
                lines.Add("");
            }
            if (settings.Part is null or "synthetic")
            {
                if (Synthetic(lines, cancellationToken) is int interrupted) return interrupted;
            }
            console.WriteLines(lines);
            return 0;
        }

        private static int? Gestures(string uwave, bool markdown, List<string> lines, CancellationToken cancel)
        {
            string train = Path.Combine(uwave, "uwave_train.csv"), test = Path.Combine(uwave, "uwave_test.csv");
            if (!File.Exists(train) || !File.Exists(test)) throw new CliException(uwave + " must hold uwave_train.csv and uwave_test.csv.");
            lines.Add("Gestures (" + uwave + ": trained on uwave_train.csv, then frozen on uwave_test.csv, other gestures)");
            var table = new TextTable(["setup", "steps", "acc (on-line, last 100)", "acc_last", "frozen accuracy", "majority class", "goal", "memory (est.)", "seconds"],
                [false, true, true, true, true, true, false, true, true]);
            foreach (GestureBenchmark.Preset preset in GestureBenchmark.All)
            {
                GestureBenchmark.Result result = GestureBenchmark.Run(preset, train, test, cancel);
                if (result == null) return BpnanoApp.Interrupted;
                ConfusionMatrix frozen = result.Frozen;
                table.Add(preset.Name, result.LastReport.Step.ToString(CultureInfo.InvariantCulture), Fixed(result.LastReport.Accuracy, 2),
                    Fixed(result.LastReport.BaselineAccuracy, 2), Fixed(frozen.Accuracy, 3) + " (" + frozen.Correct + " of " + frozen.Total + ")",
                    Fixed((double)frozen.LabelCount(frozen.MajorityLabel) / frozen.Total, 3), preset.Goal + (frozen.Accuracy >= preset.GoalAccuracy ? ": met" : ": NOT met"),
                    (result.MemoryBytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB", Fixed(result.Seconds, 1));
            }
            lines.AddRange(markdown ? table.MarkdownLines() : table.PlainLines());
            foreach (GestureBenchmark.Preset preset in GestureBenchmark.All) lines.Add(preset.Name + ": bpnano train --csv uwave_train.csv " + string.Join(" ", preset.Options));
            lines.Add("reference: whole-gesture 1-NN (Euclidean) on the same split " + Fixed(GestureBenchmark.NearestNeighbourAccuracy(train, test, 315), 3)
                + "; published on the archive's own split, 0.95 to 0.97 (1-NN Euclidean or DTW)");
            return null;
        }

        private static int? Synthetic(List<string> lines, CancellationToken cancel)
        {
            string folder = Path.Combine(Path.GetTempPath(), "bpnano-realdata-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string model = Path.Combine(folder, "classes.bin"), recording = Path.Combine(folder, "classes-seed11.csv");
                var train = SessionSettings.WithDefaults();
                train.Sensor = "classes";
                train.Readings = SyntheticTrainReadings;
                train.Save = model;
                var run = new TrainingRun(train, null);
                if (!run.Run(cancel, null)) return BpnanoApp.Interrupted;
                run.SaveModel();

                var sensor = new SyntheticClassSensor(SyntheticTestSeed, 50f, 200);
                var reading = new float[sensor.ChannelCount];
                using (var writer = new StreamWriter(recording))
                {
                    writer.WriteLine("signal,class");
                    for (int k = 0; k < SyntheticTestReadings; k++)
                    {
                        sensor.Read(reading);
                        writer.WriteLine(reading[0].ToString("R", CultureInfo.InvariantCulture) + "," + reading[1].ToString("R", CultureInfo.InvariantCulture));
                    }
                }
                var eval = new EvalCommand.Settings { Model = model, Csv = recording, ClassLabel = "class" };
                SessionSettings session = eval.ToSession();
                session.ClassCount = SyntheticClassSensor.ClassCount;
                ConfusionMatrix frozen = EvalCommand.ClassifyFrozen(session, cancel).Classification;
                if (cancel.IsCancellationRequested) return BpnanoApp.Interrupted;
                lines.Add("Synthetic three-class signal: train --sensor classes --readings " + SyntheticTrainReadings + " (defaults), then frozen on "
                    + SyntheticTestReadings + " readings of seed " + SyntheticTestSeed + ": accuracy " + Fixed(frozen.Accuracy, 3) + " (" + frozen.Correct + " of "
                    + frozen.Total + "); goal >= 0.95: " + (frozen.Accuracy >= 0.95 ? "met" : "NOT met"));
                return null;
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        private static string Fixed(double value, int decimals) => double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "-";
    }
}
