#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#endif

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Adam against SGD with momentum on the same task: live readings trained until the trainer's moving
    /// average of the loss first falls below a target, side by side. A task is a sensor and trainer settings,
    /// so a classification task can be measured with the same <see cref="ReadingsToTarget"/> later.
    /// </summary>
    [TestClass]
    public class OptimizerComparisonTests
    {
        /// <summary>About twice the floor the default trainer settles at on the default synthetic sensor (0.0009 to 0.0012).</summary>
        public const float SyntheticTarget = 0.002f;

        /// <summary>Live readings a comparison runs at most.</summary>
        public const int MaximumReadings = 10000;

        /// <summary>Readings before the average counts: it starts at the first loss and needs some to mean anything.</summary>
        public const int AverageWarmup = 100;

        [TestMethod]
        public void Adam_reaches_the_loss_target_of_the_synthetic_sensor_as_SGD_with_momentum_does_at_the_same_rate()
        {
            // The paper's alpha for Adam; the same eta for SGD with momentum 0.9 (0.01 diverged there, see OnlineTrainerSettings.Momentum).
            var momentum = new OnlineTrainerSettings { Momentum = 0.9f, LearningRate = 0.001f };
            var adam = new OnlineTrainerSettings { Optimizer = OptimizerKind.Adam, LearningRate = AdamOptimizer.DefaultLearningRate };
            long sgdReadings = ReadingsToTarget(momentum, SyntheticSensor.CreateDefault(), SyntheticTarget, MaximumReadings);
            long adamReadings = ReadingsToTarget(adam, SyntheticSensor.CreateDefault(), SyntheticTarget, MaximumReadings);
            System.Console.WriteLine("readings to an average loss below " + SyntheticTarget + " on the default synthetic sensor, rate 0.001: SGD momentum 0.9 "
                + sgdReadings + ", Adam " + adamReadings + " (-1: not within " + MaximumReadings + ")");
            Assert.IsTrue(adamReadings > 0, "Adam reaches the target");
            Assert.IsTrue(sgdReadings > 0, "SGD with momentum reaches it too");
        }

        /// <summary>
        /// The trainer's Step when its moving average of the live loss (OnlineTrainer.AverageLoss) is first below
        /// <paramref name="target"/>, after <see cref="AverageWarmup"/> readings; -1 when not within <paramref name="maximumSteps"/>.
        /// </summary>
        public static long ReadingsToTarget(OnlineTrainerSettings settings, ISensor sensor, float target, int maximumSteps)
        {
            var trainer = new OnlineTrainer(settings, null);
            var session = new TrainingSession(sensor, trainer);
            while (trainer.Step < maximumSteps)
            {
                if (!session.ReadOnce()) continue;
                if (trainer.Step >= AverageWarmup && trainer.AverageLoss < target) return trainer.Step;
            }
            return -1;
        }
    }
}
