using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Spectre.Console;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// Gesture recognition on a recording of labelled events (uWave's accelerometer: x, y, z and the gesture's class per
    /// row), as a user runs it: bpnano train with a preset's options, then the saved model frozen over a test recording (what
    /// bpnano eval does). A window covers one whole gesture, from the reading where the label changes.
    /// </summary>
    internal static class GestureBenchmark
    {
        /// <summary>
        /// A named trainer for a recording of three axes and a class column named "label" (channel 3), and the passes over it;
        /// <see cref="Options"/> are the train options that build it (those that differ from the library's defaults).
        /// </summary>
        public sealed record Preset(string Name, string Goal, double GoalAccuracy, OnlineTrainerSettings Settings, int Epochs)
        {
            public string[] Options
            {
                get
                {
                    var defaults = new OnlineTrainerSettings();
                    var options = new List<string> { "--label", "label", "--downsample", Text(Settings.Downsample), "--window", Text(Settings.WindowLength),
                        "--stride", Text(Settings.WindowStride), "--hidden", Text(Settings.HiddenCount) };
                    if (Settings.Optimizer != defaults.Optimizer) options.AddRange(["--optimizer", Settings.Optimizer.ToString().ToLowerInvariant()]);
                    if (Settings.LearningRate != defaults.LearningRate) options.AddRange(["--learning-rate", Settings.LearningRate.ToString(CultureInfo.InvariantCulture)]);
                    options.AddRange(["--replay", Text(Settings.ReplayPerStep), "--replay-capacity", Text(Settings.ReplayCapacity)]);
                    if (Epochs > 1) options.AddRange(["--epochs", Text(Epochs)]);
                    return options.ToArray();
                }
            }

            private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// The board's path, one pass over the recording: the firmware benchmark's gesture classifier
        /// (<see cref="DeviceBenchmark.GestureSettings"/>: 21 points of 15 readings, 32 tanh units, the library's SGD, 32 replayed
        /// samples per gesture from 16 of each class; about 62 KB, MemoryFootprint's estimate).
        /// </summary>
        public static readonly Preset Board = new("board, one pass", "frozen >= 0.90", 0.90, DeviceBenchmark.GestureSettings(), 1);

        /// <summary>Pretraining on the desktop: 63 points of 5 readings, 64 units, Adam, 10 passes over the recording.</summary>
        public static readonly Preset Desktop = new("desktop, 10 passes", "frozen >= 0.95", 0.95, new OnlineTrainerSettings
        {
            ChannelCount = 4, LabelChannel = 3, ClassCount = 8, WindowLength = 63, Downsample = 5, WindowStride = 63, HiddenCount = 64,
            Optimizer = OptimizerKind.Adam, LearningRate = 0.001f, ReplayPerStep = 16, ReplayCapacity = 128,
        }, 10);

        public static readonly Preset[] All = [Board, Desktop];

        /// <summary>What a preset's run gave.</summary>
        public sealed record Result(Preset Preset, TrainingReport LastReport, ConfusionMatrix Frozen, double Seconds, long MemoryBytes);

        /// <summary>Trains <paramref name="preset"/> on <paramref name="train"/> and scores the model frozen on <paramref name="test"/>; null when cancelled.</summary>
        public static Result Run(Preset preset, string train, string test, CancellationToken cancel)
        {
            string model = Path.Combine(Path.GetTempPath(), "bpnano-realdata-" + Guid.NewGuid().ToString("N") + ".bin");
            try
            {
                var watch = Stopwatch.StartNew();
                string[] args = ["train", "--csv", train, .. preset.Options, "--save", model];
                var output = new StringWriter(CultureInfo.InvariantCulture);
                var error = new StringWriter(CultureInfo.InvariantCulture);
                var quiet = new CliConsole(output, error, false, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), true);
                int exit = BpnanoApp.Create(quiet).Run(args, cancel);
                if (cancel.IsCancellationRequested) return null;
                if (exit != 0) throw new CliException("bpnano " + string.Join(" ", args) + " failed: " + error.ToString().Trim());
                double seconds = watch.Elapsed.TotalSeconds;
                var last = new TrainingReport();
                string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (lines.Length == 0 || !ReportLine.TryParse(lines[^1], last)) throw new CliException("bpnano train printed no report line: " + error);

                var eval = new EvalCommand.Settings { Model = model, Csv = test, ClassLabel = "label" };
                SessionSettings session = eval.ToSession();
                ModelFile.ReadValid(model, "MODEL", out ModelHeader header);
                session.ClassCount = header.OutputCount;
                TrainingRun frozen = EvalCommand.ClassifyFrozen(session, cancel);
                if (cancel.IsCancellationRequested) return null;
                return new Result(preset, last, frozen.Classification, seconds, MemoryFootprint.ForTrainer(preset.Settings).TotalBytes);
            }
            finally
            {
                File.Delete(model);
            }
        }

        /// <summary>
        /// The reference a gesture classifier is measured against: whole-gesture 1-nearest-neighbour (Euclidean, every reading
        /// of the event) from the training recording's events to the test recording's; events as the trainer's windows cut them.
        /// </summary>
        public static double NearestNeighbourAccuracy(string train, string test, int eventLength)
        {
            List<(float[] Values, int Label)> known = Events(train, eventLength), asked = Events(test, eventLength);
            int right = 0;
            foreach ((float[] values, int label) in asked)
            {
                double best = double.MaxValue;
                int guess = -1;
                foreach ((float[] other, int otherLabel) in known)
                {
                    double distance = 0;
                    for (int i = 0; i < values.Length && distance < best; i++) distance += (values[i] - other[i]) * (double)(values[i] - other[i]);
                    if (distance < best)
                    {
                        best = distance;
                        guess = otherLabel;
                    }
                }
                if (guess == label) right++;
            }
            return asked.Count == 0 ? double.NaN : (double)right / asked.Count;
        }

        // Consecutive rows of one label cut into events of eventLength rows (a leftover shorter than that is dropped).
        private static List<(float[] Values, int Label)> Events(string path, int eventLength)
        {
            CsvSensor recording = CsvSensor.Load(path, null, "label", new CsvFormat(null, null), "--label");
            int channels = recording.ChannelCount, label = recording.TargetChannel;
            var events = new List<(float[], int)>();
            var reading = new float[channels];
            var current = new List<float>();
            float currentLabel = float.NaN;
            for (int k = 0; k < recording.RowCount; k++)
            {
                recording.Read(reading);
                if (reading[label] != currentLabel) current.Clear();
                currentLabel = reading[label];
                for (int c = 0; c < channels; c++)
                {
                    if (c != label) current.Add(reading[c]);
                }
                if (current.Count < eventLength * (channels - 1)) continue;
                events.Add((current.ToArray(), (int)currentLabel));
                current.Clear();
            }
            return events;
        }
    }
}
