using System;

namespace Backprop.Nano.Tests
{
    /// <summary>Desktop only: nothing called per sample allocates.</summary>
    [TestClass]
    public class AllocationTests
    {
        private const int Steps = 10_000;

        [TestMethod]
        public void TrainStep_Forward_Backward_and_clearing_gradients_allocate_nothing()
        {
            var network = new TwoLayerNetwork(8, 32, 4, Activation.Relu, Activation.Identity);
            var gradients = new ParameterBuffers(8, 32, 4);
            float[] x = { 0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f };
            float[] d = { 1f, 0f, -1f, 0.5f };
            RunAll(network, gradients, x, d, 100);

            long before = GC.GetAllocatedBytesForCurrentThread();
            RunAll(network, gradients, x, d, Steps);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated over " + Steps + " steps");
        }

        [TestMethod]
        public void Optimizer_steps_allocate_nothing_with_momentum_and_mini_batches()
        {
            var network = new TwoLayerNetwork(8, 32, 4, Activation.Sigmoid, Activation.Tanh);
            AssertStepsAllocateNothing(new SgdOptimizer(network, 0.01f, 0.9f, 8), "SGD, momentum 0.9, batch 8");
        }

        [TestMethod]
        public void Adam_steps_allocate_nothing_with_batches_of_one_and_of_eight()
        {
            foreach (int batchSize in new[] { 1, 8 })
            {
                var network = new TwoLayerNetwork(8, 32, 4, Activation.Tanh, Activation.Identity);
                AssertStepsAllocateNothing(new AdamOptimizer(network, 0.001f, 0.9f, 0.999f, 1e-8f, batchSize), "Adam, batch " + batchSize);
            }
        }

        private static void AssertStepsAllocateNothing(IOptimizer optimizer, string what)
        {
            float[] x = { 0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f };
            float[] d = { 0.5f, 0f, -0.5f, 0.25f };
            for (int step = 0; step < 100; step++) optimizer.Step(x, d);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < Steps; step++) optimizer.Step(x, d);
            optimizer.Flush();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated over " + Steps + " optimizer steps, " + what);
            Assert.IsTrue(optimizer.UpdateCount >= Steps / optimizer.BatchSize, "updates were applied, " + what);
        }

        [TestMethod]
        public void Online_trainer_readings_allocate_nothing_with_Adam()
        {
            AssertReadingsAllocateNothing(new OnlineTrainerSettings { ChannelCount = 2, Optimizer = OptimizerKind.Adam, LearningRate = 0.001f, ReportInterval = 50, ScoreWarmup = 100 });
        }

        [TestMethod]
        public void Online_trainer_readings_allocate_nothing_with_replay_standardizer_scores_and_reports()
        {
            // A short score warm-up, so that the scored readings are among those measured.
            AssertReadingsAllocateNothing(new OnlineTrainerSettings { ChannelCount = 2, BatchSize = 4, Momentum = 0.5f, ReportInterval = 50, ScoreWarmup = 100 });
        }

        [TestMethod]
        public void Detector_mode_readings_allocate_nothing()
        {
            AssertReadingsAllocateNothing(new OnlineTrainerSettings { ChannelCount = 2, ReportInterval = 50, ScoreWarmup = 100, FreezeLearning = true });
        }

        [TestMethod]
        public void Classifier_readings_allocate_nothing_with_labels_good_and_bad()
        {
            var sink = new KeepingSink();
            var settings = new OnlineTrainerSettings { ChannelCount = 2, LabelChannel = 1, ClassCount = 3, BatchSize = 4, Momentum = 0.5f, ReportInterval = 50 };
            var trainer = new OnlineTrainer(settings, sink);
            var sensor = SyntheticClassSensor.CreateDefault();
            var reading = new float[2];
            for (int k = 0; k < 200; k++)
            {
                sensor.Read(reading);
                trainer.AddReading(reading);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < Steps; k++)
            {
                sensor.Read(reading);
                // Every 100th label is no class: the skip must not allocate either.
                if (k % 100 == 0) reading[1] = 2.5f;
                trainer.AddReading(reading);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated over " + Steps + " readings");
            Assert.IsTrue(sink.Reports >= Steps / 60, "reports were made: " + sink.Reports);
            Assert.AreEqual(Steps / 100, trainer.BadLabels, "bad labels were skipped");
        }

        [TestMethod]
        public void Gesture_classifier_readings_allocate_nothing_with_downsampled_event_windows_and_class_replay()
        {
            var sink = new KeepingSink();
            OnlineTrainerSettings settings = DeviceBenchmark.GestureSettings();
            settings.ReportInterval = 2;
            var trainer = new OnlineTrainer(settings, sink);
            var session = new TrainingSession(DeviceBenchmark.GestureSensor(), trainer);
            session.Run(3000, 0);

            long before = GC.GetAllocatedBytesForCurrentThread();
            session.Run(20000, 0);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated over 20000 readings");
            Assert.IsTrue(sink.Reports >= 10, "reports were made: " + sink.Reports);
            for (int c = 0; c < SyntheticClassSensor.ClassCount; c++) Assert.IsTrue(trainer.ClassReplay.HeldOf(c) > 0, "class " + c + " was kept for replay");
            Assert.IsTrue(trainer.Step >= 40, "gestures were learned: " + trainer.Step);
        }

        private static void AssertReadingsAllocateNothing(OnlineTrainerSettings settings)
        {
            var sink = new KeepingSink();
            var trainer = new OnlineTrainer(settings, sink);
            var session = new TrainingSession(new SyntheticSensor(2, 3, 20f), trainer);
            if (settings.FreezeLearning) LoadTrainedModel(trainer);
            session.Run(200, 0);

            long before = GC.GetAllocatedBytesForCurrentThread();
            session.Run(Steps, 0);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated over " + Steps + " readings");
            Assert.IsTrue(sink.Reports >= Steps / 50, "reports were made: " + sink.Reports);
            Assert.IsTrue(trainer.Score != 0f, "readings were scored");
        }

        // A detector needs a model to judge with: one trained on the same sensor, through a checkpoint as on a board.
        private static void LoadTrainedModel(OnlineTrainer detector)
        {
            OnlineTrainerSettings settings = new OnlineTrainerSettings { ChannelCount = 2 };
            var trainer = new OnlineTrainer(settings, null);
            new TrainingSession(new SyntheticSensor(2, 3, 20f), trainer).Run(2000, 0);
            var store = new CheckpointStore(new Backprop.Nano.Tests.MemoryCheckpointStorage(), trainer.CheckpointSize);
            trainer.SaveCheckpoint(store);
            Assert.AreNotEqual(0, detector.ResumeFrom(store).Size, "model loaded");
        }

        // Counts reports without formatting them: formatting a line may allocate, training may not.
        private sealed class KeepingSink : IReportSink
        {
            public int Reports;

            public void Report(TrainingReport report) => Reports++;

            public void Comment(string line) => throw new AssertFailedException("no comment expected: " + line);
        }

        private static void RunAll(TwoLayerNetwork network, ParameterBuffers gradients, float[] x, float[] d, int steps)
        {
            for (int step = 0; step < steps; step++)
            {
                network.TrainStep(x, d, 0.01f);
                gradients.Clear();
                network.Forward(x);
                network.Backward(x, d, gradients);
            }
        }
    }
}
