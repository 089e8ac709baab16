using System;

namespace Backprop.Nano.Tests
{
    /// <summary>
    /// Desktop only: a dense sweep against System.Math in double, printing the measured
    /// maximum relative errors that the README quotes and checking the documented bounds.
    /// </summary>
    [TestClass]
    public class FloatMathAccuracyTests
    {
        private const int Points = 4_000_000;

        [TestMethod]
        public void Dense_sweep_stays_within_the_documented_bounds()
        {
            double exp = MaxRelativeError(-87.3f, 88.7f, x => Math.Exp(x), x => FloatMath.Exp(x));
            double sigmoid = MaxRelativeError(-87f, 40f, x => 1 / (1 + Math.Exp(-x)), x => FloatMath.Sigmoid(x));
            double tanh = Math.Max(
                MaxRelativeError(-20f, 20f, Math.Tanh, x => FloatMath.Tanh(x)),
                MaxRelativeError(-1e-3f, 1e-3f, Math.Tanh, x => FloatMath.Tanh(x)));
            Console.WriteLine($"max relative error: exp {exp:E2}, sigmoid {sigmoid:E2}, tanh {tanh:E2}");

            Assert.IsTrue(exp <= FloatMathTests.ExpMaxRelativeError, $"exp {exp:E3}");
            Assert.IsTrue(sigmoid <= FloatMathTests.SigmoidMaxRelativeError, $"sigmoid {sigmoid:E3}");
            Assert.IsTrue(tanh <= FloatMathTests.TanhMaxRelativeError, $"tanh {tanh:E3}");
        }

        private static double MaxRelativeError(float low, float high, Func<double, double> reference, Func<float, float> actual)
        {
            double worst = 0;
            for (int k = 0; k <= Points; k++)
            {
                float x = low + (high - low) * k / Points;
                double expected = reference(x);
                double error = Math.Abs(actual(x) - expected) / Math.Abs(expected);
                if (expected != 0 && error > worst) worst = error;
            }
            return worst;
        }
    }
}
