using System;
using System.Linq;
using System.Threading;
using Backprop.Nano.Cli;

namespace Backprop.Nano.Tests.Fleet
{
    /// <summary>
    /// The fleet's point, measured (issue 14's evidence, quoted in the README): 8 simulated boards learn through the broker and
    /// the aggregator; then a board joining late that starts from the global model reaches the target loss in fewer steps than
    /// the same board starting from scratch, on the same readings.
    /// </summary>
    [TestClass]
    public class LateJoinerEvidenceTests
    {
        /// <summary>The target: the mean loss (standardized units) of the last <see cref="Window"/> training steps.</summary>
        public const float TargetLoss = 0.01f;
        public const int Window = 50;
        private const int MaximumSteps = 50000;

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void A_late_board_starting_from_the_global_model_reaches_the_target_loss_in_fewer_steps_than_from_scratch()
        {
            using TestBroker broker = TestBroker.Start();
            using BackgroundRun serve = BackgroundRun.Start(new[] { "fleet", "serve" }.Concat(broker.Options("late"))
                .Concat(new[] { "--round-models", "8", "--round-seconds", "2" }).ToArray());
            BackgroundRun.WaitUntil(() => serve.Error.Contains("fleet serve: fleet"), 10, () => serve.ToString());
            SimulatedBoard[] boards = Enumerable.Range(1, 8).Select(k => FleetBrokerTests.Board(broker, "late", k, 8)).ToArray();
            try
            {
                foreach (SimulatedBoard board in boards) board.Connect();
                FleetBrokerTests.Train(boards, 3000);
                foreach (SimulatedBoard board in boards) board.PublishModel();
                int round = 0;
                BackgroundRun.WaitUntil(() => (round = serve.Output.Split('\n').Count(line => line.StartsWith("round:"))) >= 10, 20, () => "rounds of the 8 boards: " + serve);
            }
            finally
            {
                foreach (SimulatedBoard board in boards) board.Dispose();
            }
            byte[] global = FleetBrokerTests.RetainedGlobal(broker, "late");
            Assert.IsNotNull(global, "the retained global model");
            serve.Stop();

            // The late board: a seed and a sensor phase none of the 8 had; the same readings for both starts.
            var settings = new OnlineTrainerSettings { Seed = 900, HiddenCount = 16, WindowLength = 8 };
            var fromGlobal = new OnlineTrainer(settings, null);
            var member = new FleetMember(fromGlobal, false);
            Assert.IsTrue(member.TakeGlobal(global, 0, global.Length, 1f), "the late board takes the global model: " + member.Receiver.LastError);
            var fromScratch = new OnlineTrainer(settings, null);
            long withGlobal = StepsToTarget(fromGlobal), withoutGlobal = StepsToTarget(fromScratch);

            string figure = "late joiner, target: mean loss of " + Window + " steps <= " + TargetLoss + ": " + withGlobal + " steps from the global model (round "
                + ModelPayload.RoundOf(ModelFormat.Validate(global, 0, global.Length)) + "), " + withoutGlobal + " steps from scratch";
            TestContext.WriteLine(figure);
            Console.WriteLine(figure);
            Assert.IsTrue(withGlobal < withoutGlobal, figure);
        }

        // Training steps until the mean loss of the last Window steps is at or below the target, on the late board's own readings;
        // measured from step Window on, so that one lucky step is not enough.
        private static long StepsToTarget(OnlineTrainer trainer)
        {
            var sensor = new SyntheticSensor(1, 900, 20f);
            var reading = new float[1];
            for (int k = 0; k < 77; k++) sensor.Read(reading);
            var recent = new double[Window];
            double sum = 0;
            while (trainer.Step < MaximumSteps)
            {
                sensor.Read(reading);
                if (!trainer.AddReading(reading)) continue;
                int slot = (int)(trainer.Step % Window);
                sum += trainer.LastLoss - recent[slot];
                recent[slot] = trainer.LastLoss;
                if (trainer.Step >= Window && sum / Window <= TargetLoss) return trainer.Step;
            }
            Assert.Fail("the target loss " + TargetLoss + " was not reached in " + MaximumSteps + " steps");
            return -1;
        }
    }
}
