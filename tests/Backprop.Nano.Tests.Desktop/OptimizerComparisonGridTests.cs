using System;
using System.Globalization;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Desktop only (nine runs of up to 10,000 readings): the README's table of readings to the loss target for plain SGD,
    /// SGD with momentum 0.9 and Adam at three learning rates on the default synthetic sensor.
    /// </summary>
    [TestClass]
    public class OptimizerComparisonGridTests
    {
        [TestMethod]
        public void Readings_to_the_loss_target_per_optimizer_and_rate_are_printed_and_Adam_reaches_it_at_every_rate()
        {
            float[] rates = { 0.001f, 0.003f, 0.01f };
            Console.WriteLine("| learning rate | SGD | SGD, momentum 0.9 | Adam (0.9, 0.999, 1e-8) |");
            Console.WriteLine("|--:|--:|--:|--:|");
            foreach (float rate in rates)
            {
                long plain = Readings(new OnlineTrainerSettings { LearningRate = rate });
                long momentum = Readings(new OnlineTrainerSettings { LearningRate = rate, Momentum = 0.9f });
                long adam = Readings(new OnlineTrainerSettings { LearningRate = rate, Optimizer = OptimizerKind.Adam });
                Console.WriteLine($"| {rate.ToString(CultureInfo.InvariantCulture)} | {Text(plain)} | {Text(momentum)} | {Text(adam)} |");
                Assert.IsGreaterThan(0L, adam, "Adam at rate " + rate);
            }
        }

        private static long Readings(OnlineTrainerSettings settings) => OptimizerComparisonTests.ReadingsToTarget(settings,
            SyntheticSensor.CreateDefault(), OptimizerComparisonTests.SyntheticTarget, OptimizerComparisonTests.MaximumReadings);

        private static string Text(long readings) => readings < 0 ? "not within " + OptimizerComparisonTests.MaximumReadings : readings.ToString(CultureInfo.InvariantCulture);
    }
}
