using System;
using System.Globalization;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Desktop only (nine runs of up to 10,000 readings per task): the README's tables of readings to the loss target for
    /// plain SGD, SGD with momentum 0.9 and Adam at three learning rates, on the default synthetic sensor (regression) and on
    /// the three-class signal (softmax and cross-entropy).
    /// </summary>
    [TestClass]
    public class OptimizerComparisonGridTests
    {
        /// <summary>Cross-entropy target of the three-class task: a tenth of a guess's ln 3 = 1.1 (the average jumps at each class change).</summary>
        public const float ClassesTarget = 0.1f;

        [TestMethod]
        public void Readings_to_the_loss_target_per_optimizer_and_rate_are_printed_and_Adam_reaches_it_at_every_rate()
        {
            PrintGrid("default synthetic sensor, average squared error below " + OptimizerComparisonTests.SyntheticTarget,
                () => new OnlineTrainerSettings(), SyntheticSensor.CreateDefault, OptimizerComparisonTests.SyntheticTarget);
        }

        [TestMethod]
        public void The_same_comparison_on_the_three_class_signal()
        {
            PrintGrid("three-class signal, average cross-entropy below " + ClassesTarget,
                () => new OnlineTrainerSettings { ChannelCount = 2, LabelChannel = 1, ClassCount = 3 }, SyntheticClassSensor.CreateDefault, ClassesTarget);
        }

        private static void PrintGrid(string task, Func<OnlineTrainerSettings> settingsOfTask, Func<ISensor> sensorOfTask, float target)
        {
            float[] rates = { 0.001f, 0.003f, 0.01f };
            Console.WriteLine(task);
            Console.WriteLine("| learning rate | SGD | SGD, momentum 0.9 | Adam (0.9, 0.999, 1e-8) |");
            Console.WriteLine("|--:|--:|--:|--:|");
            foreach (float rate in rates)
            {
                OnlineTrainerSettings plain = settingsOfTask(), momentum = settingsOfTask(), adam = settingsOfTask();
                plain.LearningRate = momentum.LearningRate = adam.LearningRate = rate;
                momentum.Momentum = 0.9f;
                adam.Optimizer = OptimizerKind.Adam;
                long adamReadings = Readings(adam, sensorOfTask(), target);
                Console.WriteLine($"| {rate.ToString(CultureInfo.InvariantCulture)} | {Text(Readings(plain, sensorOfTask(), target))} | "
                    + $"{Text(Readings(momentum, sensorOfTask(), target))} | {Text(adamReadings)} |");
                Assert.IsGreaterThan(0L, adamReadings, "Adam at rate " + rate);
            }
        }

        private static long Readings(OnlineTrainerSettings settings, ISensor sensor, float target) =>
            OptimizerComparisonTests.ReadingsToTarget(settings, sensor, target, OptimizerComparisonTests.MaximumReadings);

        private static string Text(long readings) => readings < 0 ? "not within " + OptimizerComparisonTests.MaximumReadings : readings.ToString(CultureInfo.InvariantCulture);
    }
}
