using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Nano.Cli
{
    /// <summary>
    /// bpnano eval: a model's loss on a recording, without training, next to the loss of predicting "the same as the last
    /// reading", so that a number such as 0.001 means something: below the baseline the model has learned more than that
    /// the signal changes slowly. Both in the model's standardized units (its stored standardizer; learned from the file
    /// when the model has none), over the same windows. A classifier (from train --label) is scored with --class-label instead:
    /// accuracy, mean cross-entropy and a confusion matrix, next to the accuracy of always guessing the most frequent label.
    /// </summary>
    internal sealed class EvalCommand(CliConsole console) : Command<EvalCommand.Settings>
    {
        /// <summary>eval's argument and the recording's options (as train's).</summary>
        public sealed class Settings : CommandSettings
        {
            [CommandArgument(0, "<MODEL>"), Description("Model file (from train --save or a board's checkpoint).")]
            public string Model { get; set; }

            [CommandOption("--csv <FILE>"), Description("The recording to evaluate on.")]
            public string Csv { get; set; }

            [CommandOption("--columns <LIST>"), Description("As train's --columns: the channels the model was trained on.")]
            public string Columns { get; set; }

            [CommandOption("--target <COLUMN>"), Description("As train's --target, for a supervised model.")]
            public string Target { get; set; }

            [CommandOption("--delimiter <C>"), Description("As train's --delimiter.")]
            public string Delimiter { get; set; }

            [CommandOption("--decimal-comma"), Description("As train's --decimal-comma.")]
            public bool? DecimalComma { get; set; }

            [CommandOption("--label <COLUMN>")]
            [Description("A column that is not 0 where the recording is anomalous: also run the model as the firmware's detector and "
                + "score its alerts against it (precision and recall, by reading). Needs --columns.")]
            public string Label { get; set; }

            [CommandOption("--class-label <COLUMN>")]
            [Description("For a classifier model: this CSV column holds each row's class, as train's --label (here --label scores a regression "
                + "model's alerts). The model predicts every row from the other channels, learning nothing; rows whose value is no class of the "
                + "model (a whole number below its class count) are counted as bad labels.")]
            public string ClassLabel { get; set; }

            public override ValidationResult Validate() =>
                string.IsNullOrWhiteSpace(Csv) ? ValidationResult.Error("--csv is required: the recording to evaluate on.")
                : Label != null && Columns == null ? ValidationResult.Error("--label needs --columns, so that the label is not taken for a channel.")
                : ClassLabel != null && Label != null ? ValidationResult.Error("--class-label scores a classifier, --label a regression model's alerts: give one of them.")
                : ClassLabel != null && Target != null ? ValidationResult.Error("--class-label scores a classifier, --target a supervised regression model: give one of them.")
                : ToSession().Validate();

            // The same loading as train --resume --csv, so the CSV options are checked as train checks them.
            internal SessionSettings ToSession()
            {
                SessionSettings session = SessionSettings.WithDefaults();
                session.Resume = Model;
                session.Csv = Csv;
                session.Columns = Columns;
                session.Target = Target;
                session.Label = ClassLabel;
                session.Delimiter = Delimiter;
                session.DecimalComma = DecimalComma;
                return session;
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            // Shape checks included; nothing is trained.
            SessionSettings session = settings.ToSession();
            ModelFile.ReadValid(settings.Model, "MODEL", out ModelHeader model);
            bool classifier = model.OutputActivation == Activation.Softmax;
            if (classifier && settings.ClassLabel == null)
            {
                throw new CliException(settings.Model + " is a classifier (" + model.OutputCount + " softmax outputs): evaluate it with "
                    + "--class-label <COLUMN>, the recording's class column.");
            }
            if (!classifier && settings.ClassLabel != null)
            {
                throw new CliException(settings.Model + " predicts readings (regression): leave out --class-label, which scores a classifier "
                    + "(trained with train --label).");
            }
            if (classifier)
            {
                session.ClassCount = model.OutputCount;
                return Classify(settings, session, cancellationToken);
            }
            var run = new TrainingRun(session, null);
            Evaluation result = Evaluate(run.Trainer, run.TrainerSettings, run.Recording, cancellationToken);
            if (result.Windows == 0) throw new CliException(settings.Csv + " has too few usable rows for one window of " + run.TrainerSettings.WindowLength + " readings.");

            double ratio = result.ModelLoss / result.BaselineLoss;
            console.WriteLines(new[]
            {
                "model:    " + settings.Model + " (" + run.ResumedLine.TrimStart('#', ' ') + ")",
                "data:     " + run.SourceDescription + ", " + result.Windows + " windows" + (result.Skipped > 0 ? ", " + result.Skipped + " readings skipped (not finite)" : ""),
                "loss:     " + Format(result.ModelLoss) + " (mean E = 1/2 sum (y - d)^2, standardized units)",
                "baseline: " + Format(result.BaselineLoss) + " (the same as the last reading)",
                double.IsFinite(ratio) && ratio > 0
                    ? (ratio < 1 ? "the model's loss is " + Format(1 / ratio) + " times below the baseline" : "the model is no better than the baseline (" + Format(ratio) + " times its loss)")
                    : "the baseline is exact on this data (a constant signal): nothing to learn",
            });
            if (settings.Label != null) console.WriteLines(new[] { Alerts(session, settings.Label) });
            return 0;
        }

        // The classifier over the recording as train --resume would run it, learning frozen: the session's windows and
        // standardization, and the predictions counted as train's summary counts them.
        private int Classify(Settings settings, SessionSettings session, CancellationToken cancel)
        {
            TrainingRun run = ClassifyFrozen(session, cancel);
            ConfusionMatrix counts = run.Classification;
            OnlineTrainer trainer = run.Trainer;
            if (counts.Total == 0)
            {
                throw new CliException(settings.Csv + " has no row the model could classify (a window of " + run.TrainerSettings.WindowLength
                    + " usable readings with a class label); " + trainer.BadLabels + " bad labels.");
            }
            int majority = counts.MajorityLabel;
            var lines = new List<string>
            {
                "model:    " + settings.Model + " (" + run.ResumedLine.TrimStart('#', ' ') + ")",
                "data:     " + run.SourceDescription + ", " + counts.Total + " predictions",
                "accuracy: " + Format(counts.Accuracy) + " (" + counts.Correct + " of " + counts.Total + ")",
                "baseline: " + Format((double)counts.LabelCount(majority) / counts.Total) + " (always class " + majority + ", the most frequent label)",
                "loss:     " + Format(counts.MeanLoss) + " (mean cross-entropy E = -sum d ln y)",
            };
            string skipped = Skips(trainer, run.Recording, run.TrainerSettings.ClassCount);
            if (skipped != null) lines.Add("skipped:  " + skipped);
            lines.Add("confusion matrix (rows: label, columns: predicted class)");
            foreach (string line in counts.TableLines()) lines.Add("  " + line);
            console.WriteLines(lines);
            return 0;
        }

        /// <summary>The classifier <paramref name="session"/> resumes, frozen, over its --csv recording; its Classification counts the predictions.</summary>
        public static TrainingRun ClassifyFrozen(SessionSettings session, CancellationToken cancel)
        {
            session.FreezeLearning = true;
            var run = new TrainingRun(session, null);
            LearnStandardizer(run.Trainer.Standardizer, run.Recording);
            run.Run(cancel, null);
            return run;
        }

        // What was read but not predicted, and why; null when every reading was.
        private static string Skips(OnlineTrainer trainer, CsvSensor recording, int classes)
        {
            var parts = new List<string>();
            if (trainer.BadLabels > 0) parts.Add(trainer.BadLabels + " bad labels (not a whole number from 0 to " + (classes - 1) + ")");
            if (trainer.SkippedReadings > 0) parts.Add(trainer.SkippedReadings + " not finite");
            if (trainer.StuckReadings > 0) parts.Add(trainer.StuckReadings + " stuck");
            if (trainer.Outliers > 0) parts.Add(trainer.Outliers + " outliers");
            if (recording.SkippedRows > 0) parts.Add(recording.SkippedRows + " CSV rows without a number (" + recording.SkippedLinesText + ")");
            return parts.Count == 0 ? null : string.Join(", ", parts);
        }

        // A model without stored statistics: learn them from the file first, as training would have.
        private static void LearnStandardizer(OnlineStandardizer standardizer, CsvSensor recording)
        {
            if (standardizer.SampleCount != 0) return;
            var reading = new float[recording.ChannelCount];
            for (int k = 0; k < recording.RowCount; k++)
            {
                recording.Read(reading);
                if (Array.TrueForAll(reading, float.IsFinite)) standardizer.Update(reading);
            }
            recording.Rewind();
        }

        // The model as a detector (learning frozen, as the firmware's detector mode) over the recording, its alert state at
        // each reading against the label: precision = alerted and labelled / alerted, recall = alerted and labelled / labelled.
        private static string Alerts(SessionSettings session, string label)
        {
            session.FreezeLearning = true;
            var run = new TrainingRun(session, null);
            CsvSensor recording = run.Recording;
            CsvSensor labels = CsvSensor.Load(session.Csv, label, null, session.CsvFormat());
            if (labels.RowCount != recording.RowCount)
            {
                throw new CliException("--label: " + labels.RowCount + " rows have a number in " + label + ", " + recording.RowCount
                    + " in the channels; every row needs both.");
            }
            var reading = new float[recording.ChannelCount];
            var labelled = new float[1];
            int both = 0, alerted = 0, anomalous = 0;
            for (int k = 0; k < recording.RowCount; k++)
            {
                recording.Read(reading);
                labels.Read(labelled);
                run.Trainer.AddReading(reading);
                bool alert = run.Trainer.AlertActive, anomaly = labelled[0] != 0f;
                if (alert) alerted++;
                if (anomaly) anomalous++;
                if (alert && anomaly) both++;
            }
            return "alerts:   " + run.Trainer.Alerts + " raised, " + alerted + " readings alerted, " + anomalous + " labelled in " + label
                + "; precision " + Ratio(both, alerted) + ", recall " + Ratio(both, anomalous) + " (by reading; the detector scores after "
                + run.TrainerSettings.ScoreWarmup + " readings)";
        }

        private static string Ratio(int part, int whole) => whole == 0 ? "n/a" : Format((double)part / whole);

        internal sealed record Evaluation(int Windows, int Skipped, double ModelLoss, double BaselineLoss);

        /// <summary>
        /// Runs the trainer's network forward over every window of <paramref name="recording"/>, built as
        /// <see cref="OnlineTrainer"/> builds them (self-supervised: the previous readings predict this one; supervised: the
        /// other channels, this reading included, predict the target), and the baseline over the same windows.
        /// </summary>
        internal static Evaluation Evaluate(OnlineTrainer trainer, OnlineTrainerSettings settings, CsvSensor recording, CancellationToken cancel)
        {
            OnlineStandardizer standardizer = trainer.Standardizer;
            int channels = recording.ChannelCount, target = recording.TargetChannel, window = settings.WindowLength;
            var reading = new float[channels];
            LearnStandardizer(standardizer, recording);
            int perReading = target < 0 ? channels : channels - 1, inputs = perReading * window;
            var x = new float[inputs];
            var z = new float[channels];
            var previous = new float[channels];
            float[] d = new float[target < 0 ? channels : 1];
            double modelSum = 0, baselineSum = 0;
            int filled = 0, windows = 0, skipped = 0;
            bool havePrevious = false;
            for (int k = 0; k < recording.RowCount && !cancel.IsCancellationRequested; k++)
            {
                recording.Read(reading);
                if (!Array.TrueForAll(reading, float.IsFinite))
                {
                    skipped++;
                    continue;
                }
                for (int c = 0; c < channels; c++)
                {
                    // As the trainer feeds its network: clamped to the outlier limit when there is one.
                    float v = standardizer.Standardize(c, reading[c]);
                    z[c] = 0f < settings.OutlierLimit ? Math.Clamp(v, -settings.OutlierLimit, settings.OutlierLimit) : v;
                }
                if (target >= 0) Push(x, z, target, perReading, ref filled, window);
                bool full = filled == window;
                if (full && havePrevious)
                {
                    if (target < 0) Array.Copy(z, d, channels);
                    else d[0] = z[target];
                    float[] y = trainer.Network.Forward(x);
                    double model = 0, baseline = 0;
                    for (int o = 0; o < d.Length; o++)
                    {
                        double guess = target < 0 ? previous[o] : previous[target];
                        // A model that predicts changes predicts the last reading plus y.
                        double predicted = settings.PredictsChange ? previous[o] + y[o] : y[o];
                        model += 0.5 * (predicted - d[o]) * (predicted - d[o]);
                        baseline += 0.5 * (guess - d[o]) * (guess - d[o]);
                    }
                    modelSum += model;
                    baselineSum += baseline;
                    windows++;
                }
                if (target < 0) Push(x, z, -1, perReading, ref filled, window);
                Array.Copy(z, previous, channels);
                havePrevious = true;
            }
            return new Evaluation(windows, skipped, windows > 0 ? modelSum / windows : double.NaN, windows > 0 ? baselineSum / windows : double.NaN);
        }

        // The window shifts by one reading; the newest reading's values (without the target channel) go at its end.
        private static void Push(float[] x, float[] z, int target, int perReading, ref int filled, int window)
        {
            Array.Copy(x, perReading, x, 0, x.Length - perReading);
            int position = x.Length - perReading;
            for (int c = 0; c < z.Length; c++)
            {
                if (c != target) x[position++] = z[c];
            }
            if (filled < window) filled++;
        }

        private static string Format(double value) => DecimalText.Format((float)value);
    }
}
