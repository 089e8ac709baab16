using System;
using System.ComponentModel;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Backprop.Nano.Cli;
using Spectre.Console.Testing;

namespace Backprop.Nano.Tests.Cli
{
    /// <summary>
    /// train/simulate --save, --checkpoint-every and --resume, and inspect: model files written and read by the CLI,
    /// checked against the trainers that wrote them.
    /// </summary>
    [TestClass]
    public class ModelFileTests
    {
        private string _directory;

        [TestInitialize]
        public void CreateDirectory()
        {
            _directory = Path.Combine(Path.GetTempPath(), "bpnano-model-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
        }

        [TestCleanup]
        public void DeleteDirectory()
        {
            if (_directory != null && Directory.Exists(_directory)) Directory.Delete(_directory, true);
        }

        private string File(string name)
        {
            return Path.Combine(_directory, name);
        }

        /// <summary>train's options as Spectre leaves them when none is given: each [DefaultValue].</summary>
        private static SessionSettings DefaultOptions()
        {
            var settings = new SessionSettings();
            foreach (PropertyInfo property in typeof(SessionSettings).GetProperties())
            {
                var attribute = property.GetCustomAttribute<DefaultValueAttribute>();
                if (attribute != null) property.SetValue(settings, attribute.Value);
            }
            return settings;
        }

        /// <summary>The in-process equivalent of `train --readings 3000 --momentum 0.5 [--save path]`, already run.</summary>
        private static TrainingRun TrainedRun(string save)
        {
            SessionSettings options = DefaultOptions();
            options.Readings = 3000;
            options.Momentum = 0.5f;
            options.Save = save;
            var run = new TrainingRun(options, null);
            Assert.IsTrue(run.Run(CancellationToken.None, null));
            return run;
        }

        private static readonly string[] TrainedArguments = { "train", "--readings", "3000", "--momentum", "0.5" };

        private static string[] With(string[] arguments, params string[] more)
        {
            var all = new List<string>(arguments);
            all.AddRange(more);
            return all.ToArray();
        }

        private static CliRun Succeeds(params string[] arguments)
        {
            CliRun run = CliRun.Start(arguments);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            return run;
        }

        private static ModelHeader HeaderOf(string path)
        {
            byte[] bytes = System.IO.File.ReadAllBytes(path);
            return ModelFormat.Validate(bytes, 0, bytes.Length);
        }

        /// <summary>A fresh trainer for `train --momentum 0.5` on one channel, loaded from <paramref name="path"/>.</summary>
        private static OnlineTrainer LoadedTrainer(string path)
        {
            SessionSettings options = DefaultOptions();
            options.Momentum = 0.5f;
            var trainer = new OnlineTrainer(options.BuildTrainerSettings(1, -1), null);
            ModelHeader header = trainer.ResumeFrom(new CheckpointStore(new ModelBytes(System.IO.File.ReadAllBytes(path)), trainer.CheckpointSize));
            Assert.AreNotEqual(0, header.Size, "the file loads into a fresh trainer");
            return trainer;
        }

        private static void AssertSameState(OnlineTrainer expected, OnlineTrainer actual)
        {
            Assert.AreEqual(expected.Step, actual.Step, "step");
            TrainedModel.AssertSame(TrainedModel.Of(expected), TrainedModel.Of(actual));
        }

        /// <summary>inspect's "label: value" lines.</summary>
        private static Dictionary<string, string> Fields(CliRun inspect)
        {
            var fields = new Dictionary<string, string>();
            foreach (string line in inspect.OutputLines)
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && !line.StartsWith(" ", StringComparison.Ordinal)) fields[line.Substring(0, colon)] = line.Substring(colon + 1).Trim();
            }
            return fields;
        }

        private static string[] WeightRow(CliRun inspect, string buffer)
        {
            foreach (string line in inspect.OutputLines)
            {
                string[] cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (line.StartsWith("  ", StringComparison.Ordinal) && cells[0] == buffer) return cells;
            }
            Assert.Fail("no weights row " + buffer + " in\n" + inspect);
            return null;
        }

        private static string[] ExpectedRow(string name, float[] values)
        {
            double min = double.MaxValue, max = double.MinValue, sum = 0, squares = 0;
            foreach (float value in values)
            {
                min = Math.Min(min, value);
                max = Math.Max(max, value);
                sum += value;
                squares += (double)value * value;
            }
            return new[]
            {
                name, values.Length.ToString(CultureInfo.InvariantCulture), DecimalText.Format((float)min), DecimalText.Format((float)max),
                DecimalText.Format((float)(sum / values.Length)), DecimalText.Format((float)Math.Sqrt(squares / values.Length)),
                DecimalText.Format((float)Math.Sqrt(squares)),
            };
        }

        [TestMethod]
        public void Train_save_writes_what_the_same_run_in_process_saves_and_inspect_shows_its_trainer()
        {
            string cli = File("cli.bin"), inProcess = File("in-process.bin");
            CliRun train = Succeeds(With(TrainedArguments, "--save", cli));
            TrainingRun run = TrainedRun(inProcess);
            run.SaveModel();

            // The run is deterministic, so the in-process trainer is the CLI's trainer.
            CollectionAssert.AreEqual(System.IO.File.ReadAllBytes(inProcess), System.IO.File.ReadAllBytes(cli), "same bytes");
            StringAssert.Contains(train.Error, "# saved step " + run.Trainer.Step + " to " + cli + " (" + run.Trainer.CheckpointSize + " bytes, sequence 1)");

            CliRun inspect = Succeeds("inspect", cli);
            Dictionary<string, string> fields = Fields(inspect);
            OnlineTrainer trainer = run.Trainer;
            Assert.AreEqual(cli, fields["file"]);
            Assert.AreEqual(trainer.CheckpointSize + " bytes", fields["size"]);
            StringAssert.StartsWith(fields["status"], "OK");
            Assert.AreEqual("8-16-1 (inputs-hidden-outputs)", fields["shape"]);
            Assert.AreEqual("hidden Tanh, output Identity", fields["activations"]);
            Assert.AreEqual("SquaredError (1/2 sum (y - d)^2)", fields["loss"]);
            Assert.AreEqual(trainer.Step.ToString(CultureInfo.InvariantCulture), fields["step"]);
            Assert.AreEqual("1", fields["sequence"]);
            Assert.AreEqual("stored", fields["velocities"]);
            Assert.AreEqual("1 channel, " + trainer.Standardizer.SampleCount + " samples", fields["standardizer"]);
            Assert.AreEqual("mean " + DecimalText.Format(trainer.Standardizer.Mean[0]) + ", sd " + DecimalText.Format((float)Math.Sqrt(trainer.Standardizer.Variance(0))),
                fields["channel 0"]);
            CollectionAssert.AreEqual(ExpectedRow("W1", trainer.Network.W1), WeightRow(inspect, "W1"));
            CollectionAssert.AreEqual(ExpectedRow("b1", trainer.Network.B1), WeightRow(inspect, "b1"));
            CollectionAssert.AreEqual(ExpectedRow("W2", trainer.Network.W2), WeightRow(inspect, "W2"));
            CollectionAssert.AreEqual(ExpectedRow("b2", trainer.Network.B2), WeightRow(inspect, "b2"));
            Assert.AreEqual("", inspect.Error);
        }

        [TestMethod]
        public void A_saved_file_loads_into_a_fresh_trainer_with_identical_state()
        {
            string path = File("model.bin");
            TrainingRun run = TrainedRun(path);
            run.SaveModel();

            OnlineTrainer loaded = LoadedTrainer(path);

            AssertSameState(run.Trainer, loaded);
            var untrained = new OnlineTrainer(DefaultOptions().BuildTrainerSettings(1, -1), null);
            CollectionAssert.AreNotEqual(untrained.Network.W1, loaded.Network.W1, "the file holds trained weights, not the initial ones");
        }

        [TestMethod]
        public void Resume_starts_from_the_saved_state_and_reports_from_the_saved_step_on()
        {
            string saved = File("saved.bin");
            Succeeds(With(TrainedArguments, "--save", saved));
            ModelHeader header = HeaderOf(saved);
            Assert.IsGreaterThan(0, header.Step);

            // In process: before its first reading, the resumed run's trainer is exactly the file's.
            SessionSettings options = DefaultOptions();
            options.Momentum = 0.5f;
            options.Resume = saved;
            var resumed = new TrainingRun(options, null);
            AssertSameState(LoadedTrainer(saved), resumed.Trainer);
            StringAssert.Contains(resumed.ResumedLine, "# resumed " + saved + " at step " + header.Step + " (sequence 1): network 8-16-1, Tanh, window 8");

            // From the command line: 1000 readings, 992 steps, reports every 100 steps after the saved one.
            CliRun run = Succeeds("train", "--resume", saved, "--momentum", "0.5", "--readings", "1000");
            string[] lines = run.OutputLines;
            Assert.HasCount(9, lines, run.ToString());
            var report = new TrainingReport();
            for (int k = 0; k < lines.Length; k++)
            {
                Assert.IsTrue(ReportLine.TryParse(lines[k], report), lines[k]);
                Assert.AreEqual(header.Step + (k + 1) * 100, report.Step, "step of report " + k);
            }
            StringAssert.StartsWith(run.Error, "# resumed " + saved + " at step " + header.Step);
        }

        [TestMethod]
        public void Resume_then_save_without_training_keeps_the_weights_and_numbers_the_save_on()
        {
            string saved = File("saved.bin");
            Succeeds(With(TrainedArguments, "--save", saved));

            // One reading only feeds the standardizer: the window is not full, so no step changes a weight.
            Succeeds("train", "--resume", saved, "--momentum", "0.5", "--readings", "1", "--save", saved);

            OnlineTrainer before = TrainedRun(null).Trainer, after = LoadedTrainer(saved);
            Assert.AreEqual(before.Step, after.Step);
            CollectionAssert.AreEqual(before.Network.W1, after.Network.W1, "W1");
            CollectionAssert.AreEqual(before.Network.W2, after.Network.W2, "W2");
            CollectionAssert.AreEqual(before.Optimizer.State[0].W1, after.Optimizer.State[0].W1, "velocity W1");
            Assert.AreEqual(before.Standardizer.SampleCount + 1, after.Standardizer.SampleCount, "the one reading was standardized");
            Assert.AreEqual(2u, HeaderOf(saved).Sequence, "saving over the resumed file continues its sequence");
        }

        [TestMethod]
        public void Adam_saves_its_moments_inspect_shows_them_and_a_resume_with_SGD_says_they_are_not_used()
        {
            string saved = File("adam.bin");
            Succeeds("train", "--optimizer", "adam", "--learning-rate", "0.001", "--readings", "500", "--save", saved);

            ModelHeader header = HeaderOf(saved);
            Assert.IsTrue(header.HasAdamMoments, "Adam moments stored");
            Assert.IsFalse(header.HasVelocities, "no velocities");
            Dictionary<string, string> fields = Fields(Succeeds("inspect", saved));
            Assert.AreEqual("not stored", fields["velocities"]);
            StringAssert.StartsWith(fields["adam moments"], "stored (m, v; beta1^t ");

            CliRun adam = Succeeds("train", "--resume", saved, "--optimizer", "adam", "--readings", "200");
            StringAssert.EndsWith(adam.Error.Split('\n')[0].TrimEnd(), "window 8, predicts the change", "same kind: the moments are used, no note");
            CliRun sgd = Succeeds("train", "--resume", saved, "--momentum", "0.5", "--readings", "200");
            StringAssert.Contains(sgd.Error, "; its Adam moments are not used, momentum starts from 0");
        }

        [TestMethod]
        public void Resume_takes_the_shape_from_the_file()
        {
            string saved = File("wide.bin");
            Succeeds("train", "--readings", "500", "--hidden", "5", "--window", "3", "--activation", "relu", "--save", saved);

            CliRun run = Succeeds("train", "--resume", saved, "--readings", "200");

            StringAssert.Contains(run.Error, "network 3-5-1, Relu, window 3");
            ModelHeader header = HeaderOf(saved);
            var report = new TrainingReport();
            Assert.IsTrue(ReportLine.TryParse(run.OutputLines[0], report), run.ToString());
            Assert.AreEqual(header.Step + 100, report.Step);
        }

        [TestMethod]
        [DataRow("corrupted", "is not a valid model: Bad CRC")]
        [DataRow("truncated", "is not a valid model: Truncated: 100 bytes of")]
        [DataRow("missing", "cannot read the model file")]
        public void Resume_from_a_bad_file_fails_with_the_reason(string damage, string expected)
        {
            string path = File("model.bin");
            Succeeds(With(TrainedArguments, "--save", path));
            byte[] bytes = System.IO.File.ReadAllBytes(path);
            if (damage == "corrupted")
            {
                bytes[ModelFormat.HeaderBytes + 10] ^= 0x40;
                System.IO.File.WriteAllBytes(path, bytes);
            }
            else if (damage == "truncated") System.IO.File.WriteAllBytes(path, bytes[..100]);
            else System.IO.File.Delete(path);

            CliRun run = CliRun.Start("train", "--resume", path);

            Assert.AreEqual(BpnanoApp.RuntimeError, run.ExitCode, run.ToString());
            StringAssert.StartsWith(run.Error, "error: --resume: ");
            StringAssert.Contains(run.Error, expected);
            Assert.AreEqual("", run.Output, "no training");
            Assert.DoesNotContain(" at ", run.Error, "no stack trace for a user error");
        }

        [TestMethod]
        public void Resume_with_readings_that_do_not_fit_the_model_names_the_mismatch()
        {
            string model = File("model.bin"), csv = File("two.csv");
            Succeeds("train", "--readings", "300", "--save", model);
            var rows = new System.Text.StringBuilder("a,b\n");
            for (int k = 0; k < 50; k++) rows.Append(k % 7).Append(',').Append(k % 5).Append('\n');
            System.IO.File.WriteAllText(csv, rows.ToString());

            CliRun selfSupervised = CliRun.Start("train", "--resume", model, "--csv", csv);
            CliRun supervised = CliRun.Start("train", "--resume", model, "--csv", csv, "--target", "b");

            Assert.AreEqual(BpnanoApp.RuntimeError, selfSupervised.ExitCode, selfSupervised.ToString());
            StringAssert.Contains(selfSupervised.Error, "has 1 outputs; these readings (self-supervised on 2 channels) need 2");
            // Supervised on 2 channels: 1 output and 1 value per reading fit the model, but its standardizer has 1 channel.
            Assert.AreEqual(BpnanoApp.RuntimeError, supervised.ExitCode, supervised.ToString());
            StringAssert.Contains(supervised.Error, "standardizes 1 channels; these readings have 2");
        }

        [TestMethod]
        public void Checkpoint_every_saves_during_the_run()
        {
            string path = File("checkpoints.bin");

            CliRun run = Succeeds("train", "--readings", "2000", "--save", path, "--checkpoint-every", "500");

            // 1992 steps: checkpoints at 500, 1000 and 1500, then the final save.
            ModelHeader header = HeaderOf(path);
            Assert.AreEqual(1992, header.Step);
            Assert.AreEqual(4u, header.Sequence, "four saves numbered 1..4");
            StringAssert.Contains(run.Error, "# saved step 1992 to " + path + " (724 bytes, sequence 4; 3 checkpoints during the run)");
            Assert.IsEmpty(Directory.GetFiles(_directory, "*.tmp"), "no temporary file left behind");
        }

        [TestMethod]
        public void A_checkpoint_that_cannot_be_written_is_counted_in_save_errors_and_retried_at_the_next_interval()
        {
            string path = File("blocked.bin");
            SessionSettings options = DefaultOptions();
            options.Readings = 2000;
            options.Save = path;
            options.CheckpointEvery = 500;
            var reports = new List<string>();
            var comments = new List<string>();
            var run = new TrainingRun(options, new ActionReportSink(report =>
            {
                reports.Add(ReportLine.Format(report));
                // Between the failed checkpoints at 500 and 1000 and the one at 1500.
                if (report.Step == 1200) Directory.Delete(path);
            }, comments.Add));
            // A directory where the save renames its model to, made after the run's checks: every save fails until it is gone.
            // (The temporary file's name is new for each save, so it cannot be blocked instead.)
            Directory.CreateDirectory(path);

            Assert.IsTrue(run.Run(CancellationToken.None, null), "all readings taken");

            // Each report goes out before its step's checkpoint, so step 500's still says 0.
            StringAssert.Contains(reports.Find(line => line.StartsWith("step:500 ", StringComparison.Ordinal)), " save_errors:0 ");
            StringAssert.Contains(reports.Find(line => line.StartsWith("step:600 ", StringComparison.Ordinal)), " save_errors:1 ");
            StringAssert.Contains(reports.Find(line => line.StartsWith("step:1100 ", StringComparison.Ordinal)), " save_errors:2 ");
            StringAssert.Contains(reports[^1], " save_errors:2 ", "the retry at 1500 succeeded");
            Assert.AreEqual(2, comments.Count, string.Join(Environment.NewLine, comments));
            StringAssert.StartsWith(comments[0], "# checkpoint save failed at step 500 (");
            StringAssert.EndsWith(comments[0], "), next try at step 1000");
            StringAssert.StartsWith(comments[1], "# checkpoint save failed at step 1000 (");
            ModelHeader header = HeaderOf(path);
            Assert.AreEqual(1500L, header.Step, "the checkpoint at step 1500 was written");
            Assert.AreEqual(1u, header.Sequence, "the first save that succeeded");
        }

        [TestMethod]
        public void An_endless_run_checkpoints_while_running_and_saves_again_when_stopped()
        {
            string path = File("endless.bin");
            using var cancel = new CancellationTokenSource();
            Task<CliRun> train = Task.Factory.StartNew(() => CliRun.Start(cancel.Token, "train", "--readings", "0", "--save", path, "--checkpoint-every", "1000"),
                cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            var waited = Stopwatch.StartNew();
            while (!System.IO.File.Exists(path) && !train.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(10);
            bool checkpointedWhileRunning = System.IO.File.Exists(path) && !train.IsCompleted;
            cancel.Cancel();
            Assert.IsTrue(train.Wait(TimeSpan.FromSeconds(20)), "train stopped when cancelled");

            Assert.IsTrue(checkpointedWhileRunning, "the file appeared before the run ended\n" + train.Result);
            Assert.AreEqual(BpnanoApp.Interrupted, train.Result.ExitCode, train.Result.ToString());
            ModelHeader header = HeaderOf(path);
            Assert.IsGreaterThan(1, (int)header.Sequence, "checkpoints, then the final save");
            StringAssert.Contains(train.Result.Error, "# saved step " + header.Step + " to " + path);
        }

        [TestMethod]
        public void A_run_stopped_by_a_closed_pipe_still_saves()
        {
            string path = File("piped.bin");
            var error = new StringWriter();
            Task<int> train = Task.Run(() => BpnanoApp.Create(CliRun.Console(new ClosingPipe(), error)).Run(new[] { "train", "--readings", "0", "--save", path }));

            Assert.IsTrue(train.Wait(TimeSpan.FromSeconds(10)), "stopped after the reader went away");
            Assert.AreEqual(0, train.Result, error.ToString());
            // The fourth report (step 400) found the pipe closed; the run stopped right there.
            Assert.AreEqual(400, HeaderOf(path).Step);
            StringAssert.Contains(error.ToString(), "# saved step 400 to " + path);
        }

        [TestMethod]
        public void Save_refuses_to_replace_a_file_that_is_not_a_model()
        {
            string path = File("readings.csv");
            System.IO.File.WriteAllText(path, "a,b\n1,2\n");

            CliRun run = CliRun.Start("train", "--readings", "100", "--save", path);

            Assert.AreEqual(BpnanoApp.RuntimeError, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, "--save: " + path + " exists and is not a Backprop.Nano model");
            Assert.AreEqual("a,b\n1,2\n", System.IO.File.ReadAllText(path), "untouched");
            Assert.AreEqual("", run.Output, "refused before training");
        }

        [TestMethod]
        [DataRow("--checkpoint-every", "100", "--save")]
        [DataRow("--resume", " ", "--resume")]
        public void Invalid_model_file_options_fail_with_a_message_naming_them(string option, string value, string expectedInMessage)
        {
            CliRun run = CliRun.Start("train", option, value);

            Assert.AreEqual(BpnanoApp.UsageError, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, expectedInMessage);
        }

        [TestMethod]
        public void Checkpoint_every_must_be_positive()
        {
            CliRun run = CliRun.Start("train", "--save", File("m.bin"), "--checkpoint-every", "0");

            Assert.AreEqual(BpnanoApp.UsageError, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, "--checkpoint-every must be at least 1");
        }

        [TestMethod]
        public void A_model_file_is_replaced_whole()
        {
            string path = File("model.bin");
            byte[] large = ModelBytesOf(16), small = ModelBytesOf(2);
            var buffer = new byte[large.Length + 5];
            large.CopyTo(buffer, 0);

            Assert.AreEqual(16, ModelFile.Write(path, buffer, large.Length).HiddenCount, "the header read back");
            CollectionAssert.AreEqual(large, System.IO.File.ReadAllBytes(path), "the count given, not the whole buffer");

            ModelFile.Write(path, small, small.Length);
            CollectionAssert.AreEqual(small, System.IO.File.ReadAllBytes(path), "replaced, not overwritten in place");
            Assert.AreEqual(1u, ModelFile.CheckReplaceable(path, "--save", true, false), "what was written reads back: the next save numbers on from it");
            Assert.IsEmpty(Directory.GetFiles(_directory, "*.tmp"));
        }

        private static byte[] ModelBytesOf(int hidden)
        {
            var network = new TwoLayerNetwork(3, hidden, 1, Activation.Tanh, Activation.Identity);
            var bytes = new byte[ModelFormat.SizeFor(network, null, null)];
            ModelFormat.Save(bytes, 0, network, null, null, 7, 1);
            return bytes;
        }

        [TestMethod]
        public void A_failed_write_leaves_the_previous_model_intact()
        {
            string path = File("model.bin");
            System.IO.File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
            // Bytes that are not a model: the write is read back, fails validation and is never renamed onto the file.
            var exception = Assert.ThrowsExactly<CliException>(() => ModelFile.Write(path, new byte[] { 7, 7, 7, 7 }, 4));

            StringAssert.Contains(exception.Message, "cannot save the model to " + path);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, System.IO.File.ReadAllBytes(path));
        }

        [TestMethod]
        public void Inspect_of_a_truncated_file_shows_its_header_and_fails_with_the_reason()
        {
            string path = File("model.bin");
            Succeeds(With(TrainedArguments, "--save", path));
            int size = HeaderOf(path).Size;
            System.IO.File.WriteAllBytes(path, System.IO.File.ReadAllBytes(path)[..100]);

            CliRun inspect = CliRun.Start("inspect", path);

            Assert.AreEqual(BpnanoApp.RuntimeError, inspect.ExitCode, inspect.ToString());
            Dictionary<string, string> fields = Fields(inspect);
            Assert.AreEqual("100 bytes", fields["size"]);
            Assert.AreEqual("INVALID: Truncated: 100 bytes of " + size + ".", fields["status"]);
            Assert.AreEqual("0x4E4E5042 (BPNN)", fields["magic"]);
            Assert.AreEqual("8-16-1 (inputs-hidden-outputs, unchecked)", fields["shape"]);
            Assert.AreEqual("SquaredError (1/2 sum (y - d)^2) (unchecked)", fields["loss"]);
            Assert.AreEqual(size + " bytes, from this header", fields["expected size"]);
            Assert.IsFalse(fields.ContainsKey("weights"), "no statistics of data that failed the check");
            Assert.AreEqual("error: " + path + " is not a valid model: Truncated: 100 bytes of " + size + ".", inspect.Error.Trim());
        }

        [TestMethod]
        public void Inspect_shows_the_loss_function_of_a_classifier_and_an_unknown_code_of_a_broken_file()
        {
            string softmax = File("softmax.bin"), broken = File("broken.bin");
            var network = new TwoLayerNetwork(4, 6, 3, Activation.Relu, Activation.Softmax, LossFunction.CrossEntropy);
            var bytes = new byte[ModelFormat.SizeFor(network, null, null)];
            ModelFormat.Save(bytes, 0, network, null, null, 0, 1u);
            System.IO.File.WriteAllBytes(softmax, bytes);
            bytes[22] = 7;
            System.IO.File.WriteAllBytes(broken, bytes);

            Dictionary<string, string> fields = Fields(Succeeds("inspect", softmax));
            Assert.AreEqual("hidden Relu, output Softmax", fields["activations"]);
            Assert.AreEqual("CrossEntropy (softmax: -sum d log y; sigmoid: binary, per output)", fields["loss"]);
            CliRun inspect = CliRun.Start("inspect", broken);
            Assert.AreEqual(BpnanoApp.RuntimeError, inspect.ExitCode, inspect.ToString());
            Assert.AreEqual("unknown (7) (unchecked)", Fields(inspect)["loss"]);
        }

        [TestMethod]
        public void Inspect_of_a_corrupted_or_foreign_file_fails_with_the_reason()
        {
            string model = File("model.bin"), foreign = File("notes.txt"), tiny = File("tiny.bin");
            Succeeds(With(TrainedArguments, "--save", model));
            byte[] bytes = System.IO.File.ReadAllBytes(model);
            bytes[bytes.Length - 20] ^= 1;
            System.IO.File.WriteAllBytes(model, bytes);
            System.IO.File.WriteAllText(foreign, "this is not a model, just a text file that is long enough for a header");
            System.IO.File.WriteAllBytes(tiny, new byte[] { 0x42, 0x50 });

            CliRun corrupted = CliRun.Start("inspect", model), other = CliRun.Start("inspect", foreign), small = CliRun.Start("inspect", tiny);
            CliRun missing = CliRun.Start("inspect", File("missing.bin"));

            Assert.AreEqual(BpnanoApp.RuntimeError, corrupted.ExitCode, corrupted.ToString());
            Assert.AreEqual("INVALID: Bad CRC: the data is corrupted.", Fields(corrupted)["status"]);
            Assert.AreEqual("2, flags 0xB velocities standardizer detector (unchecked)", Fields(corrupted)["version"]);
            StringAssert.Contains(corrupted.Error, "Bad CRC");
            Assert.AreEqual(BpnanoApp.RuntimeError, other.ExitCode, other.ToString());
            Assert.AreEqual("INVALID: Wrong magic: not a Backprop.Nano model.", Fields(other)["status"]);
            StringAssert.Contains(Fields(other)["magic"], "not 0x4E4E5042");
            Assert.AreEqual(BpnanoApp.RuntimeError, small.ExitCode, small.ToString());
            Assert.AreEqual("INVALID: Truncated: 2 bytes, less than a header.", Fields(small)["status"]);
            Assert.IsFalse(Fields(small).ContainsKey("magic"), "two bytes hold no magic");
            Assert.AreEqual(BpnanoApp.RuntimeError, missing.ExitCode, missing.ToString());
            StringAssert.StartsWith(missing.Error, "error: cannot read the model file " + File("missing.bin"));
        }

        [TestMethod]
        public void Inspect_on_a_terminal_draws_the_same_facts_as_tables()
        {
            string path = File("model.bin");
            Succeeds(With(TrainedArguments, "--save", path));
            var screen = new TestConsole().Width(120);
            var output = new StringWriter();

            int exitCode = BpnanoApp.Create(new CliConsole(output, new StringWriter(), true, screen, false)).Run(new[] { "inspect", path });

            Assert.AreEqual(0, exitCode, screen.Output);
            Assert.AreEqual("", output.ToString(), "tables, not plain lines");
            OnlineTrainer trainer = TrainedRun(null).Trainer;
            StringAssert.Contains(screen.Output, "8-16-1 (inputs-hidden-outputs)");
            StringAssert.Contains(screen.Output, "weights");
            StringAssert.Contains(screen.Output, DecimalText.Format(trainer.Network.B2[0]));
        }
    }
}
