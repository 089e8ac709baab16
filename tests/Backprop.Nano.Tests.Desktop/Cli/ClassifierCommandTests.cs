using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Backprop.Nano.Cli;
using Spectre.Console.Testing;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>
    /// bpnano train as a classifier: --sensor classes, --csv with --label, the accuracy and confusion matrix of the summary;
    /// bpnano eval --class-label on a saved one.
    /// </summary>
    [TestClass]
    public class ClassifierCommandTests : TemporaryDirectoryTest
    {
        private static CliRun Succeeds(params string[] args)
        {
            CliRun run = CliRun.Start(args);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            return run;
        }

        // A confusion matrix as train's summary ("#   label  pred 0 ...") or eval ("  label  pred 0 ...") prints it: the rows
        // after its header line, as numbers.
        private static long[,] ConfusionOf(string error, int classes)
        {
            string[] lines = error.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
            int header = Array.FindIndex(lines, line => line.TrimStart('#', ' ').StartsWith("label  pred 0", StringComparison.Ordinal));
            Assert.IsGreaterThanOrEqualTo(0, header, "a confusion matrix in: " + error);
            var matrix = new long[classes, classes];
            for (int label = 0; label < classes; label++)
            {
                string[] cells = lines[header + 1 + label].TrimStart('#').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.AreEqual(label.ToString(CultureInfo.InvariantCulture), cells[0], "row " + label + " is label " + label);
                Assert.HasCount(classes + 1, cells, lines[header + 1 + label]);
                for (int c = 0; c < classes; c++) matrix[label, c] = long.Parse(cells[c + 1], CultureInfo.InvariantCulture);
            }
            return matrix;
        }

        private static double Diagonal(long[,] matrix, out long total)
        {
            long right = 0;
            total = 0;
            for (int r = 0; r < matrix.GetLength(0); r++)
            {
                for (int c = 0; c < matrix.GetLength(1); c++) total += matrix[r, c];
                right += matrix[r, r];
            }
            return (double)right / total;
        }

        // A recording of the three-class signal as a logger would write it: a timestamp, the signal and the class.
        // Readings whose class has lasted a whole window of 8 by then: a classifier's samples (its window starts where the label
        // changes). A label that is no class (not a whole number in [0, 3)) is skipped before the window sees it.
        private static long WindowsOf(IEnumerable<float> labels)
        {
            long windows = 0;
            int run = 0;
            float previous = -1f;
            foreach (float label in labels)
            {
                if (!(0f <= label && label < 3f) || label != MathF.Floor(label)) continue;
                run = label == previous ? run + 1 : 1;
                previous = label;
                if (run >= 8) windows++;
            }
            return windows;
        }

        private static IEnumerable<float> SensorLabels(int readings)
        {
            var sensor = SyntheticClassSensor.CreateDefault();
            var reading = new float[sensor.ChannelCount];
            for (int k = 0; k < readings; k++)
            {
                sensor.Read(reading);
                yield return reading[SyntheticClassSensor.LabelChannel];
            }
        }

        // The class column of a recording written by WriteRecording (time, signal, class).
        private static IEnumerable<float> CsvLabels(string path) =>
            File.ReadLines(path).Skip(1).Select(line => float.Parse(line.Split(',')[2], CultureInfo.InvariantCulture));

        private string WriteRecording(int rows, Func<int, string> label = null, uint seed = 1, string name = "classes.csv")
        {
            string path = PathOf(name);
            var sensor = new SyntheticClassSensor(seed, 50f, 200);
            var reading = new float[2];
            var text = new StringBuilder("time,signal,class\n");
            var start = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
            for (int k = 0; k < rows; k++)
            {
                sensor.Read(reading);
                text.Append(start.AddMilliseconds(20 * k).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(',')
                    .Append(reading[0].ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(label?.Invoke(k) ?? reading[1].ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
            File.WriteAllText(path, text.ToString());
            return path;
        }

        [TestMethod]
        public void Train_on_the_class_sensor_reports_acc_and_prints_the_confusion_matrix()
        {
            CliRun run = Succeeds("train", "--sensor", "classes", "--readings", "10000");
            long steps = WindowsOf(SensorLabels(10000));

            var report = new TrainingReport();
            Assert.HasCount((int)(steps / 100), run.OutputLines, steps + " steps, a report every 100");
            foreach (string line in run.OutputLines)
            {
                Assert.IsTrue(ReportLine.TryParse(line, report), line);
                Assert.IsTrue(report.IsClassifier, "a classifier's line: " + line);
                StringAssert.Contains(line, " bad_labels:0 acc_last:");
            }
            StringAssert.Contains(run.Error, "from the synthetic three-class sensor: " + steps + " steps");
            long[,] confusion = ConfusionOf(run.Error, 3);
            double accuracy = Diagonal(confusion, out long total);
            Assert.AreEqual(steps, total, "every prediction of the run is counted");
            // Measured: 0.929 over the run, most of the errors in its first 3000 readings.
            Assert.IsGreaterThan(0.85, accuracy, run.Error);
            // The last report is of step 9800, some predictions before the summary's latest 100.
            StringAssert.Contains(run.Error, " over the latest 100 predictions (acc), "
                + DecimalText.Format((float)accuracy) + " over all " + steps + " of the run");
        }

        [TestMethod]
        public void The_confusion_matrix_counts_each_prediction_by_label_and_class()
        {
            SessionSettings options = SessionSettings.WithDefaults();
            options.Sensor = "classes";
            options.Readings = 3000;
            var run = new TrainingRun(options, null);
            Assert.IsTrue(run.Run(CancellationToken.None, null));

            // The same trainer beside it, counted here from its predictions.
            OnlineTrainerSettings settings = options.BuildTrainerSettings(2, -1, SyntheticClassSensor.LabelChannel);
            settings.ClassCount = 3;
            var twin = new OnlineTrainer(settings, null);
            var sensor = SyntheticClassSensor.CreateDefault();
            var reading = new float[2];
            var expected = new long[3, 3];
            for (int k = 0; k < 3000; k++)
            {
                sensor.Read(reading);
                if (twin.AddReading(reading)) expected[(int)reading[1], (int)twin.Prediction]++;
            }
            CollectionAssert.AreEqual(expected, run.Confusion);
            Assert.AreEqual(twin.Accuracy, run.Trainer.Accuracy, "the same accuracy");
        }

        [TestMethod]
        public void Train_learns_a_classifier_from_a_csv_label_column_and_skips_bad_labels()
        {
            // Two rows with labels that are no class: skipped by the trainer and counted, not by the CSV reader.
            string csv = WriteRecording(8000, row => row == 5000 ? "2.5" : row == 6000 ? "-1" : null);

            CliRun run = Succeeds("train", "--csv", csv, "--label", "class");

            StringAssert.Contains(run.Error, "(channels signal, class; label class)");
            StringAssert.Contains(run.Error, "left out 'time'");
            StringAssert.Contains(run.Error, "# 2 readings skipped for a bad label (not a whole number from 0 to 2)");
            var last = new TrainingReport();
            Assert.IsTrue(ReportLine.TryParse(run.OutputLines[^1], last), run.OutputLines[^1]);
            Assert.AreEqual(2, last.BadLabels, "bad_labels in the report line");
            double accuracy = Diagonal(ConfusionOf(run.Error, 3), out long total);
            Assert.AreEqual(WindowsOf(CsvLabels(csv)), total, "a prediction for every row whose class has filled a window, but the 2 bad labels");
            Assert.IsGreaterThan(0.85, accuracy, run.Error);
        }

        [TestMethod]
        public void Classes_default_to_the_largest_label_and_can_be_set()
        {
            string csv = WriteRecording(3000);

            CliRun inferred = Succeeds("train", "--csv", csv, "--label", "class");
            ConfusionOf(inferred.Error, 3);
            CliRun five = Succeeds("train", "--csv", csv, "--label", "2", "--classes", "5");
            long[,] matrix = ConfusionOf(five.Error, 5);
            for (int c = 0; c < 5; c++)
            {
                Assert.AreEqual(0L, matrix[3, c], "no row is labelled 3");
                Assert.AreEqual(0L, matrix[4, c], "nor 4");
            }
        }

        [TestMethod]
        public void A_saved_classifier_resumes_and_keeps_its_accuracy_but_not_as_a_regression_model()
        {
            string model = PathOf("classes.bin");
            Succeeds("train", "--sensor", "classes", "--readings", "10000", "--save", model);

            CliRun resumed = Succeeds("train", "--sensor", "classes", "--readings", "2000", "--resume", model);
            StringAssert.Contains(resumed.Error, "# resumed " + model + " at step " + WindowsOf(SensorLabels(10000)));
            // The same seed gives the same signal again, but the model already knows it.
            Assert.IsGreaterThan(0.85, Diagonal(ConfusionOf(resumed.Error, 3), out _), resumed.Error);

            CliRun regression = CliRun.Start("train", "--resume", model);
            Assert.AreEqual(BpnanoApp.RuntimeError, regression.ExitCode, regression.ToString());
            StringAssert.Contains(regression.Error, "is a classifier (3 softmax outputs); train it on with --label or --sensor classes.");

            // Nor the reverse, even where the output counts agree (self-supervised on 3 channels: 3 outputs).
            string csv = WriteRecording(500);
            string predictor = PathOf("predictor.bin");
            Succeeds("train", "--csv", csv, "--columns", "signal,class", "--save", predictor);
            CliRun classifier = CliRun.Start("train", "--csv", csv, "--label", "class", "--resume", predictor);
            Assert.AreEqual(BpnanoApp.RuntimeError, classifier.ExitCode, classifier.ToString());
            StringAssert.Contains(classifier.Error, "predicts readings (regression); --label and --sensor classes train a classifier.");
        }

        [TestMethod]
        public void Eval_scores_a_saved_classifier_on_a_fresh_recording_as_a_frozen_trainer_of_its_own_counts_it()
        {
            string model = PathOf("classes.bin");
            Succeeds("train", "--csv", WriteRecording(8000), "--label", "class", "--save", model);
            // Another seed: a signal the model has not seen; two rows whose label is no class of its 3.
            string fresh = WriteRecording(3000, row => row == 1000 ? "3" : row == 2000 ? "0.5" : null, seed: 9, name: "fresh.csv");
            byte[] bytes = File.ReadAllBytes(model);

            CliRun run = Succeeds("eval", model, "--csv", fresh, "--class-label", "class");

            // Counted here: the saved model in a frozen trainer built from the library's defaults, fed the rows parsed here.
            OnlineTrainerSettings settings = new OnlineTrainerSettings { ChannelCount = 2, LabelChannel = 1, ClassCount = 3, FreezeLearning = true };
            var twin = new OnlineTrainer(settings, null);
            Assert.AreNotEqual(0, twin.ResumeFrom(new CheckpointStore(new ModelBytes(bytes), Math.Max(twin.CheckpointSize, bytes.Length))).Size, "the model loads");
            var expected = new long[3, 3];
            var labels = new long[3];
            long right = 0, total = 0;
            double loss = 0;
            var reading = new float[2];
            foreach (string line in File.ReadLines(fresh).Skip(1))
            {
                string[] fields = line.Split(',');
                reading[0] = float.Parse(fields[1], CultureInfo.InvariantCulture);
                reading[1] = float.Parse(fields[2], CultureInfo.InvariantCulture);
                if (!twin.AddReading(reading)) continue;
                int label = (int)reading[1], predicted = (int)twin.Prediction;
                expected[label, predicted]++;
                labels[label]++;
                total++;
                if (label == predicted) right++;
                loss += twin.LastLoss;
            }
            Assert.AreEqual(2, twin.BadLabels, "the twin skips the two bad labels too");
            Assert.AreEqual(WindowsOf(CsvLabels(fresh)), total, "a prediction for every row whose class has filled a window, but the 2 bad labels");

            CollectionAssert.AreEqual(expected, ConfusionOf(run.Output, 3), run.Output);
            StringAssert.Contains(run.Output, "; label class), " + total + " predictions", run.Output);
            StringAssert.Contains(run.Output, "accuracy: " + DecimalText.Format((float)((double)right / total)) + " (" + right + " of " + total + ")");
            StringAssert.Contains(run.Output, "loss:     " + DecimalText.Format((float)(loss / total)) + " (mean cross-entropy");
            int majority = labels[1] > labels[0] ? (labels[2] > labels[1] ? 2 : 1) : (labels[2] > labels[0] ? 2 : 0);
            StringAssert.Contains(run.Output, "baseline: " + DecimalText.Format((float)((double)labels[majority] / total)) + " (always class " + majority + ",");
            StringAssert.Contains(run.Output, "skipped:  2 bad labels (not a whole number from 0 to 2)");
            // It has learned the signal, not the labels' frequencies: measured 0.899 here, the majority guess 0.418.
            Assert.IsGreaterThan(0.85, (double)right / total, run.Output);
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(model), "eval leaves the model file alone");
        }

        [TestMethod]
        public void Eval_refuses_a_classifier_without_class_label_and_a_regression_model_with_it()
        {
            string csv = WriteRecording(500);
            string classifier = PathOf("classes.bin"), predictor = PathOf("predictor.bin");
            Succeeds("train", "--csv", csv, "--label", "class", "--classes", "3", "--save", classifier);
            Succeeds("train", "--csv", csv, "--columns", "signal", "--save", predictor);

            CliRun unlabelled = CliRun.Start("eval", classifier, "--csv", csv);
            Assert.AreEqual(BpnanoApp.RuntimeError, unlabelled.ExitCode, unlabelled.ToString());
            StringAssert.Contains(unlabelled.Error, "is a classifier (3 softmax outputs): evaluate it with --class-label <COLUMN>, the recording's class column.");

            CliRun regression = CliRun.Start("eval", predictor, "--csv", csv, "--columns", "signal,class", "--class-label", "class");
            Assert.AreEqual(BpnanoApp.RuntimeError, regression.ExitCode, regression.ToString());
            StringAssert.Contains(regression.Error, "predicts readings (regression): leave out --class-label");

            (string[] Args, string Message)[] usage =
            {
                (new[] { "--class-label", "class", "--columns", "signal,class", "--label", "class" }, "--class-label scores a classifier, --label a regression model's alerts"),
                (new[] { "--class-label", "class", "--target", "signal" }, "--class-label scores a classifier, --target a supervised regression model"),
                (new[] { "--class-label", "nothing" }, "unknown column 'nothing'"),
            };
            foreach ((string[] args, string message) in usage)
            {
                CliRun run = CliRun.Start(new[] { "eval", classifier, "--csv", csv }.Concat(args).ToArray());
                Assert.AreNotEqual(0, run.ExitCode, string.Join(" ", args) + ": " + run);
                StringAssert.Contains(run.Error, message, string.Join(" ", args));
            }
        }

        [TestMethod]
        [DataRow("--label", "class", "--columns, --target and --label select columns of a --csv file.")]
        [DataRow("--sensor", "tones", "--sensor must be 'synthetic' or 'classes'.")]
        [DataRow("--classes", "3", "--classes needs --label (or --sensor classes).")]
        [DataRow("--classes", "1", "--classes must be at least 2.")]
        [DataRow("--classes", "65", "--classes must be at most 64.")]
        [DataRow("--accuracy-window", "0", "--accuracy-window must be at least 1, was 0.")]
        public void Invalid_classifier_options_fail_with_a_message_naming_them(string option, string value, string message)
        {
            CliRun run = CliRun.Start("train", option, value);

            Assert.AreNotEqual(0, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, message);
        }

        [TestMethod]
        public void Classifier_option_combinations_that_make_no_sense_are_refused()
        {
            string csv = WriteRecording(100);
            (string[] Args, string Message)[] cases =
            {
                (new[] { "--csv", csv, "--label", "class", "--target", "signal" }, "--target (regression) and --label (classification) cannot both be set."),
                (new[] { "--sensor", "classes", "--csv", csv }, "--sensor chooses the synthetic source; --csv replaces it."),
                (new[] { "--sensor", "classes", "--classes", "4" }, "--sensor classes has 3 classes; leave out --classes."),
                (new[] { "--csv", csv, "--label", "nothing" }, "unknown column 'nothing'"),
                (new[] { "--csv", csv, "--columns", "class", "--label", "class" }, "--label needs at least one other column to predict it from."),
            };
            foreach ((string[] args, string message) in cases)
            {
                CliRun run = CliRun.Start(new[] { "train" }.Concat(args).ToArray());
                Assert.AreNotEqual(0, run.ExitCode, string.Join(" ", args) + ": " + run);
                StringAssert.Contains(run.Error, message, string.Join(" ", args));
            }
        }

        [TestMethod]
        public void The_monitor_csv_and_the_live_view_show_acc()
        {
            string path = PathOf("monitor.csv");
            string line = "step:300 loss:0.25 avg:0.5 us:12 skipped:0 stuck:0 recoveries:0 outliers:0 sensor_errors:0 save_errors:0"
                + " pred:2 actual:1 score:0 alerts:0 acc:0.93 bad_labels:4";
            using (BoardCsvWriter writer = BoardCsvWriter.Open(path, false))
            {
                writer.Write(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), 1, BoardLine.Pairs(line), null);
            }
            string[] lines = File.ReadAllLines(path);
            StringAssert.EndsWith(lines[0], ",note,pred,actual,score,alerts,acc,bad_labels");
            StringAssert.EndsWith(lines[1], ",,2,1,0,0,0.93,4");

            var history = new LossHistory();
            var report = new TrainingReport();
            Assert.IsTrue(ReportLine.TryParse(line, report));
            history.Add(report);
            var console = new TestConsole();
            console.Profile.Width = 100;
            console.Write(LossView.Render(history.Snapshot(), null, 100));
            StringAssert.Contains(console.Output, "acc 0.93 · bad labels 4 · pred class 2 · label 1");
        }
    }
}
